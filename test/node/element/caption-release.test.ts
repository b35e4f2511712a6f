import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CaptionScheduler } from '../../../src/element/caption-release.js';
import type { CaptionChunk, CaptionRelease } from '../../../src/element/caption-release.js';

const agent = (text: string, segmentId = 'SG_1', streamId = 's1'): CaptionChunk => ({ streamId, segmentId, text, participantIdentity: 'agent', trackId: 'TR_a', agent: true });
const user = (text: string, segmentId = 'SG_u', streamId = 'u1'): CaptionChunk => ({ streamId, segmentId, text, participantIdentity: 'me', agent: false });

/** Runs the scheduler's clock from `from` to `to`, as its owner's timer would: every release with its time. */
function run(s: CaptionScheduler, from: number, to: number): { at: number; release: CaptionRelease }[] {
  const out: { at: number; release: CaptionRelease }[] = [];
  for (let now = from; ;) {
    for (const release of s.take(now)) out.push({ at: now, release });
    const next = s.nextAt();
    if (next === undefined || next > to) return out;
    now = Math.max(now, next);
  }
}

describe('caption release', () => {
  test('agent text is held until the avatar speaks, then keeps its pace shifted by the lag', () => {
    const s = new CaptionScheduler({ wordMs: 300, maxHoldMs: 5000 });
    s.setAvatar(true, 0);
    s.push(agent('Hello'), 100);
    s.push(agent(' there'), 300);
    assert.deepEqual(s.take(1000), [], 'nothing before the voice plays');
    s.setSpeaking(true, 1100); // lag 1000 ms
    const out = run(s, 1100, 10000);
    assert.deepEqual(out.map((o) => [o.at, o.release.delta, o.release.text]), [[1100, 'Hello', 'Hello'], [1300, ' there', 'Hello there']]);
    s.push(agent('!'), 1400);
    assert.equal(s.nextAt(), 2400, 'text during the conversation: arrival + the same lag');
  });

  test('a chunk of several words is spread wordMs apart; a segment\'s words never overtake', () => {
    const s = new CaptionScheduler({ wordMs: 300, maxHoldMs: 5000 });
    s.setAvatar(true, 0);
    s.setSpeaking(true, 0); // text after the voice began: lag 0
    s.push(agent('one two three'), 50);
    s.push(agent(' four'), 60);
    const out = run(s, 50, 10000);
    assert.deepEqual(out.map((o) => [o.at, o.release.delta]), [[50, 'one '], [350, 'two '], [650, 'three four']]);
    assert.equal(out.at(-1)!.release.text, 'one two three four');
  });

  test('the conversation end releases what is queued; the final marker follows the last word', () => {
    const s = new CaptionScheduler({ wordMs: 400, maxHoldMs: 5000 });
    s.setAvatar(true, 0);
    s.push(agent('a b c d'), 0);
    s.end('SG_1', true, 10);
    s.setSpeaking(true, 500);
    assert.deepEqual(run(s, 500, 900).map((o) => o.release.delta), ['a ', 'b ']);
    s.setSpeaking(false, 1000);
    const rest = s.take(1000);
    assert.equal(rest.length, 1);
    assert.deepEqual({ delta: rest[0]!.delta, text: rest[0]!.text, final: rest[0]!.final }, { delta: 'c d', text: 'a b c d', final: true });
    assert.equal(s.nextAt(), undefined);
  });

  test('a final that comes after the conversation ended is released at once (its words played)', () => {
    const s = new CaptionScheduler({ wordMs: 0, maxHoldMs: 5000 });
    s.setAvatar(true, 0);
    s.setSpeaking(true, 0);
    s.push(agent('hi'), 10);
    assert.equal(s.take(10)[0]!.text, 'hi');
    s.setSpeaking(false, 500);
    s.push(agent(' you'), 600);
    s.end('SG_1', true, 610);
    const out = s.take(610);
    assert.deepEqual(out.map((r) => [r.delta, r.final]), [[' you', true]]);
  });

  test('held text that no conversation plays is shown after maxHoldMs', () => {
    const s = new CaptionScheduler({ wordMs: 0, maxHoldMs: 2000 });
    s.setAvatar(true, 0);
    s.push(agent('lonely'), 100);
    assert.deepEqual(s.take(2099), []);
    assert.equal(s.nextAt(), 2100);
    assert.equal(s.take(2100)[0]!.text, 'lonely');
  });

  test('without an avatar, and for a user\'s speech, text is released on arrival', () => {
    const s = new CaptionScheduler();
    s.push(agent('no avatar'), 5);
    assert.equal(s.take(5)[0]!.text, 'no avatar');
    s.setAvatar(true, 6);
    s.push(user('my words'), 7);
    const out = s.take(7);
    assert.deepEqual(out.map((r) => [r.participantIdentity, r.agent, r.text]), [['me', false, 'my words']]);
  });

  test('a segment sent again in a new stream replaces its text; an extension adds only the new words', () => {
    const s = new CaptionScheduler();
    s.push(user('hel', 'SG_u', 'u1'), 0);
    assert.equal(s.take(0)[0]!.text, 'hel');
    s.push(user('hello wor', 'SG_u', 'u2'), 1);
    let out = s.take(1);
    assert.equal(out.at(-1)!.text, 'hello wor');
    s.push(user('hello world', 'SG_u', 'u3'), 2);
    out = s.take(2);
    assert.equal(out[0]!.text, 'hello world');
    s.push(user('Hello, world.', 'SG_u', 'u4'), 3);
    s.end('SG_u', true, 3);
    out = s.take(3);
    assert.deepEqual([out.at(-1)!.text, out.at(-1)!.final], ['Hello, world.', true]);
  });

  test('clear() drops everything queued', () => {
    const s = new CaptionScheduler();
    s.setAvatar(true, 0);
    s.push(agent('gone'), 0);
    s.clear();
    assert.equal(s.nextAt(), undefined);
    assert.deepEqual(s.take(100000), []);
  });
});
