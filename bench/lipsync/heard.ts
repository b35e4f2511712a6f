// A sound-server run (FIREFOX_AUDIO=pulse): the voice as the sound server got it. The recording of the null sink's
// monitor (recorder.ts) is on this process's clock; the pages' clock is put beside it through Date.now() (read with
// each clock on both sides). The page's own clicks are the known-shift control: their recorded time less their tap
// time is the WebAudio output path, which Firefox (outputLatency) and PulseAudio (the sink input's latency) report
// too, and the clicks scheduled 120 ms late must read 120 ms late in the recording.
import { match, summarize } from './analyze.js';
import type { Summary } from './analyze.js';
import type { ConditionResult, PulseRun } from './harness.js';

/** How far (ms) a recorded onset may be from the tap onset it is matched to. */
const MATCH_MS = 250;

export interface HeardFigures {
  /** Page clock − this process's clock (ms): what is added to a recorded time to put it on the page's clock. */
  clockShiftMs: number;
  clicks: {
    scheduled: number; atTap: number; recorded: number;
    /** recorded − tap (the WebAudio path to the sink), and the shifted clicks read against the grid (+120 expected). */
    path: Summary; shiftReadRecorded: number; shiftReadTap: number;
    outputLatencyMs: number; baseLatencyMs: number; state: string;
    /** currentTime − getOutputTimestamp().contextTime and now − performanceTime (ms), medians. */
    otsContextLagMs: number; otsPerformanceLagMs: number;
  };
  /** The voice (the <audio> element's output): recorded − tap, recorded − (tap + outputLatency), per normal event. */
  voice: { matched: number; events: number; recordedMinusTap: Summary; recordedMinusHeard: Summary; arrivalToRecorded: Summary };
  /** Face − voice recorded, per lane (normal events), and the +120 / −100 controls read on it. */
  lanes: { name: string; recorded: Summary; controls: Record<string, number> }[];
  /** The server's reports over the events (ms): the sink's latency, and per sink input buffer + sink latency. */
  sink: { latencyMs: Summary; configuredMs: Summary };
  sinkInputs: { name: string; index: number; bufferMs: Summary; sinkMs: Summary }[];
  recorder: { latencyMs: number; lagMedianMs: number; lagP95Ms: number; onsets: number };
}

const median = (v: number[]) => summarize(v).median;

function nearest(times: number[], t: number): number {
  let best = NaN;
  for (const x of times) if (Math.abs(x - t) <= MATCH_MS && !(Math.abs(best - t) <= Math.abs(x - t))) best = x;
  return best;
}

export function heardFigures(r: ConditionResult): HeardFigures | undefined {
  const p: PulseRun | undefined = r.pulse;
  if (!p) return undefined;
  const pageDateMinusAbs = median((r.collected.clock ?? []).map(([date, abs]) => date - abs));
  const clockShiftMs = p.recording.dateMinusAbsMs - pageDateMinusAbs;
  const recorded = p.recording.onsets.map((o) => o.at + clockShiftMs);

  // the clicks: the k-th tap onset is the k-th scheduled click (they are 280 ms or more apart)
  const c = p.clicks;
  const taps = [...c.onsets].sort((a, b) => a.tap - b.tap);
  const rows = c.scheduled.map((s, k) => {
    const tap = taps[k]?.tap ?? NaN;
    const rec = nearest(recorded, tap);
    const gridCtx = s.ctxMs - s.shift;
    return { shift: s.shift, tap, rec, recGrid: rec - gridCtx, tapGrid: tap - gridCtx };
  });
  const read = (key: 'recGrid' | 'tapGrid') => median(rows.filter((x) => x.shift === 120).map((x) => x[key])) - median(rows.filter((x) => x.shift === 0).map((x) => x[key]));

  // the voice: the recorded onset nearest each normal event's tap onset
  const events = match(r);
  const withRec = events.map((e) => ({ ...e, rec: Number.isFinite(e.onsetTap) ? nearest(recorded, e.onsetTap) : NaN }));
  const normal = withRec.filter((e) => e.shift === 0);
  const lanes = r.collected.worker.lanes.map((lane) => {
    const shown = new Map(lane.shown);
    const face = (e: { seq: number }) => shown.get(e.seq) ?? NaN;
    const base = summarize(normal.map((e) => face(e) - e.rec));
    const controls: Record<string, number> = {};
    for (const shift of [120, -100]) controls[shift] = summarize(withRec.filter((e) => e.shift === shift).map((e) => face(e) - e.rec)).median - base.median;
    return { name: lane.name, recorded: base, controls };
  });

  const byInput = new Map<number, { name: string; buffer: number[]; sink: number[] }>();
  for (const s of p.sinkInputs) {
    const x = byInput.get(s.index) ?? { name: s.name, buffer: [], sink: [] };
    x.buffer.push(s.bufferUs / 1000); x.sink.push(s.sinkUs / 1000);
    byInput.set(s.index, x);
  }
  const ots = c.ots.filter((o) => Number.isFinite(o.contextTime) && o.contextTime > 0);
  return {
    clockShiftMs,
    clicks: {
      scheduled: c.scheduled.length, atTap: taps.length, recorded: rows.filter((x) => Number.isFinite(x.rec)).length,
      path: summarize(rows.map((x) => x.rec - x.tap)), shiftReadRecorded: read('recGrid'), shiftReadTap: read('tapGrid'),
      outputLatencyMs: c.outputLatencyMs, baseLatencyMs: c.baseLatencyMs, state: c.state,
      otsContextLagMs: median(ots.map((o) => o.currentTime - o.contextTime)),
      otsPerformanceLagMs: median(ots.map((o) => o.at - o.performanceTime)),
    },
    voice: {
      matched: normal.filter((e) => Number.isFinite(e.rec)).length, events: normal.length,
      recordedMinusTap: summarize(normal.map((e) => e.rec - e.onsetTap)),
      recordedMinusHeard: summarize(normal.map((e) => e.rec - e.onsetHeard)),
      arrivalToRecorded: summarize(normal.map((e) => e.rec - e.voiceArrival)),
    },
    lanes,
    sink: { latencyMs: summarize(p.sink.map((s) => s.latencyUs / 1000)), configuredMs: summarize(p.sink.map((s) => s.configuredUs / 1000)) },
    sinkInputs: [...byInput.entries()].map(([index, x]) => ({ index, name: x.name, bufferMs: summarize(x.buffer), sinkMs: summarize(x.sink) })),
    recorder: { latencyMs: p.recorderLatencyMs, lagMedianMs: p.recording.lagMedianMs, lagP95Ms: p.recording.lagP95Ms, onsets: p.recording.onsets.length },
  };
}
