// From what the publisher sent and the subscriber saw to face-minus-audio per event and policy.
import type { ConditionResult } from './harness.js';

export interface Summary { n: number; median: number; p5: number; p95: number; min: number; max: number }
export interface LaneFigures { name: string; tap: Summary; heard: Summary; controls: Record<string, number>; extraDelay: Summary; missing: number }

export function summarize(values: number[]): Summary {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => (v.length ? v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]! : NaN);
  return { n: v.length, median: q(0.5), p5: q(0.05), p95: q(0.95), min: v[0] ?? NaN, max: v.at(-1) ?? NaN };
}

export interface Matched { id: number; shift: number; seq: number; senderOffset: number; onsetTap: number; onsetHeard: number; arrival: number }

/** Each sent event with its receiver onset (the first onset within 1.5 s after the sender's burst). */
export function match(r: ConditionResult): Matched[] {
  const arrivals = new Map(r.collected.worker.arrivals);
  const onsets = [...r.collected.onsets].sort((a, b) => a.tap - b.tap);
  return r.sent.map((e) => {
    const o = onsets.find((x) => x.tap > e.audioTap && x.tap < e.audioTap + 1500);
    return {
      id: e.id, shift: e.shift, seq: e.seq,
      senderOffset: e.spikeAt - e.audioTap - e.shift,
      onsetTap: o?.tap ?? NaN, onsetHeard: o?.heard ?? NaN, arrival: arrivals.get(e.seq) ?? NaN,
    };
  });
}

export function lanes(r: ConditionResult): LaneFigures[] {
  const events = match(r);
  return r.collected.worker.lanes.map((lane) => {
    const shown = new Map(lane.shown);
    const face = (e: Matched) => shown.get(e.seq) ?? NaN;
    const normal = events.filter((e) => e.shift === 0);
    const tap = summarize(normal.map((e) => face(e) - e.onsetTap));
    const controls: Record<string, number> = {};
    for (const shift of [120, -100]) {
      const c = summarize(events.filter((e) => e.shift === shift).map((e) => face(e) - e.onsetTap));
      controls[shift] = c.median - tap.median;
    }
    return {
      name: lane.name,
      tap,
      heard: summarize(normal.map((e) => face(e) - e.onsetHeard)),
      controls,
      extraDelay: summarize(normal.map((e) => face(e) - e.arrival)),
      missing: normal.filter((e) => !Number.isFinite(face(e) - e.onsetTap)).length,
    };
  });
}

/** The audio path as the subscriber's stats saw it over the run: interarrival jitter, NetEq delay, playout. */
export function audioPath(r: ConditionResult): { jitterMs: Summary; jbMs: Summary; playoutMs: Summary; outputLatencyMs: number } {
  const s = r.collected.stats;
  const jb: number[] = [], playout: number[] = [];
  for (let i = 4; i < s.length; i++) {
    const a = s[i - 4]!, b = s[i]!;
    const n = b.jbEmitted - a.jbEmitted;
    if (n > 0) jb.push(((b.jbDelay - a.jbDelay) / n) * 1000);
    const m = b.playoutSamples - a.playoutSamples;
    if (m > 0) playout.push(((b.playoutDelay - a.playoutDelay) / m) * 1000);
  }
  return { jitterMs: summarize(s.map((x) => x.jitter)), jbMs: summarize(jb), playoutMs: summarize(playout), outputLatencyMs: s.at(-1)?.outputLatencyMs ?? NaN };
}

/** Agent side: for each click, the first frame after it whose jawOpen rose above half its peak, and when it left. */
export function agentFigures(r: { clicksIn: number[]; clicksOut: number[]; sent: { seq: number; jawOpen: number; at: number }[]; latencyMs: number }) {
  const before: number[] = [], after: number[] = [];
  const peak = Math.max(...r.sent.map((s) => s.jawOpen));
  r.clicksIn.forEach((clickIn) => {
    const jaw = r.sent.find((s) => s.at > clickIn - 10 && s.jawOpen > peak / 2);
    if (!jaw) return;
    before.push(jaw.at - clickIn);
    const out = r.clicksOut.find((c) => c > clickIn && c < clickIn + 500);
    if (out !== undefined) after.push(jaw.at - out);
  });
  return { clicks: r.clicksIn.length, peakJaw: peak, withoutDelay: summarize(before), withDelay: summarize(after), latencyMs: r.latencyMs };
}
