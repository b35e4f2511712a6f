// The format's constants, in their one home (src/codec/constants.ts and blendshapes.ts), and the code that
// takes its cadence from them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES, FRAMES_PER_SECOND, SLOT_MS } from '../../../src/codec/index.js';
import { DEFAULT_PLAYBACK_OPTIONS } from '../../../src/playback/playback-engine.js';
import { MotionSequencer } from '../../../src/publisher/motion-sequencer.js';

test('25 motion frames a second, one 40 ms slot each', () => {
  assert.equal(FRAMES_PER_SECOND, 25);
  assert.equal(SLOT_MS, 40);
  assert.equal(DEFAULT_PLAYBACK_OPTIONS.frameIntervalMs, SLOT_MS);
});

test('the blendshape index is the name list inverted, and both are frozen', () => {
  assert.equal(BLENDSHAPE_NAMES.length, BLENDSHAPE_COUNT);
  assert.equal(BLENDSHAPE_COUNT, 52);
  assert.deepEqual(Object.keys(BLENDSHAPE_INDEX), [...BLENDSHAPE_NAMES]);
  BLENDSHAPE_NAMES.forEach((name, i) => assert.equal(BLENDSHAPE_INDEX[name], i, name));
  assert.ok(Object.isFrozen(BLENDSHAPE_NAMES) && Object.isFrozen(BLENDSHAPE_INDEX));
});

test('the sequencer stamps TIME one slot apart when frames come without it', () => {
  const s = new MotionSequencer();
  const frame = { blendshapes: new Float32Array(BLENDSHAPE_COUNT) };
  s.push(frame);
  s.push(frame);
  s.push(frame);
  const times = [s.next(), s.next(), s.next()].map((p) => p?.frame?.time);
  assert.deepEqual(times, [0, SLOT_MS, 2 * SLOT_MS]);
});
