import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { clockOffset, deliveryTime, elementOnsets, playoutDelayAt, rtpDiff } from '../../../bench/lipsync/audio-element.js';
import type { StatsRow } from '../../../bench/lipsync/harness.js';

/** Readings of a voice delivered in 20 ms packets (960 samples) from RTP `rtp0` at `t0` (ms). */
const readings = (rtp0: number, t0: number, n: number, skip: number[] = []): [number, number, number][] =>
  Array.from({ length: n }, (_, i) => [(rtp0 + 960 * i) >>> 0, t0 + 20 * i, t0 + 20 * i + 2] as [number, number, number]).filter((_, i) => !skip.includes(i));

const row = (at: number, playoutMs: number): StatsRow => ({
  at, jitter: 0, jbDelay: 0, jbEmitted: 0, jbTarget: 0, playoutDelay: (48 * at * playoutMs) / 1000, playoutSamples: 48 * at,
  outputLatencyMs: 0, baseLatencyMs: 0, packetsLost: 0, concealed: 0, packetsReceived: 0, samplesReceived: 0,
});

describe('bench lip sync: the voice heard via the <audio> element', () => {
  test('the RTP clock wraps at 2^32', () => {
    assert.equal(rtpDiff(5, 2 ** 32 - 5), 10);
    assert.equal(rtpDiff(2 ** 32 - 5, 5), -10);
  });

  test('a frame with a reading of its own: its delivery time', () => {
    assert.deepEqual(deliveryTime(readings(1000, 5000, 10), 1000 + 960 * 4), { at: 5080, exact: true });
  });

  test('a frame with no reading: interpolated on the RTP clock, across a wrap', () => {
    const r = readings(2 ** 32 - 960 * 3, 5000, 10, [4, 5]);
    const d = deliveryTime(r, (2 ** 32 - 960 * 3 + 960 * 5) >>> 0);
    assert.equal(d.exact, false);
    assert.equal(d.at, 5100);
  });

  test('no readings near the frame: not placed', () => {
    assert.ok(Number.isNaN(deliveryTime(readings(1000, 5000, 10), 1000 + 960 * 400).at));
  });

  test('the media-playout delay around the onset, from the counters\' deltas', () => {
    const stats = [0, 250, 500, 750, 1000, 1250, 1500].map((t) => row(t, 30));
    assert.equal(Math.round(playoutDelayAt(stats, 750)), 30);
  });

  test('heard via <audio> = delivery of the onset\'s frame + its sample index / 48 + the clock offset + the playout delay', () => {
    const stats = [0, 250, 500, 750, 1000, 1250, 1500].map((t) => row(t, 30));
    const clock: [number, number][] = [[100, 100.4], [200, 200.6], [300, 300.5]];
    assert.equal(clockOffset(clock), 0.5);
    const [o] = elementOnsets([{ frameRtp: 1000 + 960 * 2, sample: 480, arrival: 1 }], readings(1000, 700, 20), clock, stats);
    assert.equal(o!.neteqOut, 700 + 40 + 0.5 + 10);
    assert.equal(Math.round(o!.heard * 10) / 10, 780.5);
    assert.equal(o!.exact, true);
  });
});
