// A short run of one condition, printing the raw figures (development aid: `node --import tsx bench/lipsync/probe.ts [n] [jitter] [fieldtrials]`;
// LIPSYNC_BROWSER=firefox: the subscriber in Firefox ESR).
import { writeFileSync } from 'node:fs';
import { LipsyncBed } from './harness.js';
import { audioPath, elementPath, lanes, match } from './analyze.js';
import { POLICIES } from './policies.js';

const n = Number(process.argv[2] ?? 20);
const jitter = Number(process.argv[3] ?? 0);
const trials = process.argv[4] ?? '';
const bed = await LipsyncBed.start({ subscriber: process.env.LIPSYNC_BROWSER === 'firefox' ? 'firefox' : 'chromium' });
try {
  const shifts = Array.from({ length: n }, (_, i) => (i % 5 === 3 ? 120 : i % 5 === 4 ? -100 : 0));
  const r = await bed.run('probe', trials, jitter, POLICIES, shifts, console.log, process.env.SYNC_STREAMS === '1');
  writeFileSync('/tmp/lipsync-probe.json', JSON.stringify(r));
  console.log('ssrc', JSON.stringify((r as unknown as { ssrc?: unknown }).ssrc));
  console.log('streams', r.collected.streams);
  console.log('audio path', JSON.stringify(audioPath(r)));
  console.log('matched', match(r).slice(0, 6));
  for (const l of lanes(r)) console.log(JSON.stringify(l));
  console.log('stats tail', r.collected.stats.at(-1));
  console.log('element path', JSON.stringify(elementPath(r)));
  if (r.capabilities) console.log('capabilities', JSON.stringify(r.capabilities, null, 1));
  console.log('inbound', JSON.stringify(r.probe?.filter((s) => s.type === 'inbound-rtp' || s.type === 'media-playout'), null, 1));
} finally {
  await bed.stop();
}
