/**
 * Arrival traces for the playback benchmark: when each motion frame of a 2-minute conversation reaches the
 * receiver. Seeded, so every run replays the same traces. Frames are sent every 40 ms. Video frames leave
 * WebRTC's own jitter buffer in order, so arrivals are monotone, except in the reordering trace.
 */
import { rng } from '../test/support/random.js';

export interface Arrival { seq: number; at: number }
export interface Trace { name: string; note: string; arrivals: Arrival[]; sent: number }

const FRAMES = 3000;

const gauss = (r: () => number) => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());

function build(name: string, note: string, seed: number, delay: (seq: number, r: () => number) => number,
  opts: { loss?: number; reorder?: number; inOrder?: boolean } = {}): Trace {
  const r = rng(seed);
  let arrivals: Arrival[] = [];
  let last = -Infinity;
  for (let seq = 0; seq < FRAMES; seq++) {
    let at = seq * 40 + delay(seq, r);
    if (opts.inOrder !== false) at = Math.max(at, last);
    last = at;
    if (opts.loss && r() < opts.loss) continue;
    arrivals.push({ seq, at });
  }
  if (opts.reorder) {
    for (let i = 0; i + 1 < arrivals.length; i++) {
      if (r() < opts.reorder) {
        const a = arrivals[i]!, b = arrivals[i + 1]!;
        [a.at, b.at] = [b.at + 1, a.at]; // the later frame overtakes
        i++;
      }
    }
  }
  arrivals = arrivals.sort((a, b) => a.at - b.at);
  return { name, note, arrivals, sent: FRAMES };
}

/** Wi-Fi: small exponential jitter (p90 about 20 ms) and, now and then, a 100 to 250 ms stall released in a burst. */
function wifi(): (seq: number, r: () => number) => number {
  let spikeUntil = -1;
  return (seq, r) => {
    const sent = seq * 40;
    if (sent >= spikeUntil && r() < 0.004) spikeUntil = sent + 100 + r() * 150;
    const base = 3 - Math.log(1 - r()) * 7;
    return sent < spikeUntil ? spikeUntil - sent + base : base;
  };
}

const fourG = (_: number, r: () => number) => 45 + Math.max(-15, Math.min(15, gauss(r) * 8));

export function traces(): Trace[] {
  return [
    build('clean loopback', '1 ms, under 1 ms of jitter', 1, (_, r) => 1 + r() * 0.8),
    build('Wi-Fi-like', 'p90 about 20 ms, a 100-250 ms burst every ~10 s', 2, wifi()),
    build('4G-like', '45 ms, 5-15 ms of jitter', 3, fourG),
    build('3G-like', '120 ms, about 50 ms of jitter', 4, (_, r) => Math.max(40, 120 + gauss(r) * 50)),
    build('2% loss', '4G-like, 2% of frames lost', 5, fourG, { loss: 0.02 }),
    build('5% loss', '4G-like, 5% of frames lost', 6, fourG, { loss: 0.05 }),
    build('reordering', '4G-like, 5% of frames overtaken by the next', 7, fourG, { reorder: 0.05 }),
  ];
}
