import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_PAINT_MS, startDisplayLoop } from '../../../src/worker/display-loop.js';

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
  test('a visible page at 60 Hz: a paint every second display frame (30 a second), the frames between advance playback', () => {
    const { counts, run } = scene(1000 / 60);
    run(1000);
    assert.ok(counts.frames >= 29 && counts.frames <= 31, `paints: ${counts.frames}`);
    assert.ok(counts.advances >= 29 && counts.advances <= 31, `advances: ${counts.advances}`);
  });

  test('paints are at least MIN_PAINT_MS apart whatever the display rate; a display at 30 Hz or less paints every frame', () => {
    for (const [hz, expected] of [[120, 40], [50, 25], [30, 30], [24, 24]] as const) {
      const { counts, run } = scene(1000 / hz);
      run(1000);
      assert.ok(Math.abs(counts.frames - expected) <= 1, `${hz} Hz: ${counts.frames} paints, expected about ${expected}`);
      assert.ok(counts.frames * MIN_PAINT_MS <= 1000 + MIN_PAINT_MS, `${hz} Hz: ${counts.frames} paints in 1 s`);
    }
  });

  test('frames throttled (hidden page): the timer keeps playback advancing, without painting', () => {
    const { counts, run } = scene(1000 / 60);
    run(3000, 1000);
    const painted = counts.frames;
    assert.ok(painted >= 29 && painted <= 31, `paints while visible: ${painted}`);
    assert.ok(counts.advances >= 45, `advances while hidden: ${counts.advances}`);
  });

  test('no requestAnimationFrame in the worker: the timer paints, 25 a second', () => {
    const { counts, run } = scene(undefined);
    run(1000);
    assert.equal(counts.frames, 25);
    assert.equal(counts.advances, 0);
  });
});
