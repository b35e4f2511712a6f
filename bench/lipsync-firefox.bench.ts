// `npm run bench -- lipsync-firefox`: the lip-sync bench (bench/lipsync.bench.ts) with the subscriber in Debian's
// Firefox ESR (the publisher stays in Chromium). What Firefox does not give is reported as not available, never
// filled in: the voice "heard via <audio>" needs media-playout stats and a measured delivery time from
// getSynchronizationSources(), and Firefox has neither. Method and its differences: docs/sync.md, "Firefox".
// Loopback by default; LIPSYNC_FIREFOX_JITTER=30,100 adds the bench's transform-level jitter conditions.
// FIREFOX_AUDIO=pulse: Firefox plays into a PulseAudio null sink started per run (bench/lipsync/pulse.ts) instead of
// cubeb's mock device, and the sink's monitor is recorded: the voice as the sound server got it (bench/lipsync/heard.ts).
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SYNC_OPTIONS } from '../src/playback/sync-clock.js';
import { NO_PLAYOUT_STATS_ALLOWANCE_MS } from '../src/playback/audio-delay.js';
import { audioPath, lanes, match, summarize, voiceMeasured } from './lipsync/analyze.js';
import { CONTROL_CLICKS, FIREFOX_BENCH_PREFS, FIREFOX_TAP_WINDOW_MS, LipsyncBed } from './lipsync/harness.js';
import type { ConditionResult, FirefoxAudio } from './lipsync/harness.js';
import { heardFigures } from './lipsync/heard.js';
import type { HeardFigures } from './lipsync/heard.js';
import { POLICIES } from './lipsync/policies.js';
import type { PolicySpec } from './lipsync/pages/subscriber.worker.js';
import { CONTROLS, NORMAL, f, five, goal, shifts } from './lipsync.bench.js';
import { fmt } from './measure.js';

const NA = 'n/a';

/**
 * Firefox has no media-playout stats: the element adds NO_PLAYOUT_STATS_ALLOWANCE_MS to NetEq's delay instead (the
 * "synced clock" lane, as the element). Three candidate lanes move that allowance (the default lead shifted by the
 * difference: the same target), to measure it: none, 15 (the element before 2026-11-25), 20 and 40 ms.
 */
const ALLOWANCES = [0, 15, 20, 40];
export const FIREFOX_POLICIES: PolicySpec[] = [
  ...POLICIES,
  ...ALLOWANCES.map((ms) => ({
    name: ms ? `synced, playout allowance ${ms} ms` : 'synced, no playout allowance',
    options: { policy: 'adaptive' as const, maxBufferDelayMs: 80 },
    sync: { motionLeadMs: DEFAULT_SYNC_OPTIONS.motionLeadMs + NO_PLAYOUT_STATS_ALLOWANCE_MS - ms },
  })),
];

function conditions(): { name: string; jitterMs: number }[] {
  const extra = (process.env.LIPSYNC_FIREFOX_JITTER ?? '').split(',').map(Number).filter((n) => n > 0);
  return [{ name: 'loopback', jitterMs: 0 }, ...extra.map((j) => ({ name: `${j} ms jitter`, jitterMs: j }))];
}

/** What the subscriber's Firefox gave, in words (the first condition's capabilities). */
function capabilities(r: ConditionResult): string[] {
  const c = r.capabilities!;
  const has = (k: string) => (c.inboundFields[k] === 'number' ? 'yes' : '**absent**');
  const sample = r.probe?.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio') as Record<string, number> | undefined;
  const mean = (k: string) => (sample && sample.jitterBufferEmittedCount ? ` (run mean ${fmt((sample[k]! / sample.jitterBufferEmittedCount) * 1000, 0)} ms)` : '');
  return [
    `- Browser: \`${c.userAgent}\`; receivers attached by \`${c.attachMode}\` (RTCRtpScriptTransform); every audio frame's`,
    `  \`getMetadata().rtpTimestamp\`: ${c.audioFramesWithRtp} of ${c.audioFrames}; WebCodecs \`AudioDecoder\` in the worker: ${c.audioDecoder ? 'yes' : 'no'}.`,
    `- Voice inbound-rtp: \`jitterBufferDelay\` ${has('jitterBufferDelay')}${mean('jitterBufferDelay')}, \`jitterBufferEmittedCount\` ${has('jitterBufferEmittedCount')},`,
    `  \`jitterBufferTargetDelay\` ${has('jitterBufferTargetDelay')}${mean('jitterBufferTargetDelay')}, \`jitterBufferMinimumDelay\` ${has('jitterBufferMinimumDelay')}; \`media-playout\` stats: ${c.mediaPlayout ? 'yes' : '**absent**'}.`,
    `- \`AudioContext.outputLatency\` ${fmt(c.outputLatencyMs, 1)} ms, \`baseLatency\` ${fmt(c.baseLatencyMs, 1)} ms (${r.pulse ? 'PulseAudio null sink' : 'cubeb\'s mock device, below'}); sample rate ${c.sampleRate} Hz;`,
    `  the context clock ran at ${fmt(c.contextClockRate * 100, 1)} % of the wall clock.`,
    `- \`getSynchronizationSources()\`: a timestamp per packet on the wall clock, but it is Firefox's *predicted* playout time`,
    '  (the packet\'s arrival + a jitter estimate), not a delivery time: the "heard via <audio>" column is not available,',
    '  and the "synced, playout position" lane reads a prediction as a delivery time.',
    `- Worker clock − page clock: ${fmt(c.workerClockMs, 1)} ms (round trip ${fmt(c.workerRoundTripMs, 1)} ms).`,
  ];
}

/** The sound-server run's figures, in words and tables (FIREFOX_AUDIO=pulse). */
function soundServer(results: ConditionResult[]): string[] {
  const rows = results.map((r) => [r, heardFigures(r)] as const).filter((x): x is readonly [ConditionResult, HeardFigures] => !!x[1]);
  if (!rows.length) return [];
  const out = [
    '', `On the sound server (PulseAudio null sink, the monitor recorded at ${rows[0]![1].recorder.latencyMs} ms requested latency; the voice recorded is the <audio> element's output,`,
    'the tap\'s branch is silent). Control: the page\'s own clicks, tap → recorded (the WebAudio path), against what Firefox and the server report.', '',
    '| network | clicks found (tap / recorded of scheduled) | click: recorded − tap, median (p5..p95) | +120 ms clicks read (recorded / tap) | AudioContext outputLatency | baseLatency | currentTime − getOutputTimestamp().contextTime | null sink latency, median (configured) | recorder: chunk lag median / p95 | page − recorder clock |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [r, h] of rows) {
    const c = h.clicks;
    out.push(`| ${r.name} | ${c.atTap} / ${c.recorded} of ${c.scheduled} | ${fmt(c.path.median, 1)} (${fmt(c.path.p5, 1)}..${fmt(c.path.p95, 1)}) | ${fmt(c.shiftReadRecorded, 1)} / ${fmt(c.shiftReadTap, 1)} | ${fmt(c.outputLatencyMs, 1)} (${c.state}) | ${fmt(c.baseLatencyMs, 1)} | ${fmt(c.otsContextLagMs, 1)} | ${fmt(h.sink.latencyMs.median, 1)} (${fmt(h.sink.configuredMs.median, 1)}) | ${fmt(h.recorder.lagMedianMs, 2)} / ${fmt(h.recorder.lagP95Ms, 2)} | ${fmt(h.clockShiftMs, 2)} |`);
  }
  out.push('', 'The server\'s sink inputs (ms, medians over the events: buffer latency / sink latency):', '');
  for (const [r, h] of rows) out.push(`- ${r.name}: ${h.sinkInputs.map((s) => `#${s.index} ${s.name} ${fmt(s.bufferMs.median, 1)} / ${fmt(s.sinkMs.median, 1)}`).join('; ')}`);
  out.push('', '| network | voice bursts recorded (of normal events) | voice recorded − tap, median (p5..p95) | recorded − (tap + outputLatency) | NetEq delay, median | arrival → recorded, median (p5..p95) | recorded after NetEq (arrival → recorded − NetEq) |', '|---|---:|---:|---:|---:|---:|---:|');
  for (const [r, h] of rows) {
    const v = h.voice, jb = audioPath(r).jbMs.median;
    out.push(`| ${r.name} | ${v.matched} of ${v.events} | ${fmt(v.recordedMinusTap.median, 1)} (${fmt(v.recordedMinusTap.p5, 1)}..${fmt(v.recordedMinusTap.p95, 1)}) | ${fmt(v.recordedMinusHeard.median, 1)} | ${f(jb)} | ${f(v.arrivalToRecorded.median)} (${f(v.arrivalToRecorded.p5)}..${f(v.arrivalToRecorded.p95)}) | ${f(v.arrivalToRecorded.median - jb)} |`);
  }
  out.push('', 'Face − voice recorded on the sound server (ms: median / p5 / p95 / min / max; controls: what the +120 / −100 shifted events read):', '',
    '| network | policy | face − voice recorded | controls read |', '|---|---|---:|---:|');
  for (const [r, h] of rows) for (const l of h.lanes) out.push(`| ${r.name} | ${l.name} | ${five(l.recorded)} | ${f(l.controls['120']!)} / ${f(l.controls['-100']!)} |`);
  out.push('', 'Against the goal (synced clock, face − voice recorded):', '');
  for (const [r, h] of rows) {
    const synced = h.lanes.find((l) => l.name === 'synced clock')!;
    const none = h.lanes.find((l) => l.name === 'synced, no playout allowance')!;
    const before = h.lanes.find((l) => l.name === 'synced, playout allowance 15 ms');
    out.push(`- ${r.name}: as the element (${NO_PLAYOUT_STATS_ALLOWANCE_MS} ms allowance): ${goal(r, synced.recorded)}; ${before ? `with 15 ms (the element before): ${goal(r, before.recorded)}; ` : ''}without the allowance: ${goal(r, none.recorded)}.`);
  }
  return out;
}

export async function lipsyncFirefoxBench(): Promise<string> {
  const log = (s: string) => process.stdout.write(`\n  ${s}`);
  const firefoxAudio: FirefoxAudio = process.env.FIREFOX_AUDIO === 'pulse' ? 'pulse' : 'mock';
  const bed = await LipsyncBed.start({ subscriber: 'firefox', firefoxAudio });
  const results: ConditionResult[] = [];
  try {
    for (const [i, c] of conditions().entries()) {
      const r = await bed.run(c.name, '', c.jitterMs, FIREFOX_POLICIES, shifts(i + 1), log);
      results.push(r);
      writeFileSync(join(tmpdir(), `lipsync-firefox-${firefoxAudio}-${c.jitterMs}.json`), JSON.stringify(r)); // raw, for a closer look
    }
  } finally {
    await bed.stop();
  }

  const lines = [
    `Subscriber in Firefox ESR (publisher in Chromium), ${NORMAL} events per condition plus ${CONTROLS} known-shift controls each way`,
    `(+120 / −100), shuffled; the policies of the Chromium run side by side in one worker (the synced lanes with the element's ${NO_PLAYOUT_STATS_ALLOWANCE_MS} ms`,
    'playout allowance for a voice without media-playout stats), and the allowance moved (none, 15, 20, 40 ms). Face and tap as in the Chromium run; heard = tap +',
    `AudioContext.outputLatency (${firefoxAudio === 'pulse' ? 'as Firefox reports it for the PulseAudio null sink; the voice recorded on the sound server: below' : '0 on cubeb\'s mock device'}); the tap's render-moment offset over the last ${FIREFOX_TAP_WINDOW_MS} ms (the mock`,
    'device\'s clock drifts). Heard via <audio>: not available in Firefox (no media-playout stats; getSynchronizationSources gives a',
    'predicted, not a measured, playout time). Figures in ms: median / p5 / p95 / min / max; negative = the face moves before the voice.',
    '',
    '| network | policy | face − voice at the tap | face − voice heard | controls read (+120 / −100) | face − voice heard via <audio> | delay added to the face, median (p95) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  const paths = [
    '| network | voice: NetEq delay median (p95) | playout delay (media-playout) | AudioContext outputLatency | context clock rate | voice arrival → heard, median (stats + allowance: what the element follows) | measured on the bursts: arrival → heard, median (p5..p95) | sender: spike after burst, median | machine load (1 min) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const verdicts: string[] = [];
  for (const r of results) {
    const figures = lanes(r);
    for (const l of figures) {
      lines.push(`| ${r.name} | ${l.name} | ${five(l.tap)} | ${five(l.heard)} | ${f(l.controls['120']!)} / ${f(l.controls['-100']!)} | ${NA} | ${f(l.extraDelay.median)} (${f(l.extraDelay.p95)}) |`);
    }
    const p = audioPath(r);
    const measured = voiceMeasured(r).heard;
    const sender = summarize(match(r).filter((e) => e.shift === 0).map((e) => e.senderOffset));
    paths.push(`| ${r.name} | ${f(p.jbMs.median)} (${f(p.jbMs.p95)}) | ${NA} (absent) | ${f(p.outputLatencyMs)} | ${fmt(r.capabilities!.contextClockRate, 3)} | ${f(p.jbMs.median + NO_PLAYOUT_STATS_ALLOWANCE_MS)} | ${f(measured.median)} (${f(measured.p5)}..${f(measured.p95)}) | ${fmt(sender.median, 1)} | ${fmt(r.load ?? NaN, 1)} |`);
    const synced = figures.find((l) => l.name === 'synced clock')!;
    const onArrival = figures.find((l) => l.name === 'render on arrival')!;
    const added = synced.extraDelay.median - onArrival.extraDelay.median;
    verdicts.push(`- ${r.name}: synced clock, heard (tap + output latency): ${goal(r, synced.heard)}; the sync adds ${f(added)} ms to the face against the voice's ${f(p.jbMs.median)} ms from arrival to heard as its stats give it (NetEq only: no playout stat; ${f(p.jbMs.median + NO_PLAYOUT_STATS_ALLOWANCE_MS)} with the allowance) and ${f(measured.median)} ms measured on the bursts.`);
    const none = figures.find((l) => l.name === 'synced, no playout allowance')!;
    verdicts.push(`  Without the allowance: ${goal(r, none.heard)}.`);
  }
  return [
    ...lines, '', 'The voice\'s path in the same runs (subscriber getStats, 2 per second; measured: from the arrival of the encoded frame',
    `holding the onset to the onset heard). The element follows NetEq + media-playout + motionLeadMs (${DEFAULT_SYNC_OPTIONS.motionLeadMs} ms); in Firefox only the NetEq`,
    `part exists, and the element adds its ${NO_PLAYOUT_STATS_ALLOWANCE_MS} ms playout allowance in place of media-playout.`, '', ...paths, '',
    'What this Firefox gave the sync:', '', ...capabilities(results[0]!), ...soundServer(results), '',
    'Against the goal (synced clock; heard via <audio> not measurable in Firefox):', '', ...verdicts, '',
    firefoxAudio === 'pulse'
      ? `Audio: a PulseAudio null sink per run (FIREFOX_AUDIO=pulse), ${CONTROL_CLICKS} control clicks before the events; no mock-device pref.`
      : `Firefox prefs beyond test/firefox.mjs: ${Object.entries(FIREFOX_BENCH_PREFS).map(([k, v]) => `\`${k}: ${String(v)}\``).join(', ')} (no sound server on this machine:`,
    ...(firefoxAudio === 'pulse' ? [] : ['without a device the AudioContext never runs).']),
    'Network: loopback; the Chromium field trial is a Chromium flag and does not exist',
    'in Firefox; the jitter conditions (when run) are the bench\'s own transform-level jitter, as in the Chromium run.',
  ].join('\n');
}
