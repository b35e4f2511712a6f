// When the default face paints (src/render/paint-pacer.ts): at the first display frame after a new pose, at most
// every MIN_PAINT_MS; for the idle life only as often as it needs; never for a face that does not move.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IDLE_PAINT_MS, MIN_PAINT_MS, PaintPacer } from '../../../src/render/paint-pacer.js';
import type { FaceChange } from '../../../src/render/paint-pacer.js';

const STILL: FaceChange = { drifting: false, quick: false };
const DRIFT: FaceChange = { drifting: true, quick: false };
const QUICK: FaceChange = { drifting: false, quick: true };

/** Display frames at `hz` for `ms`; `posesEvery`: a new pose every so many ms (0: none). Returns the paint times. */
function run(hz: number, ms: number, change: FaceChange, posesEvery = 0, pacer = new PaintPacer()): number[] {
  const painted: number[] = [];
  let nextPose = posesEvery || Infinity;
  for (let n = 1, now = 1000 / hz; now <= ms; n++, now = (n * 1000) / hz) {
    while (now >= nextPose) { pacer.invalidate(); nextPose += posesEvery; }
    if (pacer.due(now, change)) painted.push(now);
  }
  return painted;
}

describe('paint pacer', () => {
  test('the first display frame paints (the neutral face), then a still face never paints again', () => {
    const painted = run(60, 10_000, STILL);
    assert.equal(painted.length, 1);
  });

  test('speaking at 60 Hz: one paint per 40 ms pose (25 a second), at the first display frame after it', () => {
    const painted = run(60, 10_000, STILL, 40);
    assert.ok(Math.abs(painted.length - 250) <= 1, `paints: ${painted.length}`);
    for (const t of painted.slice(1)) {
      const pose = Math.floor(t / 40) * 40;
      assert.ok(t - pose < 1000 / 60 + 1e-9, `painted at ${t.toFixed(1)}, ${(t - pose).toFixed(1)} ms after its pose`);
    }
  });

  test('poses faster than MIN_PAINT_MS (catching up) or a display at 120 Hz: paints stay MIN_PAINT_MS apart', () => {
    for (const [hz, every] of [[120, 10], [60, 20], [144, 5]] as const) {
      const painted = run(hz, 5000, STILL, every);
      for (let i = 1; i < painted.length; i++) assert.ok(painted[i]! - painted[i - 1]! >= MIN_PAINT_MS - 1e-9, `${hz} Hz: ${painted[i]! - painted[i - 1]!} ms apart`);
      assert.ok(painted.length >= 5000 / (MIN_PAINT_MS + 1000 / hz) - 1, `${hz} Hz: ${painted.length} paints`);
    }
  });

  test('idle life: a drifting face paints about 15 a second, a blink on every frame allowed', () => {
    const drift = run(60, 10_000, DRIFT);
    assert.ok(drift.length >= 10_000 / (IDLE_PAINT_MS + 1000 / 60) - 1 && drift.length <= 10_000 / IDLE_PAINT_MS + 1, `drift paints: ${drift.length}`);
    const blink = run(60, 1000, QUICK);
    assert.ok(blink.length >= 29 && blink.length <= 31, `blink paints in 1 s at 60 Hz: ${blink.length}`);
  });

  test('idle life on a display whose frame times jitter by ±1 ms: still every 4th frame at 60 Hz (15 a second)', () => {
    const pacer = new PaintPacer();
    let seed = 3;
    const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1;
    let paints = 0;
    for (let n = 1; n <= 600; n++) if (pacer.due((n * 1000) / 60 + jitter(), DRIFT)) paints++;
    assert.ok(paints >= 149 && paints <= 151, `idle paints in 10 s: ${paints}`);
  });

  test('a new size or theme (invalidate) paints once more on a still face', () => {
    const pacer = new PaintPacer();
    assert.equal(pacer.due(0, STILL), true);
    assert.equal(pacer.due(100, STILL), false);
    pacer.invalidate();
    assert.equal(pacer.due(110, STILL), true);
    assert.equal(pacer.due(200, STILL), false);
  });
});
