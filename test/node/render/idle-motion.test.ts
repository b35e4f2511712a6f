// Idle motion (pure) and prefers-reduced-motion: reduced keeps the head, body and gaze still and only blinks;
// a change of the preference applies from the next update.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdleMotion } from '../../../src/render/idle-motion.js';

/** The largest |value| of each channel over `ms` of 30 fps updates from `from`. */
function sweep(idle: IdleMotion, from: number, ms: number) {
  const max = { blink: 0, breath: 0, yaw: 0, pitch: 0, roll: 0, gazeX: 0, gazeY: 0 };
  for (let t = from; t < from + ms; t += 33) {
    idle.update(t);
    for (const k of Object.keys(max) as (keyof typeof max)[]) max[k] = Math.max(max[k], Math.abs(idle[k]));
  }
  return max;
}

test('no preference: the head drifts, the body breathes, the eyes glance and blink', () => {
  const max = sweep(new IdleMotion(7, false), 0, 20000);
  for (const k of ['blink', 'breath', 'yaw', 'pitch', 'roll', 'gazeX'] as const) assert.ok(max[k] > 0.01, `${k} moves (${max[k]})`);
});

test('reduced motion: only blinks; head, breathing and gaze stay at rest', () => {
  const max = sweep(new IdleMotion(7, true), 0, 20000);
  assert.ok(max.blink > 0.5, 'it still blinks (a face that never blinks looks dead)');
  assert.deepEqual({ ...max, blink: 0 }, { blink: 0, breath: 0, yaw: 0, pitch: 0, roll: 0, gazeX: 0, gazeY: 0 });
});

test('the preference changing at run time applies from the next update', () => {
  const idle = new IdleMotion(7, false);
  sweep(idle, 0, 5000);
  idle.reducedMotion = true;
  const still = sweep(idle, 5000, 10000);
  assert.deepEqual([still.yaw, still.pitch, still.roll, still.breath, still.gazeX, still.gazeY], [0, 0, 0, 0, 0, 0]);
  idle.reducedMotion = false;
  assert.ok(sweep(idle, 15000, 5000).yaw > 0.01, 'moves again');
});
