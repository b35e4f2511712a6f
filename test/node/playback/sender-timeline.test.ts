// Lip sync on the sender's clock (src/playback/sender-timeline.ts): the motion's arrivals without the network's jitter.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SenderTimeline } from '../../../src/playback/sender-timeline.js';

describe('SenderTimeline', () => {
  test("a frame's arrival without jitter: its sender time + the mean network delay of the frames that arrived in the window", () => {
    const t = new SenderTimeline();
    // sent every 40 ms from sender time 5000; the path delay alternates 20 and 100 ms; local clock = sender + 1000
    for (let s = 0; s < 50; s++) t.add(1000 + 5000 + s * 40 + (s % 2 ? 100 : 20), 5000 + s * 40);
    const from = 6000, to = 6000 + 49 * 40 + 100;
    assert.equal(t.arrival(5000 + 10 * 40, from, to), 1000 + 5000 + 400 + 60, 'mean delay 60, whichever way the frame itself came');
    // a window where only the slow frames arrived... is whatever arrived then
    assert.equal(t.arrival(5000, 6000 + 40 + 100, 6000 + 40 + 100), 1000 + 5000 + 100);
  });

  test('no frame in the window: the mean of the last second; none at all: undefined; reset forgets', () => {
    const t = new SenderTimeline();
    assert.equal(t.arrival(0, 0, 1000), undefined);
    for (let s = 0; s < 100; s++) t.add(s * 40 + (s < 70 ? 50 : 10), s * 40); // the last second came 10 ms after sending
    assert.equal(t.arrival(4000, -5000, -4000), 4010);
    t.reset();
    assert.equal(t.arrival(4000, 0, 5000), undefined);
  });

  test('keeps 4 s of frames', () => {
    const t = new SenderTimeline();
    for (let s = 0; s < 500; s++) t.add(s * 40 + (s < 250 ? 500 : 0), s * 40);
    assert.equal(t.arrival(0, 0, 100_000), 0, 'the frames 500 ms late are more than 4 s old');
  });
});

test('SenderTimeline: a sender clock that jumps (timestamps re-based) starts the history afresh', () => {
  const t = new SenderTimeline();
  for (let s = 0; s < 25; s++) t.add(s * 40 + 30, s * 40);
  for (let s = 25; s < 50; s++) t.add(s * 40 + 30, s * 40 + 3_600_000);
  assert.equal(t.arrival(3_600_000 + 2000, 0, 10_000), 2000 + 30, 'only the frames on the new clock');
});

test('SenderTimeline: one frame seconds late (a freeze) is not a new clock; two that agree are', () => {
  const t = new SenderTimeline();
  for (let s = 0; s < 25; s++) t.add(s * 40 + 30, s * 40);
  t.add(25 * 40 + 3000, 25 * 40); // came 3 s late
  for (let s = 26; s < 50; s++) t.add(s * 40 + 30, s * 40);
  assert.equal(t.arrival(2000, 0, 1000), 2030, 'the history of the steady frames stands');
  t.add(50 * 40 + 30, 50 * 40 + 3_600_000);
  assert.equal(t.arrival(2000, 0, 3000), 2030, 'one frame on a new clock is held');
  t.add(51 * 40 + 30, 51 * 40 + 3_600_000);
  assert.equal(t.arrival(3_600_000 + 2000, 0, 10_000), 2030, 'the second confirms it: only the new clock counts');
});
