import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PlaybackEngine } from '../../../src/playback/index.js';
import type { PlaybackOptions } from '../../../src/playback/index.js';
import { ConversationPlayout } from '../../../src/playback/conversation-playout.js';
import { frame } from './harness.js';

/** An engine on a fake clock with a playout watch; returns when each event and `playing` came. */
function run(options: Partial<PlaybackOptions>, syncDelay: number | undefined, turns: { at: number; frames: number }[]) {
  const log: { at: number; what: string }[] = [];
  let now = 0;
  const playout = new ConversationPlayout(() => log.push({ at: now, what: 'playing' }));
  const engine = new PlaybackEngine(options, {
    render: (_pose, _at, fresh) => playout.render(fresh),
    event: (e) => {
      playout.event(e);
      if (e.type.startsWith('conversation')) log.push({ at: now, what: e.type });
    },
  });
  let seq = 0;
  const arrivals = new Map<number, number>();
  for (const turn of turns) for (let i = 0; i < turn.frames; i++) arrivals.set(turn.at + i * 40, i);
  for (now = 0; now <= 6000; now += 10) {
    if (syncDelay !== undefined) engine.setSyncDelay(syncDelay);
    engine.advance(now);
    const i = arrivals.get(now);
    if (i === undefined) continue;
    const turn = turns.find((t) => now >= t.at && now < t.at + t.frames * 40)!;
    engine.push(frame(seq++, { start: i === 0, end: i === turn.frames - 1 }), now);
    engine.advance(now);
  }
  return log;
}

describe('conversation playout', () => {
  test('playing comes when the first frame plays (after the lip-sync delay), once per conversation; conversation-start on arrival', () => {
    const log = run({ enableJitterBuffer: true }, 200, [{ at: 100, frames: 25 }, { at: 3000, frames: 25 }]);
    assert.deepEqual(log.map((l) => l.what), ['conversation-start', 'playing', 'conversation-end', 'conversation-start', 'playing', 'conversation-end']);
    const [start1, playing1, , start2, playing2] = log;
    assert.equal(start1!.at, 100, 'conversation-start: the first packet\'s arrival');
    assert.ok(playing1!.at >= 300 && playing1!.at <= 320, `playing at ${playing1!.at}: arrival + the 200 ms sync delay`);
    assert.equal(start2!.at, 3000);
    assert.ok(playing2!.at >= 3200 && playing2!.at <= 3220, `playing at ${playing2!.at}`);
  });

  test('with the jitter buffer off, frames render on arrival and so does playing', () => {
    const log = run({ enableJitterBuffer: false }, undefined, [{ at: 100, frames: 10 }]);
    assert.deepEqual(log.slice(0, 2), [{ at: 100, what: 'conversation-start' }, { at: 100, what: 'playing' }]);
  });
});
