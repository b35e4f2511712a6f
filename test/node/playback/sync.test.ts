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
    assert.equal(p.delay(20 * 39 + 80)?.ms, 70);
    assert.equal(p.delay(5000)?.ms, undefined, 'stale');
    p.addDelivery(123, 900); // never arrived: ignored
    assert.equal(p.delay(901)?.ms, 70);
    p.reset();
    assert.equal(p.delay(901)?.ms, undefined);
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

describe('playback engine with lip sync on the sender clock (senderClock)', () => {
  /**
   * Voice and motion sent together every 40 ms over one path whose delay d(t) jumps every 100 ms (seeded,
   * 0..200 ms); the voice is heard at sending + 300 ms (its jitter buffer absorbs the path). The voice's delay
   * as its stats give it: the mean of (heard − arrival) over the last 900 ms of voice heard, i.e. 300 − mean d of
   * those packets, with the span they arrived in. Returns each fresh frame's paint time minus its voice heard.
   */
  function jittered(senderClock: boolean): number[] {
    const h = harness({ senderClock, maxBufferDelayMs: 80 });
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const steps = Array.from({ length: 200 }, () => random() * 200);
    const d = (sent: number) => steps[Math.floor(sent / 100)]!;
    const HEARD = 300;
    const voiceDelay = (t: number) => {
      // voice heard in [t - 900, t] was sent in [t - 900 - HEARD, t - HEARD]
      let sum = 0, n = 0, from = Infinity, to = -Infinity;
      for (let sent = Math.max(0, t - 900 - HEARD); sent <= t - HEARD; sent += 20) {
        sum += HEARD - d(sent); n++;
        from = Math.min(from, sent + d(sent)); to = Math.max(to, sent + d(sent));
      }
      return n < 20 ? undefined : { ms: sum / n, arrivals: { from, to } };
    };
    const arrivals = Array.from({ length: 400 }, (_, s) => ({ s, sent: 2000 + s * 40, at: 2000 + s * 40 + d(2000 + s * 40) }));
    arrivals.sort((a, b) => a.at - b.at); // one path, frames kept in order: a later frame never overtakes
    for (let i = 1; i < arrivals.length; i++) arrivals[i]!.at = Math.max(arrivals[i]!.at, arrivals[i - 1]!.at);
    const bySeq = new Map(arrivals.map((a) => [a.s, a]));
    let t = 0;
    for (const a of [...bySeq.values()].sort((x, y) => x.s - y.s)) {
      for (; t < a.at; t += 4) {
        const v = voiceDelay(t);
        h.engine.setSyncDelay(v?.ms, v?.arrivals);
        h.at(t);
      }
      h.engine.push(frame(a.s, { start: a.s === 0 }), a.at, a.sent);
      h.at(a.at);
    }
    return h.renders.filter((r) => r.fresh && r.seq >= 100 && r.seq < 380).map((r) => r.at - (bySeq.get(r.seq)!.sent + HEARD));
  }
  const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

  test("the face on the voice within a few ms under 200 ms of path jitter; from each frame's own arrival, the jitter's spread", () => {
    const sender = jittered(true), own = jittered(false);
    assert.ok(sender.length > 250 && own.length > 250, `frames shown: ${sender.length}, ${own.length}`);
    const spread = (xs: number[]) => p(xs, 0.95) - p(xs, 0.05);
    assert.ok(Math.abs(p(sender, 0.5)) <= 10 && spread(sender) <= 30, `sender clock: median ${p(sender, 0.5)}, p5..p95 ${p(sender, 0.05)}..${p(sender, 0.95)}`);
    assert.ok(spread(own) > 2 * spread(sender), `own arrival: p5..p95 ${p(own, 0.05)}..${p(own, 0.95)} against ${p(sender, 0.05)}..${p(sender, 0.95)}`);
  });
});

describe('the voice packets behind the delay: when they arrived (the window the sender clock reads)', () => {
  test('AudioDelayEstimator: the samples emitted over the window arrived NetEq delay before it', () => {
    const e = new AudioDelayEstimator();
    for (let t = 0; t <= 2000; t += 250) e.add(stats(t, 60, 30));
    const d = e.estimate(2000)!;
    assert.ok(d.arrivedFrom !== undefined && d.arrivedTo !== undefined);
    assert.equal(Math.round(d.arrivedTo), 2000 - 60);
    assert.ok(d.arrivedFrom < d.arrivedTo && Math.round(d.arrivedTo - d.arrivedFrom) >= 900 - 250, `${d.arrivedFrom}..${d.arrivedTo}`);
    const c = new SyncClock({ motionLeadMs: 0 });
    for (let t = 0; t <= 2000; t += 250) c.addAudioStats(stats(t, 60, 30));
    assert.deepEqual(c.arrivals(2000), { from: d.arrivedFrom, to: d.arrivedTo });
  });

  test('PlayoutPosition: the first and last arrival of the readings behind the median', () => {
    const p = new PlayoutPosition();
    for (let i = 0; i < 100; i++) p.addArrival(960 * i, 20 * i);
    for (let i = 50; i < 60; i++) p.addDelivery(960 * i, 20 * i + 70);
    assert.deepEqual(p.delay(20 * 59 + 70), { ms: 70, arrivedFrom: 20 * 50, arrivedTo: 20 * 59 });
  });
});

describe('playback engine on the sender clock: the first frame, a new track, frames without a sender time', () => {
  /**
   * Idle packets sent every 40 ms arrive 20 ms after sending (local clock = sender clock); then a conversation's
   * first frame, sent at 2000, comes `late` ms later than that. The sync delay is 200 ms.
   * Returns when the first frame was painted.
   */
  function firstPaint(options: { senderClock: boolean; late: number; sent?: (s: number) => number | undefined; watchAt?: number }): number {
    const h = harness({ senderClock: options.senderClock });
    const sent = options.sent ?? ((s: number) => s);
    for (let s = 0; s < 2000; s += 40) {
      if (options.watchAt === s) h.engine.watch(s + 20);
      h.engine.setSyncDelay(200, { from: 0, to: s + 20 });
      h.engine.push({ kind: 'idle', start: false, end: false }, s + 20, sent(s));
      h.at(s + 20);
    }
    const arrival = 2000 + 20 + options.late;
    for (let t = 1980; t < arrival; t++) h.at(t);
    h.engine.push(frame(0, { start: true }), arrival, sent(2000));
    for (let t = arrival; t < 2600; t++) h.at(t);
    return h.renders.find((r) => r.fresh)!.at;
  }

  test("a first frame that came late waits the voice's delay from when it should have come", () => {
    const onTime = firstPaint({ senderClock: true, late: 0 });
    assert.ok(Math.abs(onTime - (2020 + 200)) <= 2, `on time: painted at ${onTime}`);
    const late = firstPaint({ senderClock: true, late: 100 });
    assert.ok(Math.abs(late - (2020 + 200)) <= 2, `100 ms late, sender clock: painted at ${late}`);
    const own = firstPaint({ senderClock: false, late: 100 });
    assert.ok(Math.abs(own - (2120 + 200)) <= 2, `100 ms late, own arrival: painted at ${own}`);
  });

  test('a new track (watch) forgets the old sender clock, even when its offset moved by less than a jump', () => {
    // until 1000 the old track: sender time = arrival − 20 + 900 (its clock ran 900 ms ahead); then the new one
    const sent = (s: number) => (s < 1000 ? s + 900 : s);
    const painted = firstPaint({ senderClock: true, late: 0, sent, watchAt: 1000 });
    assert.ok(Math.abs(painted - 2220) <= 2, `painted at ${painted}: the old track's offset would give 2220 − 450`);
  });

  test('a frame whose sender time is on a clock the timeline does not hold (re-based timestamps) counts from its own arrival', () => {
    const painted = firstPaint({ senderClock: true, late: 100, sent: (s) => (s < 2000 ? s : s + 3_600_000) });
    assert.ok(Math.abs(painted - 2320) <= 2, `painted at ${painted}`);
  });

  test('frames without a sender time count from their own arrival', () => {
    const painted = firstPaint({ senderClock: true, late: 100, sent: () => undefined });
    assert.ok(Math.abs(painted - 2320) <= 2, `painted at ${painted}`);
  });
});
