// The room's side of lip sync (src/room/voice-stats.ts): each voice it follows is read under its own source
// number, so the worker's sync clock starts afresh with a new voice track (src/playback/audio-delay.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VoiceStatsMonitor } from '../../../src/room/voice-stats.js';
import type { VoiceStats } from '../../../src/room/voice-stats.js';

/** A receiver whose getStats() reports an audio inbound-rtp with these counters. */
function receiver(emitted: number): RTCRtpReceiver {
  const report = new Map([['in', { type: 'inbound-rtp', kind: 'audio', jitterBufferDelay: emitted / 48000 * 0.05, jitterBufferEmittedCount: emitted }]]);
  return { getStats: () => Promise.resolve(report as unknown as RTCStatsReport) } as unknown as RTCRtpReceiver;
}
const settle = () => new Promise((r) => setTimeout(r, 0));

test('a new voice track is read at once, under a new source; following the same receiver again changes nothing', async () => {
  const samples: VoiceStats[] = [];
  const monitor = new VoiceStatsMonitor((s) => samples.push(s), 60000); // only the reads follow() makes
  try {
    const first = receiver(96000);
    monitor.follow(first);
    await settle();
    assert.equal(samples.length, 1, 'read when followed, not a period later');
    monitor.follow(first); // playVoice() of the same track twice (subscribed, then the avatar found)
    await settle();
    assert.equal(samples.length, 1);
    monitor.follow(receiver(192000)); // a new avatar track, or a reconnect's: counters need not go backwards
    await settle();
    assert.equal(samples.length, 2);
    const [a, b] = samples.map((s) => s.source);
    assert.equal(typeof a, 'number');
    assert.equal(typeof b, 'number');
    assert.notEqual(a, b, 'another voice, another source');
    monitor.follow(undefined);
    monitor.follow(first); // back to a receiver after none: a voice again, a new source
    await settle();
    assert.equal(samples.length, 3);
    assert.ok(!new Set([a, b]).has(samples[2]!.source));
  } finally {
    monitor.stop();
  }
});
