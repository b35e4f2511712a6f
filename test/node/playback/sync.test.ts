import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { AudioDelayEstimator } from '../../../src/playback/audio-delay.js';
import { PlayoutPosition, PlayoutSyncClock } from '../../../src/playback/playout-position.js';
import { SyncClock } from '../../../src/playback/sync-clock.js';
import { frame, harness } from './harness.js';

/** Cumulative voice stats after `t` ms at 48 kHz, each sample `jbMs` in NetEq and `playoutMs` to the device. */
const stats = (t: number, jbMs: number, playoutMs?: number, outputLatencyMs?: number) => {
  const n = 48 * t;
  return {
    at: t, jitterBufferDelay: (n * jbMs) / 1000, jitterBufferEmittedCount: n,
    ...(playoutMs === undefined ? {} : { totalPlayoutDelay: (n * playoutMs) / 1000, totalSamplesCount: n }),
    ...(outputLatencyMs === undefined ? {} : { outputLatencyMs }),
  };
};

describe('AudioDelayEstimator: the voice from arrival to heard, from receiver stats', () => {
  test('NetEq delay plus the playout delay, over a window of about a second; the output latency is not added twice', () => {
    const e = new AudioDelayEstimator();
    for (let t = 0; t <= 2000; t += 250) e.add(stats(t, 60, 30, 25));
    const d = e.estimate(2000)!;
    assert.equal(Math.round(d.jitterBufferMs), 60);
    assert.equal(Math.round(d.playoutMs), 30);
    assert.equal(d.outputMs, 0, 'media-playout ends at the device');
    assert.equal(Math.round(d.totalMs), 90);
  });

  test('without media-playout stats the output latency the page knows is added', () => {
    const e = new AudioDelayEstimator();
    for (let t = 0; t <= 2000; t += 250) e.add(stats(t, 60, undefined, 25));
    assert.equal(Math.round(e.estimate(2000)!.totalMs), 85);
  });

  test('follows a growing jitter buffer from the deltas, not the lifetime average', () => {
    const e = new AudioDelayEstimator();
    let jb = 0, n = 0;
    for (let t = 0; t <= 6000; t += 250) {
      const perSample = t < 3000 ? 0.04 : 0.16;
      jb += 12000 * perSample;
      n += 12000;
      e.add({ at: t, jitterBufferDelay: jb, jitterBufferEmittedCount: n });
    }
    assert.equal(Math.round(e.estimate(6000)!.jitterBufferMs), 160);
  });

  test('no estimate before a second of stats, when stale, or after counters went backwards (a new receiver)', () => {
    const e = new AudioDelayEstimator();
    e.add(stats(0, 50));
    e.add(stats(500, 50));
    assert.equal(e.estimate(500), undefined);
    for (let t = 750; t <= 2000; t += 250) e.add(stats(t, 50));
    assert.ok(e.estimate(2000));
    assert.equal(e.estimate(5500), undefined, 'older than 3 s');
    e.add({ at: 2250, jitterBufferDelay: 0.1, jitterBufferEmittedCount: 960 });
    assert.equal(e.estimate(2250), undefined);
  });
});

describe('PlayoutPosition: the voice playing now, against when its frame arrived', () => {
  test('the delay of the audio delivered to playout, the median of the last 400 ms, the first delivery of a frame', () => {
    const p = new PlayoutPosition();
    for (let i = 0; i < 100; i++) p.addArrival(960 * i, 20 * i);
    for (let i = 0; i < 40; i++) {
      p.addDelivery(960 * i, 20 * i + 70);
      p.addDelivery(960 * i, 20 * i + 80); // its second 10 ms: ignored
    }
    assert.equal(p.delayMs(20 * 39 + 80), 70);
    assert.equal(p.delayMs(5000), undefined, 'stale');
    p.addDelivery(123, 900); // never arrived: ignored
    assert.equal(p.delayMs(901), 70);
    p.reset();
    assert.equal(p.delayMs(901), undefined);
  });
});

describe('SyncClock', () => {
  test("PlayoutSyncClock: NetEq's part from the playout position, the rest from the stats; stats alone meanwhile", () => {
    const c = new PlayoutSyncClock({ motionLeadMs: 0 });
    for (let t = 0; t <= 2000; t += 250) c.addAudioStats(stats(t, 60, 30));
    assert.equal(Math.round(c.targetMs(2000)!), 90, 'no playout readings yet: the stats');
    for (let i = 0; i < 100; i++) c.addAudioArrival(960 * i, 20 * i);
    for (let i = 90; i < 100; i++) c.addAudioDelivery(960 * i, 20 * i + 45);
    assert.equal(Math.round(c.targetMs(2000)!), 75);
  });

  test("a new voice (another source: a new avatar track, a reconnect) drops the old voice's delay at once and estimates its own", () => {
    const c = new SyncClock({ motionLeadMs: 0 });
    for (let t = 0; t <= 2000; t += 250) c.addAudioStats({ ...stats(t, 400), source: 1 });
    assert.equal(Math.round(c.targetMs(2000)!), 400);
    // The new track's counters need not go backwards (the old voice was short, or its receiver's counters
    // were lower): only the source says it is another voice.
    const from = 2250;
    const fresh = (t: number) => ({ ...stats(t - from + 4000, 60), at: t, source: 2 });
    c.addAudioStats(fresh(from));
    assert.equal(c.targetMs(from), undefined, "no estimate is better than the old voice's");
    assert.equal(c.audioDelay(from), undefined);
    for (let t = from + 250; t <= from + 1500; t += 250) c.addAudioStats(fresh(t));
    assert.equal(Math.round(c.targetMs(from + 1500)!), 60, "the new voice's own delay, not a mix");
    // samples without a source (the bench, an older element) are one voice, as before
    const d = new SyncClock({ motionLeadMs: 0 });
    for (let t = 0; t <= 2000; t += 250) d.addAudioStats(stats(t, 70));
    assert.equal(Math.round(d.targetMs(2000)!), 70);
  });

  test('the motion is held the voice delay less the motion lead, within 0..maxDelayMs; undefined without stats', () => {
    const c = new SyncClock({ motionLeadMs: 10, maxDelayMs: 200 });
    assert.equal(c.targetMs(0), undefined);
    for (let t = 0; t <= 2000; t += 250) c.addAudioStats(stats(t, 70, 30));
    assert.equal(Math.round(c.targetMs(2000)!), 90);
    for (let t = 2250; t <= 4000; t += 250) c.addAudioStats(stats(t, 400, 30));
    assert.equal(c.targetMs(4000), 200);
    c.reset();
    assert.equal(c.targetMs(4000), undefined);
  });
});

describe('playback engine with a sync delay', () => {
  /** Frames every 40 ms from t0 (the first with START), the sync delay set before each step. */
  function run(h: ReturnType<typeof harness>, from: number, to: number, t0: number, delay: (t: number) => number | undefined) {
    let t = t0;
    for (let s = from; s <= to; s++) {
      for (let u = t - 40 + 8; u < t; u += 8) {
        h.engine.setSyncDelay(delay(u));
        h.at(u);
      }
      h.engine.setSyncDelay(delay(t));
      h.at(t, frame(s, { start: s === 0 }));
      t += 40;
    }
    return t;
  }
  const waits = (h: ReturnType<typeof harness>, arrival: (seq: number) => number) =>
    h.renders.filter((r) => r.fresh).map((r) => ({ seq: r.seq, wait: r.at - arrival(r.seq) }));

  test('holds each frame the sync delay after its arrival', () => {
    const h = harness({});
    run(h, 0, 60, 1000, () => 130);
    const w = waits(h, (s) => 1000 + s * 40);
    assert.equal(w[0]!.seq, 0);
    for (const x of w.slice(0, 55)) assert.ok(Math.abs(x.wait - 130) <= 8, `seq ${x.seq} waited ${x.wait}`);
  });

  test('follows a voice delay that grows and shrinks by playing slower and faster, never dropping a frame', () => {
    const h = harness({});
    run(h, 0, 250, 0, (t) => (t < 3000 ? 60 : t < 6000 ? 180 : 40));
    const w = waits(h, (s) => s * 40);
    assert.deepEqual(w.map((x) => x.seq), Array.from({ length: w.length }, (_, i) => i), 'every frame, in order');
    const at = (seq: number) => w.find((x) => x.seq === seq)!.wait;
    assert.ok(Math.abs(at(70) - 60) <= 10, `before: ${at(70)}`);
    assert.ok(Math.abs(at(140) - 180) <= 10, `after growing: ${at(140)}`);
    assert.ok(Math.abs(at(240) - 40) <= 10, `after shrinking: ${at(240)}`);
    assert.equal(h.engine.stats.session.skipped, 0);
  });

  test('without a sync delay, or with lipSync off, the jitter buffer or fixed buffer, or render on arrival: no sync', () => {
    for (const options of [{}, { lipSync: false }, { policy: 'fixed' as const }, { enableJitterBuffer: false }]) {
      const h = harness(options);
      const synced = Object.keys(options).length > 0;
      run(h, 0, 40, 0, () => (synced ? 150 : undefined));
      const w = waits(h, (s) => s * 40);
      assert.ok(w.slice(5).every((x) => x.wait <= 45), `${JSON.stringify(options)}: ${w.slice(5).map((x) => x.wait)}`);
      assert.equal(h.engine.syncing, false);
    }
  });

  test('never holds less than its own jitter target', () => {
    const h = harness({});
    // Arrivals 0 or 60 ms late, alternately: the jitter estimate is above the 10 ms sync delay.
    let t = 0;
    for (let s = 0; s < 100; s++) {
      h.engine.setSyncDelay(10);
      const arrival = s * 40 + (s % 2 ? 60 : 0);
      for (; t < arrival; t += 8) h.at(t);
      h.at(arrival, frame(s, { start: s === 0 }));
    }
    assert.ok(h.engine.targetDelayMs > 50, `target ${h.engine.targetDelayMs}`);
  });
});
