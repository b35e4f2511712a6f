// `npm run bench -- network`: the avatar speaking through an impaired network (issue 13). The lip-sync bed
// (bench/lipsync/: a real livekit-server, a publisher browser, a subscriber browser running the element's
// playback engine once per policy on the same frames) with the subscriber reaching the server through the
// UDP relay of test/support/udp-relay.mjs, one profile at a time on the server -> viewer direction. Per
// profile: what the viewer's getStats says (the impairment takes effect), then per policy the motion's skips,
// freezes (starved) and added delay, and the voice's own concealment. Figures: docs/reliability.md.
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startUdpRelay } from '../test/support/udp-relay.mjs';
import type { Impairment } from '../test/support/udp-relay.mjs';
import { LipsyncBed } from './lipsync/harness.js';
import type { ConditionResult } from './lipsync/harness.js';
import { POLICIES } from './lipsync/policies.js';
import type { SessionStats } from '../src/playback/stats.js';
import { fmt } from './measure.js';

const EVENTS = Number(process.env.NETWORK_EVENTS ?? 40);
export const PROFILES: { name: string; down: Impairment }[] = [
  { name: 'clean relay', down: {} },
  { name: 'loss 2 %', down: { lossRate: 0.02 } },
  { name: 'loss 5 %', down: { lossRate: 0.05 } },
  { name: 'jitter 30 ms', down: { jitterMs: 30 } },
  { name: 'jitter 100 ms', down: { jitterMs: 100 } },
  { name: 'reordering 1 %', down: { reorderRate: 0.01 } },
];
/** The anchor's fixed 80 ms buffer, the adaptive buffer, and the synced clock (what the element does). */
const LANES = ['fixed 80 ms buffer (anchor)', 'adaptive buffer', 'synced clock'];

interface Row { profile: string; relay: { media: number; dropped: number; reordered: number; meanDelayMs: number }; r: ConditionResult }

const pct = (a: number, b: number) => (b > 0 ? `${fmt((100 * a) / b, 1)} %` : '–');

function voice(r: ConditionResult) {
  const rows = r.collected.stats;
  const a = rows[0]!, b = rows.at(-1)!;
  const lost = b.packetsLost - a.packetsLost, got = b.packetsReceived - a.packetsReceived;
  const jitter = rows.reduce((s, x) => s + x.jitter, 0) / rows.length;
  const netEq = (1000 * (b.jbDelay - a.jbDelay)) / Math.max(1, b.jbEmitted - a.jbEmitted);
  return { loss: pct(lost, lost + got), jitter: fmt(jitter, 1), netEq: fmt(netEq, 0), concealed: pct(b.concealed - a.concealed, b.samplesReceived - a.samplesReceived) };
}

function video(r: ConditionResult) {
  const v = r.probe?.find((s) => s.type === 'inbound-rtp' && s.kind === 'video') as Record<string, number> | undefined;
  if (!v) return { loss: '–', jitter: '–', nacks: '–' };
  return { loss: pct(v.packetsLost ?? 0, (v.packetsReceived ?? 0) + (v.packetsLost ?? 0)), jitter: fmt(1000 * (v.jitter ?? 0), 1), nacks: String(v.nackCount ?? 0) };
}

export async function networkBench(): Promise<string> {
  const log = (s: string) => process.stdout.write(`\n  ${s}`);
  const policies = POLICIES.filter((p) => LANES.includes(p.name));
  const bed = await LipsyncBed.start({ loopback: true });
  const rows: Row[] = [];
  try {
    for (const [i, p] of PROFILES.entries()) {
      const relay = await startUdpRelay({ target: bed.udpPort, down: p.down, seed: i + 1 });
      try {
        // The publisher's events (a burst and a spike every 12 to 17 frames) are only the speech here.
        const r = await bed.run(`network ${p.name}`, '', 0, policies, Array(EVENTS).fill(0) as number[], log, false, { port: relay.port });
        const down = relay.stats().down;
        rows.push({ profile: p.name, relay: down, r });
        writeFileSync(join(tmpdir(), `network-${i}.json`), JSON.stringify({ profile: p, relay: relay.stats(), r })); // raw
      } finally {
        await relay.close();
      }
    }
  } finally {
    await bed.stop();
  }
  const lines = [
    `The subscriber reaches livekit-server through the UDP relay (\`test/support/udp-relay.mjs\`), the server -> viewer direction impaired, seeded; ${EVENTS} speech events per profile after 8 s of warm-up (about ${Math.round(8 + EVENTS * 0.58)} s of 25 fps motion and voice). Method: docs/reliability.md.`,
    '',
    'What the viewer\'s getStats says (inbound-rtp, whole run): the impairment takes effect.',
    '',
    '| profile | relay: media packets, dropped, held back | voice loss | voice jitter (ms, mean) | NetEq delay (ms) | voice concealed | video loss (after NACK) | video jitter (ms) | NACKs |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows.map(({ profile, relay, r }) => {
      const v = voice(r), m = video(r);
      return `| ${profile} | ${relay.media}, ${relay.dropped}, ${relay.reordered} | ${v.loss} | ${v.jitter} | ${v.netEq} | ${v.concealed} | ${m.loss} | ${m.jitter} | ${m.nacks} |`;
    }),
    '',
    'Motion per policy, on the same frames (the playback engine once per policy in the subscriber\'s worker): frames rendered, skipped (passed over: lost, or later than the buffer waited), freezes (the buffer ran empty mid-conversation) and the mean added delay (arrival to render).',
    '',
    `| profile | ${LANES.map((l) => `${l}: rendered / skipped / freezes / added delay (ms)`).join(' | ')} |`,
    `|---|${LANES.map(() => '---').join('|')}|`,
    ...rows.map(({ profile, r }) => {
      const cells = LANES.map((name) => {
        const s = r.collected.worker.lanes.find((l) => l.name === name)?.stats as SessionStats | undefined;
        return s ? `${s.rendered} / ${s.skipped} / ${s.starved} / ${fmt(s.meanAddedDelayMs, 0)}` : '–';
      });
      return `| ${profile} | ${cells.join(' | ')} |`;
    }),
  ];
  return lines.join('\n');
}
