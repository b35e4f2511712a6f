// "Heard via <audio>": when each burst's onset reached the ear along the path the element's voice takes
// (NetEq, then Chromium's media playout to the device), as opposed to the WebAudio tap, a second branch.
//
// - left NetEq: the receiver's getSynchronizationSources(), polled every 10 ms, gives the RTP timestamp of
//   the packet last delivered to playout and when (Date.now()'s clock, whole ms). A packet's samples leave
//   NetEq from then on, 48 per ms, so the onset (decoded in the receive transform: its frame's RTP
//   timestamp + its sample index, pages/burst-finder.ts) left at delivery(frame) + sample / 48. A frame
//   with no reading of its own (two packets delivered between polls) is placed by linear interpolation
//   between the readings around it, on the RTP clock.
// - heard via <audio>: + the media-playout delay (inbound media-playout totalPlayoutDelay /
//   totalSamplesCount, over the ~1 s of stats around the onset; as src/room/voice-stats.ts reads it).
import type { DecodedOnset } from './pages/burst-finder.js';
import type { StatsRow } from './harness.js';

const SAMPLES_PER_MS = 48;
/** Readings further than this (RTP samples, 200 ms) from the frame are not used to place it. */
const MAX_GAP = 200 * SAMPLES_PER_MS;

export interface ElementOnset {
  /** When the onset's frame reached the receive transform (absolute ms): to match it to a sent burst. */
  arrival: number;
  /** When the onset left NetEq for the <audio> element's playout (absolute ms), NaN when not placed. */
  neteqOut: number;
  /** The media-playout delay after NetEq around then (ms). */
  playoutMs: number;
  /** neteqOut + playoutMs. */
  heard: number;
  /** Whether the frame had a reading of its own (else interpolated). */
  exact: boolean;
}

/** a − b on the 32-bit RTP clock. */
export const rtpDiff = (a: number, b: number): number => ((a - b + 2 ** 31) >>> 0) - 2 ** 31;

/** Absolute time minus Date.now(), from pairs read together (Date.now() truncates to whole ms: ~+0.5). */
export function clockOffset(pairs: [number, number][]): number {
  if (!pairs.length) return 0;
  const d = pairs.map(([date, abs]) => abs - date).sort((a, b) => a - b);
  return d[Math.floor(d.length / 2)]!;
}

/** When the frame with RTP timestamp `rtp` was delivered (readings' clock), or NaN. */
export function deliveryTime(deliveries: [number, number, number][], rtp: number): { at: number; exact: boolean } {
  let before: [number, number] | undefined, after: [number, number] | undefined;
  for (const [r, t] of deliveries) {
    const d = rtpDiff(r, rtp);
    if (d === 0) return { at: t, exact: true }; // the first reading of the frame: its delivery
    if (d < 0 && d >= -MAX_GAP && (!before || d > rtpDiff(before[0], rtp))) before = [r, t];
    if (d > 0 && d <= MAX_GAP && (!after || d < rtpDiff(after[0], rtp))) after = [r, t];
  }
  if (!before || !after) return { at: NaN, exact: false };
  const span = rtpDiff(after[0], before[0]);
  return { at: before[1] + ((after[1] - before[1]) * rtpDiff(rtp, before[0])) / span, exact: false };
}

/** The media-playout delay (ms) over the stats rows from ~500 ms before `at` to ~500 ms after. */
export function playoutDelayAt(stats: StatsRow[], at: number): number {
  const rows = stats.filter((s) => Number.isFinite(s.playoutSamples));
  const a = [...rows].reverse().find((s) => s.at <= at - 500) ?? rows[0];
  const b = rows.find((s) => s.at >= at + 500) ?? rows.at(-1);
  if (!a || !b || b.playoutSamples <= a.playoutSamples) return NaN;
  return ((b.playoutDelay - a.playoutDelay) / (b.playoutSamples - a.playoutSamples)) * 1000;
}

export function elementOnsets(onsets: DecodedOnset[], deliveries: [number, number, number][], clock: [number, number][], stats: StatsRow[]): ElementOnset[] {
  const offset = clockOffset(clock);
  return onsets.map((o) => {
    const d = deliveryTime(deliveries, o.frameRtp);
    const neteqOut = d.at + offset + o.sample / SAMPLES_PER_MS;
    const playoutMs = playoutDelayAt(stats, neteqOut);
    return { arrival: o.arrival, neteqOut, playoutMs, heard: neteqOut + playoutMs, exact: d.exact };
  });
}
