// The room's side of lip sync (src/room/voice-stats.ts): each voice it follows is read under its own source
// number, so the worker's sync clock starts afresh with a new voice track (src/playback/audio-delay.ts).
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { readVoiceStats, VoiceStatsMonitor } from '../../../src/room/voice-stats.js';
import { AudioDelayEstimator, NO_PLAYOUT_STATS_ALLOWANCE_MS } from '../../../src/playback/audio-delay.js';
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

/** A report of ten entries, like Chromium's for an audio receiver, that counts the entries converted (scanned or got). */
function chromiumLikeReport(emitted: number, ids = { inbound: 'IT01A1', playout: 'AP' }) {
  const entries: [string, Record<string, unknown>][] = [
    [ids.playout, { id: ids.playout, type: 'media-playout', totalPlayoutDelay: emitted / 48000 * 0.04, totalSamplesCount: emitted }],
    ...['CF1', 'CF2'].map((id): [string, Record<string, unknown>] => [id, { id, type: 'certificate' }]),
    ['CIT01', { id: 'CIT01', type: 'codec' }],
    ['CP1', { id: 'CP1', type: 'candidate-pair' }],
    [ids.inbound, { id: ids.inbound, type: 'inbound-rtp', kind: 'audio', jitterBufferDelay: emitted / 48000 * 0.05, jitterBufferEmittedCount: emitted }],
    ['I1', { id: 'I1', type: 'local-candidate' }], ['I2', { id: 'I2', type: 'remote-candidate' }],
    ['ROA1', { id: 'ROA1', type: 'remote-outbound-rtp' }], ['T01', { id: 'T01', type: 'transport' }],
  ];
  const map = new Map(entries);
  const counts = { converted: 0 };
  const report = {
    get: (id: string) => { const s = map.get(id); if (s) counts.converted++; return s; },
    forEach: (f: (s: Record<string, unknown>) => void) => map.forEach((s) => { counts.converted++; f(s); }),
  } as unknown as RTCStatsReport;
  return { report, counts };
}

test('the voice receiver\'s report is scanned once; later reads convert only its inbound-rtp and media-playout, by id', async () => {
  const samples: VoiceStats[] = [];
  const reports = [chromiumLikeReport(48000), chromiumLikeReport(96000), chromiumLikeReport(144000)];
  let i = 0;
  const rec = { getStats: () => Promise.resolve(reports[Math.min(i++, reports.length - 1)]!.report) } as unknown as RTCRtpReceiver;
  const monitor = new VoiceStatsMonitor((s) => samples.push(s), 5);
  try {
    monitor.follow(rec);
    while (samples.length < 3) await new Promise((r) => setTimeout(r, 5));
    assert.equal(reports[0]!.counts.converted, 10, 'the first report is scanned');
    assert.equal(reports[1]!.counts.converted, 2, 'then two entries by id');
    assert.deepEqual(samples.slice(0, 3).map((s) => [s.jitterBufferEmittedCount, s.totalSamplesCount]), [[48000, 48000], [96000, 96000], [144000, 144000]]);
  } finally {
    monitor.stop();
  }
});

test('ids that are gone from a report (another receiver\'s, a renegotiation) mean a scan again, and the counters are still read', () => {
  const { report, counts } = chromiumLikeReport(96000, { inbound: 'IT02B2', playout: 'AP2' });
  let found: unknown;
  const stats = readVoiceStats(report, { inbound: 'IT01A1', playout: 'AP' }, (ids) => (found = ids));
  assert.equal(stats?.jitterBufferEmittedCount, 96000);
  assert.equal(stats?.totalSamplesCount, 96000);
  assert.deepEqual(found, { inbound: 'IT02B2', playout: 'AP2' });
  assert.equal(counts.converted, 10);
  // without media-playout (Firefox): the inbound-rtp counters and the playout allowance, scanned each time, no ids kept
  const noPlayout = new Map([['in', { id: 'in', type: 'inbound-rtp', kind: 'audio', jitterBufferDelay: 1, jitterBufferEmittedCount: 48000 }]]) as unknown as RTCStatsReport;
  found = undefined;
  assert.deepEqual(readVoiceStats(noPlayout, undefined, (ids) => (found = ids)), { jitterBufferDelay: 1, jitterBufferEmittedCount: 48000, outputLatencyMs: NO_PLAYOUT_STATS_ALLOWANCE_MS });
  assert.equal(found, undefined);
});

test('a voice without media-playout stats (Firefox) is held the playout allowance longer; one with them (Chromium) gets no allowance', () => {
  const n = (t: number) => 48 * t;
  // NetEq 90 ms per sample in both; Chromium's media-playout 30 ms on top
  const firefox = (t: number) => new Map([['in', { id: 'in', type: 'inbound-rtp', kind: 'audio', jitterBufferDelay: n(t) * 0.09, jitterBufferEmittedCount: n(t) }]]) as unknown as RTCStatsReport;
  const chromium = (t: number) => new Map<string, Record<string, unknown>>([
    ['in', { id: 'in', type: 'inbound-rtp', kind: 'audio', jitterBufferDelay: n(t) * 0.09, jitterBufferEmittedCount: n(t) }],
    ['AP', { id: 'AP', type: 'media-playout', totalPlayoutDelay: n(t) * 0.03, totalSamplesCount: n(t) }],
  ]) as unknown as RTCStatsReport;
  assert.equal(readVoiceStats(chromium(1000))!.outputLatencyMs, undefined);
  const delay = (report: (t: number) => RTCStatsReport) => {
    const e = new AudioDelayEstimator();
    for (let t = 500; t <= 3000; t += 500) e.add({ ...readVoiceStats(report(t))!, at: t });
    return e.estimate(3000)!;
  };
  assert.equal(Math.round(delay(firefox).totalMs), 90 + NO_PLAYOUT_STATS_ALLOWANCE_MS);
  assert.equal(Math.round(delay(firefox).outputMs), NO_PLAYOUT_STATS_ALLOWANCE_MS);
  assert.equal(Math.round(delay(chromium).totalMs), 120, 'NetEq + media-playout, as before');
  assert.equal(delay(chromium).outputMs, 0);
});

test('the voice is read twice a second (each read is a getStats() on the page\'s main thread)', async () => {
  mock.timers.enable({ apis: ['setInterval'] });
  let reads = 0;
  const rec = { getStats: () => { reads++; return Promise.resolve(chromiumLikeReport(48000).report); } } as unknown as RTCRtpReceiver;
  const monitor = new VoiceStatsMonitor(() => undefined);
  try {
    monitor.follow(rec);
    assert.equal(reads, 1, 'read at once when followed');
    mock.timers.tick(2000);
    assert.equal(reads, 5, 'then every 500 ms');
  } finally {
    monitor.stop();
    mock.timers.reset();
  }
});
