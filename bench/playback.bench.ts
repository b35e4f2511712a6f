// Replays the same arrival traces through three policies side by side: render-on-arrival, the fixed
// 80 ms buffer (the anchor product's) and ours (adaptive). Simulated clock: deterministic, no timers.
import { BLENDSHAPE_COUNT } from '../src/codec/index.js';
import type { MotionPacket } from '../src/codec/index.js';
import { PlaybackEngine } from '../src/playback/index.js';
import type { PlaybackOptions } from '../src/playback/index.js';
import { fmt } from './measure.js';
import { traces } from './traces.js';
import type { Trace } from './traces.js';

interface Result { meanDelay: number; p95Delay: number; skipRate: number; freezes: number; cadenceStd: number; rendered: number }

const POLICIES: [string, Partial<PlaybackOptions>][] = [
  ['render on arrival', { enableJitterBuffer: false }],
  ['fixed 80 ms buffer', { policy: 'fixed', maxBufferDelayMs: 80 }],
  ['ours (adaptive)', { policy: 'adaptive', maxBufferDelayMs: 80 }],
];

const TICK_MS = 1000 / 60; // the worker's render loop

function replay(trace: Trace, options: Partial<PlaybackOptions>): Result {
  const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
  const renders: { seq: number; at: number }[] = [];
  const engine = new PlaybackEngine({ ...options, stallTimeoutMs: 1e9 }, {
    render: (pose, at, fresh) => { if (fresh) renders.push({ seq: pose.seq, at }); },
    event: () => undefined,
  });
  const last = trace.arrivals.at(-1)!.seq;
  let tick = 0;
  for (const a of trace.arrivals) {
    for (; tick <= a.at; tick += TICK_MS) engine.advance(tick);
    const packet: MotionPacket = { kind: 'frame', start: a.seq === trace.arrivals[0]!.seq, end: a.seq === last, seq: a.seq, frame: { blendshapes } };
    engine.push(packet, a.at);
    engine.advance(a.at);
  }
  for (const end = tick + 5000; tick <= end; tick += TICK_MS) engine.advance(tick);

  const arrival = new Map(trace.arrivals.map((a) => [a.seq, a.at]));
  const delays = renders.map((r) => r.at - arrival.get(r.seq)!).sort((a, b) => a - b);
  const intervals = renders.slice(1).map((r, i) => r.at - renders[i]!.at);
  const mean = intervals.reduce((s, v) => s + v, 0) / intervals.length;
  const threshold = Math.max(3 * mean, mean + 150);
  const std = Math.sqrt(intervals.reduce((s, v) => s + (v - mean) ** 2, 0) / intervals.length);
  return {
    meanDelay: delays.reduce((s, v) => s + v, 0) / delays.length,
    p95Delay: delays[Math.floor(0.95 * (delays.length - 1))]!,
    skipRate: 1 - renders.length / trace.arrivals.length,
    freezes: intervals.filter((v) => v >= threshold).length,
    cadenceStd: std,
    rendered: renders.length,
  };
}

export async function playbackBench(): Promise<string> {
  const lines = [
    'Each trace: one 2-minute conversation (3,000 frames at 25 fps). Added delay: from a frame\'s arrival to',
    'its render slot. Skipped: frames that arrived but were never rendered. Freeze: a gap between rendered',
    'frames of at least max(3 x mean, mean + 150 ms). Cadence: standard deviation of those gaps.',
    '',
    '| trace | policy | added delay mean / p95 (ms) | skipped | freezes | cadence std (ms) |',
    '|---|---|---:|---:|---:|---:|',
  ];
  const verdicts: string[] = [];
  for (const trace of traces()) {
    const results = POLICIES.map(([name, options]) => [name, replay(trace, options)] as const);
    for (const [name, r] of results) {
      lines.push(`| ${trace.name} | ${name} | ${fmt(r.meanDelay, 1)} / ${fmt(r.p95Delay, 1)} | ${fmt(r.skipRate * 100, 2)}% | ${r.freezes} | ${fmt(r.cadenceStd, 1)} |`);
    }
    const fixed = results[1]![1], ours = results[2]![1];
    const ok = ours.skipRate <= fixed.skipRate + 1e-9 && ours.freezes <= fixed.freezes;
    const needsLower = trace.name === 'clean loopback' || trace.name === '4G-like';
    const lower = ours.meanDelay < fixed.meanDelay;
    verdicts.push(`- ${trace.name}: ${ok ? 'no more skips and freezes than the fixed buffer' : '**more skips or freezes than the fixed buffer**'}`
      + `; mean added delay ${fmt(ours.meanDelay / fixed.meanDelay, 2)}x the fixed buffer's`
      + (needsLower ? (lower ? ' (goal: lower, met)' : ' (**goal: lower, not met**)') : ''));
  }
  return [...lines, '', 'Against the goal (ours vs the fixed buffer, same trace, same run):', '', ...verdicts].join('\n');
}
