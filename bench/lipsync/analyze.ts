// From what the publisher sent and the subscriber saw to face-minus-audio per event and policy.
import type { ConditionResult } from './harness.js';
import { elementOnsets } from './audio-element.js';

export interface Summary { n: number; median: number; p5: number; p95: number; min: number; max: number }
export interface LaneFigures {
  name: string; tap: Summary; heard: Summary; controls: Record<string, number>; extraDelay: Summary; missing: number;
  /** Face minus the voice heard via the <audio> element's path (audio-element.ts), and the controls read on it. */
  element: Summary; elementControls: Record<string, number>;
}

export function summarize(values: number[]): Summary {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  const q = (p: number) => (v.length ? v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))]! : NaN);
  return { n: v.length, median: q(0.5), p5: q(0.05), p95: q(0.95), min: v[0] ?? NaN, max: v.at(-1) ?? NaN };
}

export interface Matched {
  id: number; shift: number; seq: number; senderOffset: number; onsetTap: number; onsetHeard: number;
  /** When the spike's motion frame arrived (the subscriber's worker). */
  arrival: number;
  /** When the encoded audio frame holding the burst's onset arrived (the receive transform), NaN when not found. */
  voiceArrival: number;
  neteqOut: number; onsetElement: number; elementExact: boolean;
}

/**
 * Each sent event with its receiver onsets: the first decoded burst whose frame arrived within 1.5 s after the
 * sender's burst, and the first tap onset after that arrival (and within 1.5 s of the sender's burst).
 */
export function match(r: ConditionResult): Matched[] {
  const arrivals = new Map(r.collected.worker.arrivals);
  const onsets = [...r.collected.onsets].sort((a, b) => a.tap - b.tap);
  const c = r.collected;
  const element = elementOnsets(c.worker.decodedOnsets ?? [], c.deliveries ?? [], c.clock ?? [], c.stats).sort((a, b) => a.arrival - b.arrival);
  return r.sent.map((e) => {
    const el = element.find((x) => x.arrival > e.audioTap && x.arrival < e.audioTap + 1500);
    // Not before the burst's frame reached the receiver: with a voice delay longer than the events' spacing
    // (480 ms), the previous burst's onset could come after this one was sent.
    const after = Math.max(e.audioTap, el?.arrival ?? -Infinity);
    const o = onsets.find((x) => x.tap > after && x.tap < e.audioTap + 1500);
    return {
      id: e.id, shift: e.shift, seq: e.seq,
      senderOffset: e.spikeAt - e.audioTap - e.shift,
      onsetTap: o?.tap ?? NaN, onsetHeard: o?.heard ?? NaN, arrival: arrivals.get(e.seq) ?? NaN, voiceArrival: el?.arrival ?? NaN,
      neteqOut: el?.neteqOut ?? NaN, onsetElement: el?.heard ?? NaN, elementExact: el?.exact ?? false,
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
    const element = summarize(normal.map((e) => face(e) - e.onsetElement));
    const controls: Record<string, number> = {};
    const elementControls: Record<string, number> = {};
    for (const shift of [120, -100]) {
      const c = summarize(events.filter((e) => e.shift === shift).map((e) => face(e) - e.onsetTap));
      controls[shift] = c.median - tap.median;
      const ce = summarize(events.filter((e) => e.shift === shift).map((e) => face(e) - e.onsetElement));
      elementControls[shift] = ce.median - element.median;
    }
    return {
      name: lane.name,
      tap,
      element,
      elementControls,
      heard: summarize(normal.map((e) => face(e) - e.onsetHeard)),
      controls,
      extraDelay: summarize(normal.map((e) => face(e) - e.arrival)),
      missing: normal.filter((e) => !Number.isFinite(face(e) - e.onsetTap)).length,
    };
  });
}

/**
 * The voice's delay measured on the bursts themselves (normal events): from the arrival of the encoded frame
 * holding the onset to the onset heard (tap + output latency), and to the onset heard via <audio>.
 */
export function voiceMeasured(r: ConditionResult): { heard: Summary; element: Summary } {
  const normal = match(r).filter((e) => e.shift === 0);
  return {
    heard: summarize(normal.map((e) => e.onsetHeard - e.voiceArrival)),
    element: summarize(normal.map((e) => e.onsetElement - e.voiceArrival)),
  };
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

/**
 * The voice's two paths on the same bursts (normal events): tap − heard via <audio>, heard (WebAudio) − heard
 * via <audio>, the media-playout delay used, how many bursts were placed, how many from a reading of their
 * own frame, and the burst-by-size check (the first large encoded frame is the decoded onset's frame).
 */
export function elementPath(r: ConditionResult) {
  const events = match(r).filter((e) => e.shift === 0);
  const placed = events.filter((e) => Number.isFinite(e.onsetElement));
  const c = r.collected;
  const element = elementOnsets(c.worker.decodedOnsets ?? [], c.deliveries ?? [], c.clock ?? [], c.stats);
  const bySize = c.worker.bursts ?? [];
  const decoded = c.worker.decodedOnsets ?? [];
  const sameFrame = decoded.filter((o) => bySize.some((b) => b.rtp === o.frameRtp)).length;
  const frameBefore = decoded.filter((o) => bySize.some((b) => ((b.rtp - o.frameRtp) >>> 0) === 960)).length;
  const quiet = bySize.map((b) => b.sizes[1]!), loud = bySize.map((b) => b.sizes[2]!);
  return {
    events: events.length, placed: placed.length, exact: placed.filter((e) => e.elementExact).length,
    tapMinusElement: summarize(events.map((e) => e.onsetTap - e.onsetElement)),
    heardMinusElement: summarize(events.map((e) => e.onsetHeard - e.onsetElement)),
    neteqToTap: summarize(events.map((e) => e.onsetTap - e.neteqOut)),
    playoutMs: summarize(element.map((e) => e.playoutMs)),
    sizes: { bursts: bySize.length, decoded: decoded.length, sameFrame, frameBefore, quiet: summarize(quiet), loud: summarize(loud) },
    deliveries: c.deliveries?.length ?? 0,
  };
}
