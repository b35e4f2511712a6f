// The processes a run started, found by a marker in their environment: every child inherits its parent's
// environment, so the marker finds them whoever their parent is by now (/proc/PID/environ: Linux, as on the
// machines this runs on).
import { readdirSync, readFileSync } from 'node:fs';

/** Pids and command lines of live processes whose environment holds `marker` (zombies have an empty environ). */
export function processesWith(marker) {
  const found = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const env = readFileSync(`/proc/${pid}/environ`, 'latin1');
      if (env.includes(marker)) found.push({ pid: Number(pid), cmd: readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').slice(0, 120) });
    } catch {
      /* gone, or not ours */
    }
  }
  return found;
}
