import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDisplayLoop } from '../../../src/worker/display-loop.js';

/** A fake worker scope: a clock, display frames every `frameMs` (or none), timers. */
function scene(frameMs: number | undefined) {
  let now = 0;
  let frameCallback: (() => void) | undefined;
  const timers: { every: number; next: number; run(): void }[] = [];
  const counts = { frames: 0, advances: 0 };
  startDisplayLoop(
    { frame: () => counts.frames++, advance: () => counts.advances++ },
    {
      now: () => now,
      requestFrame: frameMs === undefined ? undefined : (cb) => (frameCallback = cb),
      every: (ms, run) => timers.push({ every: ms, next: ms, run }),
    },
  );
  let nextFrame = frameMs ?? Infinity;
  /** Runs the clock to `until`, display frames stopping at `framesUntil` (a hidden page). */
  const run = (until: number, framesUntil = Infinity) => {
    for (; now <= until; now++) {
      if (frameMs !== undefined && now >= nextFrame && now <= framesUntil) {
        nextFrame += frameMs;
        const cb = frameCallback;
        frameCallback = undefined;
        cb?.();
      }
      for (const t of timers) if (now >= t.next) { t.next += t.every; t.run(); }
    }
  };
  return { counts, run };
}

describe('display loop', () => {
  test('a visible page at 60 Hz: every display frame is offered to the renderer (it paints only what changed), no timer advances', () => {
    const { counts, run } = scene(1000 / 60);
    run(1000);
    assert.ok(counts.frames >= 59 && counts.frames <= 61, `frames offered: ${counts.frames}`);
    assert.equal(counts.advances, 0);
  });

  test('frames throttled (hidden page): the timer keeps playback advancing, without painting', () => {
    const { counts, run } = scene(1000 / 60);
    run(3000, 1000);
    const offered = counts.frames;
    assert.ok(offered >= 59 && offered <= 61, `frames offered while visible: ${offered}`);
    assert.ok(counts.advances >= 45, `advances while hidden: ${counts.advances}`);
  });

  test('no requestAnimationFrame in the worker: the timer paints, 25 a second', () => {
    const { counts, run } = scene(undefined);
    run(1000);
    assert.equal(counts.frames, 25);
    assert.equal(counts.advances, 0);
  });
});
