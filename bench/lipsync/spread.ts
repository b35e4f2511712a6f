// Development aid: the synced lanes across saved runs (`node --import tsx bench/lipsync/spread.ts /tmp/run4-0.json …`).
import { readFileSync } from 'node:fs';
import { audioPath, elementPath, lanes } from './analyze.js';
import type { ConditionResult } from './harness.js';

for (const file of process.argv.slice(2)) {
  const r = JSON.parse(readFileSync(file, 'utf8')) as ConditionResult;
  const p = audioPath(r);
  const e = elementPath(r);
  console.log(`${file}  ${r.name}  load ${r.load?.toFixed(1) ?? '?'}  NetEq ${p.jbMs.median.toFixed(0)}  left NetEq → tap ${e.neteqToTap.median.toFixed(1)}  tap − via <audio> ${e.tapMinusElement.median.toFixed(1)}`);
  for (const l of lanes(r)) {
    const h = l.heard, t = l.tap;
    console.log(`  ${l.name.padEnd(34)} tap ${t.median.toFixed(0).padStart(5)} | heard ${h.median.toFixed(0).padStart(5)} p5 ${h.p5.toFixed(0).padStart(5)} p95 ${h.p95.toFixed(0).padStart(5)} max ${h.max.toFixed(0).padStart(5)} | ctl ${l.controls['120']!.toFixed(0)}/${l.controls['-100']!.toFixed(0)} | <audio> ${l.element.median.toFixed(0)} p5 ${l.element.p5.toFixed(0)} p95 ${l.element.p95.toFixed(0)} max ${l.element.max.toFixed(0)} ctl ${l.elementControls['120']!.toFixed(0)}/${l.elementControls['-100']!.toFixed(0)} | delay ${l.extraDelay.median.toFixed(0)}`);
  }
}
