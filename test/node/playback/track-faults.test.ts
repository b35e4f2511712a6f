// The engine when the played track goes away (the avatar left, the track was unpublished) or is paused on
// purpose (muted, paused by the SFU): an ended track ends the conversation smoothly with no stall; a pause
// is a stall told apart from a network stall by its reason. Fake clock (docs/playback.md).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { frame, harness as base, idle, steady } from './harness.js';
import type { PlaybackOptions } from '../../../src/playback/index.js';

/** The harness, with first-frame left out of the event list (it is not what these tests are about). */
function harness(options: Partial<PlaybackOptions>) {
  const h = base(options);
  return { ...h, eventTypes: () => h.eventTypes().filter((t) => t !== 'first-frame') };
}

/** The events with each stall's reason: `stalled:paused`. */
const described = (h: ReturnType<typeof harness>) =>
  h.events.filter((e) => e.type !== 'first-frame').map((e) => (e.type === 'stalled' ? `stalled:${e.reason}` : e.type));

const fixed = { policy: 'fixed' as const };

describe('the played track ends', () => {
  test('mid-conversation: the end transition from the current pose, conversation-end, and no stall afterwards', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 3000 });
    const t = steady(h, 0, 0, 20); // a conversation in full flow, jaw 0.5
    h.at(t);
    const before = h.renders.at(-1)!;
    assert.equal(before.state, 'speaking');
    h.engine.trackEnded();
    h.at(t + 20 * 40 + 40); // the 20-slot end transition
    assert.deepEqual(h.eventTypes(), ['conversation-start', 'conversation-end']);
    const out = h.renders.filter((r) => r.state === 'transition-out').map((r) => r.jaw);
    assert.ok(out.length >= 19, `an end transition of 20 slots, got ${out.length}`);
    for (let i = 1; i < out.length; i++) assert.ok(out[i]! <= out[i - 1]!, `the jaw closes smoothly: ${out.join(', ')}`);
    assert.ok(out[0]! > 0.4, 'it starts from the pose shown');
    assert.equal(h.engine.playbackState, 'idle');
    assert.equal(h.renders.at(-1)!.jaw, 0);
    h.at(t + 60000);
    assert.deepEqual(h.eventTypes(), ['conversation-start', 'conversation-end'], 'no stalled: nothing is expected from a track that ended');
    assert.equal(h.engine.stats.session.stalls, 0);
  });

  test('while stalled: the conversation ends without resumed; a new track plays and its own stalls are watched again', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 1000 });
    let t = steady(h, 0, 0, 10);
    h.at(t + 1100);
    assert.deepEqual(h.eventTypes(), ['conversation-start', 'stalled']);
    h.engine.trackEnded();
    h.at(t + 3000);
    assert.deepEqual(h.eventTypes(), ['conversation-start', 'stalled', 'conversation-end']);
    assert.equal(h.engine.playbackState, 'idle');
    // the avatar is back with a new track: a new conversation (START), then it goes quiet: a stall again
    t = steady(h, t + 5000, 0, 10);
    h.at(t + 1100);
    assert.deepEqual(h.eventTypes().slice(3), ['conversation-start', 'stalled']);
    assert.deepEqual(h.played().slice(-11), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  test('while idle: nothing fires, and IDLE stopping afterwards is no stall', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 1000 });
    let t = 0;
    for (; t < 1000; t += 40) h.at(t, idle());
    h.engine.trackEnded();
    h.at(t + 10000);
    assert.deepEqual(h.eventTypes(), []);
  });
});

describe('stall reasons', () => {
  test('a network stall is no-motion; a pause is paused, at once, and the avatar falls to idle; frames resume it', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 3000 });
    let t = steady(h, 0, 0, 10);
    h.at(t + 3100);
    const stalls = () => described(h).filter((e) => e.startsWith('stalled'));
    assert.deepEqual(stalls(), ['stalled:no-motion']);
    t = steady(h, t + 3200, 100, 110, { start: false });
    assert.equal(h.eventTypes().at(-1), 'resumed');
    h.at(t);
    h.engine.pause();
    assert.deepEqual(stalls(), ['stalled:no-motion', 'stalled:paused'], 'at once, not after stall-timeout');
    h.at(t + 1000);
    assert.equal(h.renders.at(-1)!.state, 'stalled');
    assert.equal(h.renders.at(-1)!.jaw, 0, 'blended to the idle pose');
    h.at(t + 20000, frame(111)); // sent before the pause, arriving after it
    assert.equal(stalls().length, 2, 'one stall per pause, however long it lasts');
    assert.notEqual(h.eventTypes().at(-1), 'resumed', 'a straggler does not end the pause');
    assert.equal(h.renders.at(-1)!.state, 'stalled');
    h.engine.unpause();
    h.at(steady(h, t + 20040, 500, 510, { start: false }) + 200);
    assert.equal(h.eventTypes().at(-1), 'resumed');
    assert.deepEqual(h.played().slice(-11), [500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);
    assert.equal(h.engine.stats.session.stalls, 2);
  });

  test('a pause while idle: stalled (paused); IDLE coming back resumes; a pause during a stall adds nothing', () => {
    const h = harness({ ...fixed, stallTimeoutMs: 1000 });
    let t = 0;
    for (; t < 1000; t += 40) h.at(t, idle());
    h.engine.pause();
    h.at(t + 5000, idle());
    assert.deepEqual(described(h), ['stalled:paused'], 'IDLE while paused is ignored');
    h.engine.unpause();
    h.at(t + 5040, idle());
    h.at(t + 7000); // IDLE stops again: a network stall
    h.engine.pause();
    h.engine.unpause();
    h.at(t + 9000, frame(7, { start: true }));
    assert.deepEqual(described(h),
      ['stalled:paused', 'resumed', 'stalled:no-motion', 'resumed', 'conversation-start']);
  });
});
