import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { frame, harness, idle, steady, transition, transitionEnd } from './harness.js';

const fixed = { policy: 'fixed' as const };

describe('jitter buffer, fixed policy (the anchor behaviour)', () => {
  test('starts once 2 frames are buffered and plays on a steady 40 ms cadence', () => {
    const h = harness(fixed);
    h.at(0, frame(10, { start: true }));
    h.at(20);
    assert.deepEqual(h.played(), [], 'one frame is not enough');
    h.at(40, frame(11));
    steady(h, 80, 12, 20, { start: false });
    h.at(1000);
    assert.deepEqual(h.played(), [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const times = h.renders.filter((r) => r.fresh).map((r) => r.at);
    assert.deepEqual(times.slice(0, 4), [40, 80, 120, 160], 'anchored at the second frame, then every 40 ms');
    assert.equal(h.engine.stats.session.rendered, 11);
    assert.equal(h.engine.stats.session.meanAddedDelayMs, 40, 'each frame waits for the next one: 40 ms');
  });

  test('a late timer does not drift the cadence: due slots keep their anchored times', () => {
    const h = harness(fixed);
    h.at(0, frame(0, { start: true }));
    h.at(40, frame(1));
    for (let s = 2; s < 10; s++) h.engine.push(frame(s), 40 * s);
    h.at(397); // one late call runs every due slot
    const times = h.renders.filter((r) => r.fresh).map((r) => r.at);
    assert.deepEqual(times, [40, 80, 120, 160, 200, 240, 280, 320, 360]);
    h.at(455);
    assert.equal(h.renders.filter((r) => r.fresh).at(-1)!.at, 400);
  });

  test('reordering within the wait window is repaired', () => {
    const h = harness(fixed);
    const order = [0, 1, 3, 2, 4, 6, 5, 7, 8];
    order.forEach((s, i) => h.at(i * 40, frame(s, { start: s === 0 })));
    h.at(800);
    assert.deepEqual(h.played(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(h.engine.stats.session.skipped, 0);
  });

  test('a lost frame is waited for until the next one has waited maxBufferDelayMs, then skipped and counted', () => {
    const h = harness({ ...fixed, maxBufferDelayMs: 80 });
    h.at(0, frame(0, { start: true }));
    h.at(40, frame(1));
    h.at(80); // plays 1
    h.at(120, frame(3)); // 2 is lost
    h.at(160, frame(4));
    h.at(200, frame(5));
    h.at(400);
    assert.deepEqual(h.played(), [0, 1, 3, 4, 5]);
    const at3 = h.renders.find((r) => r.fresh && r.seq === 3)!.at;
    assert.equal(at3, 200, 'frame 3 (arrived at 120) waited 80 ms for frame 2');
    assert.equal(h.engine.stats.session.skipped, 1);
    assert.equal(h.engine.stats.session.lost, 1);
  });

  test('a frame that arrives after it was skipped is dropped as late (and is no longer lost)', () => {
    const h = harness(fixed);
    h.at(0, frame(0, { start: true }));
    h.at(40, frame(1));
    h.at(120, frame(3));
    h.at(160, frame(4));
    h.at(240, frame(2)); // far too late
    h.at(400);
    assert.deepEqual(h.played(), [0, 1, 3, 4]);
    assert.equal(h.engine.stats.session.dropped.late, 1);
    assert.equal(h.engine.stats.session.lost, 0);
    assert.equal(h.engine.stats.session.skipped, 1);
  });

  test('duplicates (buffered or already played) are dropped and counted, stale frames too', () => {
    const h = harness(fixed);
    h.at(0, frame(1000, { start: true }));
    h.at(10, frame(1000)); // same seq, still buffered
    h.at(40, frame(1001));
    h.at(120, frame(1000)); // already played
    h.at(130, frame(1002));
    h.at(135, frame(1003, { end: true }));
    h.at(140, frame(3)); // far older than anything played in this conversation
    h.at(400);
    assert.deepEqual(h.played(), [1000, 1001, 1002, 1003]);
    assert.equal(h.engine.stats.session.dropped.duplicate, 2);
    assert.equal(h.engine.stats.session.dropped.stale, 1);
  });

  test('overflow drops the oldest frames', () => {
    const h = harness({ ...fixed, capacity: 10 });
    h.engine.push(frame(0, { start: true }), 0);
    for (let s = 1; s < 15; s++) h.engine.push(frame(s), 0);
    h.at(0);
    h.at(1000);
    assert.equal(h.engine.stats.session.dropped.overflow, 5);
    assert.deepEqual(h.played(), [5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
  });

  test('an empty buffer is starved once, and refills (2 frames) before resuming', () => {
    const h = harness(fixed);
    const t = steady(h, 0, 0, 4); // 0..4, last at 160
    h.at(t + 200); // nothing arrives for a while
    assert.equal(h.engine.stats.session.starved, 1);
    const before = h.played().length;
    h.at(t + 240, frame(5));
    h.at(t + 270);
    assert.equal(h.played().length, before, 'one frame does not restart playback');
    h.at(t + 280, frame(6, { end: true }));
    h.at(t + 400);
    assert.deepEqual(h.played(), [0, 1, 2, 3, 4, 5, 6]);
    assert.equal(h.engine.stats.session.starved, 1);
  });

  test('a START frame begins a new conversation: sequence tracking resets', () => {
    const h = harness(fixed);
    let t = steady(h, 0, 500, 505, { end: true });
    t += 1000;
    h.at(t);
    steady(h, t, 0, 5, { end: true });
    h.at(t + 2000);
    assert.deepEqual(h.played(), [500, 501, 502, 503, 504, 505, 0, 1, 2, 3, 4, 5]);
    assert.equal(h.engine.stats.session.conversations, 2);
    assert.deepEqual(h.eventTypes().filter((e) => e.startsWith('conversation')), ['conversation-start', 'conversation-end', 'conversation-start', 'conversation-end']);
    assert.equal(h.engine.stats.session.dropped.stale, 0);
  });

  test('overlapping conversations: a new START while frames of the old one wait drops those frames', () => {
    const h = harness(fixed);
    h.at(0, frame(50, { start: true }));
    h.at(40, frame(51));
    h.at(41, frame(52));
    h.at(42, frame(53));
    h.at(60, frame(0, { start: true })); // the new conversation takes over
    h.at(100, frame(1));
    h.at(400);
    assert.deepEqual(h.played(), [50, 0, 1]);
    assert.equal(h.engine.stats.session.dropped.stale, 3, '51, 52 and 53 were waiting');
    assert.equal(h.engine.stats.session.conversations, 2);
  });
});

describe('jitter buffer off (render on arrival)', () => {
  test('renders each frame on arrival; drops frames older than or equal to the last; counts gaps', () => {
    const h = harness({ enableJitterBuffer: false });
    h.at(0, frame(0, { start: true }));
    h.at(13, frame(1));
    h.at(50, frame(3));
    h.at(60, frame(2));
    h.at(70, frame(3));
    h.at(90, frame(6));
    assert.deepEqual(h.played(), [0, 1, 3, 6]);
    assert.deepEqual(h.renders.filter((r) => r.fresh).map((r) => r.at), [0, 13, 50, 90]);
    assert.equal(h.engine.stats.session.lost, 3);
    assert.equal(h.engine.stats.session.dropped.stale + h.engine.stats.session.dropped.duplicate, 2);
  });
});

describe('transitions', () => {
  test('TRANSITION blends from the current pose over 8 frames while the conversation keeps its time', () => {
    const h = harness(fixed);
    h.at(0, transition(0.8));
    steady(h, 40, 0, 14, { end: true });
    h.at(2000);
    const blend = h.renders.slice(h.renders.findIndex((r) => r.state === 'transition-in'));
    const states = blend.map((r) => r.state);
    const firstSpeaking = states.indexOf('speaking');
    assert.equal(firstSpeaking, 7, 'slots 1..7 blend, the 8th lands on the conversation pose');
    // The blend rises from neutral towards the frames (jaw 0.5) and then holds them.
    const jaws = blend.slice(0, firstSpeaking + 1).map((r) => r.jaw);
    assert.ok(jaws[0]! > 0 && jaws[0]! < 0.2, `first blend step ${jaws[0]}`);
    for (let i = 1; i < jaws.length; i++) assert.ok(jaws[i]! >= jaws[i - 1]! - 1e-6, `blend is monotone at ${i}: ${jaws}`);
    assert.ok(Math.abs(blend[firstSpeaking]!.jaw - 0.5) < 1e-6);
    // No frame was held back: every frame played, and the conversation ended with 20 blend slots.
    assert.deepEqual(h.played(), Array.from({ length: 15 }, (_, i) => i));
    assert.equal(h.renders.filter((r) => r.state === 'transition-out').length, 20);
    assert.equal(h.renders.at(-1)!.state, 'idle');
  });

  test('TRANSITION_END after the last frame blends back to idle over 20 frames, then conversation-end', () => {
    const h = harness(fixed);
    const t = steady(h, 0, 0, 5);
    h.at(t, transitionEnd());
    h.at(t + 2000);
    const out = h.renders.filter((r) => r.state === 'transition-out');
    assert.equal(out.length, 20);
    assert.ok(out[0]!.jaw < 0.5 && out[0]!.jaw > 0.4);
    assert.equal(out.at(-1)!.jaw, 0);
    assert.deepEqual(h.played(), [0, 1, 2, 3, 4, 5], 'frames buffered before TRANSITION_END still play');
    assert.equal(h.eventTypes().filter((e) => e === 'conversation-end').length, 1);
  });

  test('IDLE while speaking ends the conversation like TRANSITION_END', () => {
    const h = harness(fixed);
    const t = steady(h, 0, 0, 3);
    h.at(t, idle());
    h.at(t + 2000);
    assert.equal(h.renders.filter((r) => r.state === 'transition-out').length, 20);
    assert.ok(h.eventTypes().includes('conversation-end'));
  });

  test('a TRANSITION during the end transition cancels it and continues smoothly from the current pose', () => {
    const h = harness(fixed);
    let t = steady(h, 0, 0, 3, { end: true });
    t += 5 * 40;
    h.at(t); // well into transition-out
    const lastOut = h.renders.filter((r) => r.state === 'transition-out').at(-1)!;
    h.at(t + 1, transition(0.9));
    h.at(t + 41);
    const firstIn = h.renders.find((r) => r.state === 'transition-in')!;
    assert.ok(Math.abs(firstIn.jaw - lastOut.jaw) < 0.1, `jump from ${lastOut.jaw} to ${firstIn.jaw}`);
    assert.ok(h.renders.filter((r) => r.state === 'transition-out').length < 20, 'the end transition was cut short');
    assert.equal(h.engine.stats.session.conversations, 2);
  });

  test('a TRANSITION after playback started is ignored', () => {
    const h = harness(fixed);
    const t = steady(h, 0, 0, 5);
    h.at(t, transition(1));
    steady(h, t + 40, 6, 8, { start: false });
    h.at(t + 400);
    assert.equal(h.renders.filter((r) => r.state === 'transition-in').length, 0);
    assert.deepEqual(h.played(), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('stall watchdog', () => {
  test('no motion for 3 s inside a conversation: one stalled event, idle; frames return: direct resume', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 3000 });
    const t = steady(h, 0, 0, 4); // last frame at 160
    h.at(t + 2900);
    assert.ok(!h.eventTypes().includes('stalled'));
    h.at(t + 3100);
    h.at(t + 6000);
    assert.equal(h.eventTypes().filter((e) => e === 'stalled').length, 1, 'stalled is emitted once');
    const stalledAt = h.renders.find((r) => r.state === 'stalled')!.at;
    assert.ok(stalledAt >= 160 + 3000 && stalledAt <= 160 + 3040, `stalled at ${stalledAt}; last frame at 160`);
    assert.equal(h.renders.at(-1)!.state, 'stalled');
    assert.equal(h.renders.at(-1)!.jaw, 0, 'fell back to the idle pose');
    steady(h, t + 6000, 200, 205, { start: false });
    h.at(t + 7000);
    assert.ok(h.eventTypes().includes('resumed'));
    assert.deepEqual(h.played().slice(-6), [200, 201, 202, 203, 204, 205]);
    assert.equal(h.renders.filter((r) => r.state === 'transition-in').length, 0, 'no start transition on resume');
    assert.equal(h.engine.stats.session.stalls, 1);
  });

  test('a track chosen but never delivering (it died right after discovery) stalls from the moment it was chosen', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 1000 });
    h.at(0);
    h.engine.watch(100);
    h.at(1050);
    assert.deepEqual(h.eventTypes(), [], 'not before the timeout');
    h.at(1150);
    assert.deepEqual(h.eventTypes(), ['stalled']);
    const fresh = harness({ ...fixed, stallTimeoutMs: 1000 });
    fresh.at(5000);
    assert.deepEqual(fresh.eventTypes(), [], 'no track chosen, no packet: nothing to stall');
  });

  test('between conversations IDLE packets keep it quiet', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 3000 });
    let t = steady(h, 0, 0, 3, { end: true });
    for (const until = t + 10000; t <= until; t += 40) h.at(t, idle());
    assert.deepEqual(h.eventTypes().filter((e) => e === 'stalled'), [], 'IDLE every 40 ms: no stall');
  });

  test('a track that dies while the avatar is idle (IDLE stops) stalls; IDLE coming back resumes', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 3000 });
    let t = 0;
    for (; t < 2000; t += 40) h.at(t, idle());
    const last = t - 40;
    h.at(last + 2960);
    assert.deepEqual(h.eventTypes(), [], 'not before the timeout');
    h.at(last + 3040);
    assert.deepEqual(h.eventTypes(), ['stalled'], 'no packet of any kind for 3 s, in idle');
    assert.equal(h.engine.stats.session.stalls, 1);
    h.at(last + 9000);
    assert.deepEqual(h.eventTypes(), ['stalled'], 'once');
    h.at(last + 9040, idle());
    assert.deepEqual(h.eventTypes(), ['stalled', 'resumed']);
    assert.equal(h.engine.playbackState, 'idle');
  });

  test('a stall ended by the next conversation (a START): resumed, then the new conversation', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 1000 });
    const t = steady(h, 0, 0, 10);
    h.at(t + 1100);
    steady(h, t + 1200, 50, 55);
    const after = h.eventTypes().slice(h.eventTypes().indexOf('stalled'));
    assert.ok(after.includes('resumed'), `a stall must be followed by resumed: ${after.join(', ')}`);
    assert.ok(after.indexOf('resumed') < after.lastIndexOf('conversation-start'), after.join(', '));
  });

  test('a conversation stalled, then IDLE instead of frames: resumed, and the conversation ends', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 1000 });
    const t = steady(h, 0, 0, 10);
    h.at(t + 1100);
    assert.ok(h.eventTypes().includes('stalled'), String(h.eventTypes()));
    h.at(t + 1200, idle());
    h.at(t + 2000, idle());
    const after = h.eventTypes().slice(h.eventTypes().indexOf('stalled'));
    assert.deepEqual(after, ['stalled', 'resumed', 'conversation-end']);
    assert.equal(h.engine.playbackState, 'idle');
  });
});

describe('adaptive policy', () => {
  test('on a clean network it holds less delay than the fixed buffer and skips nothing', () => {
    const run = (policy: 'fixed' | 'adaptive') => {
      const h = harness({ policy });
      steady(h, 0, 0, 200, { end: true });
      h.at(10000);
      return h.engine.stats.session;
    };
    const f = run('fixed');
    const a = run('adaptive');
    assert.equal(a.rendered, 201);
    assert.equal(a.skipped, 0);
    assert.ok(a.meanAddedDelayMs < f.meanAddedDelayMs / 2, `adaptive ${a.meanAddedDelayMs} vs fixed ${f.meanAddedDelayMs}`);
  });

  test('after a burst it sheds the excess delay by playing faster, without skipping', () => {
    const h = harness({ policy: 'adaptive' });
    let t = steady(h, 0, 0, 49);
    // a 300 ms hole, then the held frames arrive at once
    for (let s = 50; s < 58; s++) h.at(t + 300, frame(s));
    t += 300;
    steady(h, t + 40, 58, 3000, { start: false }); // two minutes: the spike memory fades in about one
    h.at(t + 130000);
    const arrival = (seq: number) => (seq <= 49 ? seq * 40 : seq < 58 ? t : t + 40 + (seq - 58) * 40);
    const delays = h.renders.filter((x) => x.fresh).map((x) => x.at - arrival(x.seq));
    assert.equal(h.engine.stats.session.skipped, 0);
    assert.equal(delays.length, 3001, 'every frame played');
    const afterBurst = delays.slice(58, 68);
    assert.ok(Math.max(...afterBurst) > 80, `the burst did build up delay: ${afterBurst}`);
    const tail = delays.slice(-20);
    assert.ok(Math.max(...tail) <= 40, `delay came back down: ${tail}`);
  });

  test('waits for a missing frame only as long as measured jitter and reordering say, the full time at first', () => {
    const h = harness({ policy: 'adaptive', maxBufferDelayMs: 80 });
    // Frame 3 overtaken by 4 at the very start: nothing is known yet, so the full 80 ms is waited.
    [0, 1, 2, 4].forEach((s) => h.at(s * 40, frame(s, { start: s === 0 })));
    h.at(4 * 40 + 60, frame(3));
    steady(h, 200, 5, 100, { start: false });
    h.at(5000);
    assert.equal(h.engine.stats.session.skipped, 0, 'the early reorder was waited for');
    // Later, on this clean network, a lost frame costs a shorter wait than the fixed buffer's 80 ms.
    const waited = (policy: 'adaptive' | 'fixed') => {
      const h2 = harness({ policy, maxBufferDelayMs: 80 });
      steady(h2, 0, 0, 100, { end: false });
      [102, 103, 104].forEach((s) => h2.at(s * 40, frame(s)));
      h2.at(5000);
      assert.equal(h2.engine.stats.session.skipped, 1);
      return h2.renders.find((r) => r.fresh && r.seq === 102)!.at - 102 * 40;
    };
    const adaptive = waited('adaptive'), fixedWait = waited('fixed');
    assert.ok(adaptive < 80 && adaptive < fixedWait, `frame 102 waited ${adaptive} ms (fixed: ${fixedWait} ms) for the lost 101`);
  });

  test('never holds more than maxBufferDelayMs of target delay, at any point', () => {
    // Very jittery but forward-only arrivals (a clock never runs backwards): every third frame is held
    // 150 ms and the frames behind it queue up and arrive with it, in bursts of three.
    const targets = (maxBufferDelayMs: number) => {
      const h = harness({ policy: 'adaptive', maxBufferDelayMs });
      const seen: number[] = [];
      let t = 0;
      for (let s = 0; s < 100; s++) {
        const arrival = Math.max(t, s * 40 + (s % 3 === 0 ? 150 : 0));
        assert.ok(arrival >= t, 'arrivals move forward');
        t = arrival;
        h.at(t, frame(s, { start: s === 0 }));
        seen.push(h.engine.targetDelayMs);
        h.at(t + 20); // and between arrivals
        seen.push(h.engine.targetDelayMs);
      }
      return seen;
    };
    const capped = targets(60);
    capped.forEach((d, i) => assert.ok(d <= 60, `step ${i}: target delay ${d} ms over the 60 ms cap`));
    // The same arrivals, with room to grow, want more than 60 ms: the cap is what holds the target down.
    const free = targets(1000);
    assert.ok(Math.max(...free) > 60, `uncapped target peaked at ${Math.max(...free)} ms`);
    assert.ok(capped.some((d) => d === 60), 'the cap was reached');
  });
});

test('stats: per-second fps, loss rate and cadence jitter', () => {
  const h = harness(fixed);
  steady(h, 0, 0, 24);
  h.at(1000);
  const s = h.engine.stats.second(h.engine.bufferDepth, h.engine.targetDelayMs);
  assert.ok(s.fps >= 24 && s.fps <= 25, `fps ${s.fps}`);
  assert.equal(s.lossRate, 0);
  assert.ok(s.cadenceJitterMs < 1e-9);
  assert.equal(h.engine.stats.second(0, 0).fps, 0, 'the window resets');
});
