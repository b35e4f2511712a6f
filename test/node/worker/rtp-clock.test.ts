// A motion frame's sender time (src/worker/rtp-clock.ts): the RTP timestamp from the encoded frame's metadata,
// unwrapped into ms.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RtpClock, rtpTimestampOf } from '../../../src/worker/rtp-clock.js';

describe('RtpClock', () => {
  test('90 kHz ticks to ms, unwrapped past 2^32 either way', () => {
    const c = new RtpClock();
    const start = 2 ** 32 - 90 * 40; // 40 ms before the wrap
    assert.equal(c.ms(start), start / 90);
    assert.equal(c.ms((start + 90 * 80) % 2 ** 32), start / 90 + 80, 'past the wrap');
    assert.equal(c.ms((start + 90 * 40) % 2 ** 32), start / 90 + 40, 'a reordered frame back across it');
  });
});

test('rtpTimestampOf: the metadata RTP timestamp, nothing else', () => {
  assert.equal(rtpTimestampOf({ getMetadata: () => ({ rtpTimestamp: 123456 }) }), 123456);
  assert.equal(rtpTimestampOf({ getMetadata: () => ({}) }), undefined);
  assert.equal(rtpTimestampOf({ getMetadata: () => ({ rtpTimestamp: 'x' }) }), undefined);
  assert.equal(rtpTimestampOf({}), undefined, 'no getMetadata');
  const deprecated = { getMetadata: () => ({}), timestamp: 1_700_000_000 };
  assert.equal(rtpTimestampOf(deprecated), undefined, 'the deprecated timestamp (µs in newer engines) is not read');
});
