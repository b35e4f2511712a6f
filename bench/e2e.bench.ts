// `npm run bench -- e2e`: issue 12's end-to-end figures, the built element (dist/spatius-avatar.standalone.js)
// in headless Chromium against a real livekit-server on 127.0.0.1, the avatars published by MotionPublisher
// (voice + motion, speaking) from another Chromium (bench/e2e/), beside a voice-only baseline (the same rooms
// joined by plain livekit-client calls that play the voice only, no element). Method and caveats in the text it writes.
import { loadavg } from 'node:os';
import { E2eBed, metrics, processCpu } from './e2e/harness.js';
import { traceMainThread } from './e2e/trace.js';
import type { TraceSummary } from './e2e/trace.js';
import { fmt } from './measure.js';

const FRESH = 20;
const WINDOW_MS = 10000;
const TRACE_MS = 5000;
const ROUNDS = Number(process.env.E2E_ROUNDS ?? 2);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const quantile = (xs: number[], q: number) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))]! : NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const f = (v: number, d = 0) => (Number.isFinite(v) ? fmt(v, d) : '–');
const met = (ok: boolean) => (ok ? 'met' : '**not met**');

/** The viewer page of a window: the idle page (no element), the voice-only baseline (no element), the element. */
type Lane = 'idle' | 'voice' | 'avatar';
const LANE_NAME: Record<Lane, string> = { idle: 'idle', voice: 'voice-only', avatar: 'element' };

interface Window {
  page: Lane;
  round: number;
  /** Avatars on the element's page, voice-only calls on the baseline page, 0 on the idle page. */
  avatars: number;
  seconds: number;
  taskMsPerS: number;
  scriptMsPerS: number;
  /** Performance.getMetrics ThreadTime (main thread CPU) and ProcessTime (renderer process CPU). */
  threadCpuMsPerS: number;
  processCpuMsPerS: number;
  rendererCpuMsPerS: number;
  browserCpuMsPerS: number;
  /** per avatar: video payload kbps, video payload + RTP header kbps, audio kbps, frames/s received, face slots rendered/s */
  perAvatar: { videoKbps: number; videoWireKbps: number; audioKbps: number; fps: number; renderedPerS: number }[];
  /** Voice-only page: seconds of the voice its <audio> played per second, per call. */
  playedPerS: number[];
  load: number;
}

type Rtp = { at: number; videoBytes: number; videoHeaderBytes: number; videoPackets: number; videoFrames: number; audioBytes: number; audioHeaderBytes: number }[];

export async function e2eBench(): Promise<string> {
  const log = (s: string) => process.stdout.write(`\n  ${s}`);
  const loadStart = loadavg();
  const started = Date.now();
  const bed = await E2eBed.start();
  const id = Date.now().toString(36);
  const rooms = [0, 1, 2, 3].map((i) => `e2e-${id}-${i}`);
  const url = bed.livekit.url;
  let neutral: { sent: number; answered: number; polls: number }[];
  let connects: { connected: number; firstFrame: number }[];
  const windows: Window[] = [];
  let metricNames = '';
  const traces: { page: Lane; avatars: number; summary: TraceSummary }[] = [];
  try {
    await bed.startAvatars(rooms, log);
    log('avatars speaking; part 1: the neutral face…');
    let { page, cdp } = await bed.viewer(log);
    neutral = (await page.evaluate((n) => (window as unknown as { neutral(n: number): Promise<unknown> }).neutral(n), FRESH + 1)) as typeof neutral;

    log('part 2: connect() → connected → first-frame…');
    const tokens = await Promise.all(Array.from({ length: FRESH + 1 }, (_, i) => bed.token(`viewer-c${i}`, rooms[0]!)));
    connects = (await page.evaluate((u, t) => (window as unknown as { connects(u: string, t: string[]): Promise<unknown> }).connects(u, t), url, tokens)) as typeof connects;

    // parts 3-5: the idle page (no element), the voice-only baseline (no element, plain livekit-client calls
    // playing the voice) and the element, 1 then 4; a fresh viewer page each, rounds interleaved
    const lanes: [Lane, number][] = [['idle', 0], ['voice', 1], ['avatar', 1], ['voice', 4], ['avatar', 4]];
    for (let round = 0; round < ROUNDS; round++) {
      for (const [lane, n] of lanes) {
        log(`round ${round + 1}: ${lane === 'voice' ? `voice-only, ${n} call(s)` : `${n} avatar(s)`}, ${WINDOW_MS / 1000} s…`);
        ({ page, cdp } = await bed.viewer(log, lane === 'voice' ? 'voice' : 'viewer'));
        if (n) {
          const t = await Promise.all(rooms.slice(0, n).map((r, i) => bed.token(`viewer-${lane[0]}${round}-${n}-${i}`, r)));
          if (lane === 'voice') await page.evaluate((u, tk) => (window as unknown as { call(u: string, t: string[]): Promise<void> }).call(u, tk), url, t);
          else await page.evaluate((u, tk) => (window as unknown as { play(u: string, t: string[]): Promise<void> }).play(u, tk), url, t);
        }
        await sleep(3000); // settle: the jitter buffer's first second, the last resize
        const rtp = () => page.evaluate(() => (window as unknown as { rtp(): Promise<unknown> }).rtp()) as Promise<Rtp>;
        const rendered = () => page.evaluate(() => (window as unknown as { rendered(): number[] }).rendered());
        const played = async () => (lane === 'voice' ? page.evaluate(() => (window as unknown as { played(): number[] }).played()) : []);
        const [m0, c0, r0, s0, p0] = [await metrics(cdp), await processCpu(bed.viewerBrowser), await rtp(), await rendered(), await played()];
        await sleep(WINDOW_MS);
        const [m1, c1, r1, s1, p1] = [await metrics(cdp), await processCpu(bed.viewerBrowser), await rtp(), await rendered(), await played()];
        if (!metricNames) log(`metrics: ${(metricNames = Object.keys(m1).join(', '))}`);
        const seconds = m1.Timestamp! - m0.Timestamp!;
        const all = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
        windows.push({
          page: lane,
          round,
          avatars: n,
          seconds,
          taskMsPerS: ((m1.TaskDuration! - m0.TaskDuration!) * 1000) / seconds,
          scriptMsPerS: ((m1.ScriptDuration! - m0.ScriptDuration!) * 1000) / seconds,
          threadCpuMsPerS: ((m1.ThreadTime! - m0.ThreadTime!) * 1000) / seconds,
          processCpuMsPerS: ((m1.ProcessTime! - m0.ProcessTime!) * 1000) / seconds,
          rendererCpuMsPerS: (((c1.renderer ?? 0) - (c0.renderer ?? 0)) * 1000) / seconds,
          browserCpuMsPerS: ((all(c1) - all(c0)) * 1000) / seconds,
          perAvatar: r1.map((b, i) => {
            const a = r0[i]!, s = (b.at - a.at) / 1000;
            return {
              videoKbps: ((b.videoBytes - a.videoBytes) * 8) / s / 1000,
              videoWireKbps: ((b.videoBytes + b.videoHeaderBytes - a.videoBytes - a.videoHeaderBytes) * 8) / s / 1000,
              audioKbps: ((b.audioBytes - a.audioBytes) * 8) / s / 1000,
              fps: (b.videoFrames - a.videoFrames) / s,
              renderedPerS: lane === 'avatar' ? (s1[i]! - s0[i]!) / s : NaN,
            };
          }),
          playedPerS: p1.map((x, i) => (x - p0[i]!) / seconds),
          load: loadavg()[0]!,
        });
        const w = windows.at(-1)!;
        if (round === 0 && n) traces.push({ page: lane, avatars: n, summary: await traceMainThread(page, TRACE_MS) });
        log(`  task ${f(w.taskMsPerS, 1)} ms/s, thread ${f(w.threadCpuMsPerS, 2)} ms/s, script ${f(w.scriptMsPerS, 1)} ms/s, renderer CPU ${f(w.rendererCpuMsPerS)} ms/s, browser ${f(w.browserCpuMsPerS)} ms/s, video ${w.perAvatar.map((p) => f(p.videoKbps, 1)).join(' / ')} kbps, voice ${w.perAvatar.map((p) => f(p.audioKbps, 1)).join(' / ')} kbps${w.playedPerS.length ? `, played ${w.playedPerS.map((x) => f(x, 2)).join(' / ')} s/s` : ''}`);
      }
    }
  } finally {
    await bed.stop();
  }
  return report(neutral, connects, windows, traces, loadStart, loadavg(), (Date.now() - started) / 1000);
}

function report(neutral: { sent: number; answered: number; polls: number }[], connects: { connected: number; firstFrame: number }[], windows: Window[], traces: { page: Lane; avatars: number; summary: TraceSummary }[], loadStart: number[], loadEnd: number[], seconds: number): string {
  // the first of each series is the cold one (the worker's script compiled for the first time, the first Room)
  const [coldFace, ...faces] = neutral;
  const [coldConnect, ...conns] = connects;
  const faceMedian = median(faces.map((x) => x.answered));
  const ffMedian = median(conns.map((c) => c.firstFrame)), ffP95 = quantile(conns.map((c) => c.firstFrame), 0.95);
  const connMedian = median(conns.map((c) => c.connected)), connP95 = quantile(conns.map((c) => c.connected), 0.95);
  const missed = conns.filter((c) => !Number.isFinite(c.firstFrame)).length;

  const byN = (n: number, lane: Lane = n ? 'avatar' : 'idle') => windows.filter((w) => w.page === lane && w.avatars === n);
  const base = byN(0), one = byN(1), four = byN(4), voice1 = byN(1, 'voice'), voice4 = byN(4, 'voice');
  const avatarWindows = windows.filter((w) => w.page === 'avatar');
  const baseTask = median(base.map((w) => w.taskMsPerS));
  const baseThread = median(base.map((w) => w.threadCpuMsPerS));
  const perAvatar = (ws: Window[], n: number) => ws.map((w) => (w.taskMsPerS - baseTask) / n);
  const list = (xs: number[], d = 1) => xs.map((x) => f(x, d)).join(', ');
  const one1 = perAvatar(one, 1), four1 = perAvatar(four, 4);
  const kbps = avatarWindows.flatMap((w) => w.perAvatar.map((p) => p.videoKbps));
  const wire = avatarWindows.flatMap((w) => w.perAvatar.map((p) => p.videoWireKbps));
  const maxKbps = Math.max(...kbps), maxWire = Math.max(...wire);
  const fps = avatarWindows.flatMap((w) => w.perAvatar.map((p) => p.fps));
  const slots = avatarWindows.flatMap((w) => w.perAvatar.map((p) => p.renderedPerS));
  const cpu4 = four.map((w) => w.rendererCpuMsPerS), cpu0 = base.map((w) => w.rendererCpuMsPerS), cpu1 = one.map((w) => w.rendererCpuMsPerS);
  // 3d: each element window less the voice-only window of the same round with as many calls, per avatar
  const overVoice = (ws: Window[], key: 'threadCpuMsPerS' | 'taskMsPerS') => ws.map((w) => {
    const v = windows.find((x) => x.page === 'voice' && x.avatars === w.avatars && x.round === w.round);
    return v ? (w[key] - v[key]) / w.avatars : NaN;
  });
  const voiceKbps = windows.filter((w) => w.page === 'voice').flatMap((w) => w.perAvatar.map((p) => p.audioKbps));
  const voiceVideo = windows.filter((w) => w.page === 'voice').flatMap((w) => w.perAvatar.map((p) => p.videoKbps));
  const played = windows.flatMap((w) => w.playedPerS);

  const rows = [
    ['1. element appended → first face in `snapshot()` (no connection)', `median ${f(faceMedian)} ms, p95 ${f(quantile(faces.map((x) => x.answered), 0.95))}; the snapshot that showed it was asked for at ${f(median(faces.map((x) => x.sent)))} ms (median) (first element of the page, cold: ${f(coldFace!.answered)})`, 'under 300 ms', met(faceMedian < 300)],
    ['2a. `connect()` → `connected` (loopback)', `median ${f(connMedian)} ms, p95 ${f(connP95)} (first connect of the page: ${f(coldConnect!.connected)})`, 'none set', '–'],
    ['2b. `connect()` → `first-frame` (loopback)', `median ${f(ffMedian)} ms, p95 ${f(ffP95)} (first: ${f(coldConnect!.firstFrame)})${missed ? `; ${missed} with no first-frame in 10 s` : ''}`, 'under 1 s', met(ffMedian < 1000 && missed === 0)],
    ['3a. main-thread task time per avatar, 1 avatar playing', `${list(one1, 2)} ms per s (page ${list(one.map((w) => w.taskMsPerS))}, idle page ${list(base.map((w) => w.taskMsPerS))})`, 'under 2 ms/s', met(one1.length > 0 && Math.max(...one1) < 2)],
    ['3b. main-thread task time per avatar, 4 avatars playing', `${list(four1, 2)} ms per s (page ${list(four.map((w) => w.taskMsPerS))})`, 'under 2 ms/s', met(four1.length > 0 && Math.max(...four1) < 2)],
    ['3c. main-thread CPU (ThreadTime) per avatar, 1 / 4 avatars', `${list(one.map((w) => w.threadCpuMsPerS - baseThread), 2)} / ${list(four.map((w) => (w.threadCpuMsPerS - baseThread) / 4), 2)} ms per s`, 'under 2 ms/s', met([...one.map((w) => w.threadCpuMsPerS - baseThread), ...four.map((w) => (w.threadCpuMsPerS - baseThread) / 4)].every((x) => x < 2))],
    ['3d. main-thread time the avatar adds over a voice-only call, per avatar (ThreadTime and TaskDuration), 1 / 4 avatars', `ThreadTime ${list(overVoice(one, 'threadCpuMsPerS'), 2)} / ${list(overVoice(four, 'threadCpuMsPerS'), 2)} ms per s; TaskDuration ${list(overVoice(one, 'taskMsPerS'), 2)} / ${list(overVoice(four, 'taskMsPerS'), 2)} (voice-only page, 1 / 4 calls: ThreadTime ${list(voice1.map((w) => w.threadCpuMsPerS))} / ${list(voice4.map((w) => w.threadCpuMsPerS))}, TaskDuration ${list(voice1.map((w) => w.taskMsPerS))} / ${list(voice4.map((w) => w.taskMsPerS))} ms per s)`, 'none set (3a-3c: under 2 ms/s)', '–'],
    ['4. motion track bitrate per avatar (video `bytesReceived`)', `max ${f(maxKbps, 1)} kbps payload, ${f(maxWire, 1)} kbps with RTP headers (all ${kbps.length}: ${f(Math.min(...kbps), 1)}..${f(maxKbps, 1)}); a 720p avatar video at 1.7 Mbps is ${f(1700 / maxWire, 0)}x that`, 'at most 60 kbps', met(maxWire <= 60)],
    ['5. CPU of the page, 4 avatars speaking (renderer process)', `${list(cpu4, 0)} ms per s of wall time (${list(cpu4.map((c) => c / 10), 1)}% of one core); 1 avatar ${list(cpu1, 0)}; no element ${list(cpu0, 0)}; voice-only, 1 / 4 calls ${list(voice1.map((w) => w.rendererCpuMsPerS), 0)} / ${list(voice4.map((w) => w.rendererCpuMsPerS), 0)}`, 'none set', '–'],
  ];
  const table = ['| figure | measured | goal | |', '|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)];

  const detail = ['| window | page | avatars (calls) | main-thread tasks (ms/s) | of which script (ms/s) | main-thread CPU (ms/s) | renderer CPU: ProcessTime / SystemInfo (ms/s) | whole browser CPU (ms/s) | video kbps per avatar (payload / with headers) | voice kbps | video frames/s received | face slots rendered/s | load (1 min) |', '|---|---|---:|---:|---:|---:|---:|---:|---|---|---|---|---:|'];
  windows.forEach((w, i) => detail.push(`| ${i + 1} | ${LANE_NAME[w.page]} | ${w.avatars} | ${f(w.taskMsPerS, 1)} | ${f(w.scriptMsPerS, 1)} | ${f(w.threadCpuMsPerS, 1)} | ${f(w.processCpuMsPerS)} / ${f(w.rendererCpuMsPerS)} | ${f(w.browserCpuMsPerS)} | ${w.perAvatar.map((p) => `${f(p.videoKbps, 1)} / ${f(p.videoWireKbps, 1)}`).join(', ') || '–'} | ${w.perAvatar.map((p) => f(p.audioKbps, 1)).join(', ') || '–'} | ${w.perAvatar.map((p) => f(p.fps, 1)).join(', ') || '–'} | ${w.perAvatar.map((p) => f(p.renderedPerS, 1)).join(', ') || '–'} | ${f(w.load, 1)} |`));

  return [
    `Machine load (\`uptime\`, 1 / 5 / 15 min) at the start ${loadStart.map((l) => f(l, 1)).join(' / ')}, at the end ${loadEnd.map((l) => f(l, 1)).join(' / ')}; the run took ${f(seconds)} s.`,
    '',
    ...table,
    '',
    `Every playback window (${WINDOW_MS / 1000} s each, after 3 s of settling; a fresh viewer page each; rounds of: the idle page, the voice-only page with 1 call, 1 avatar, the voice-only page with 4 calls, 4 avatars; ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}):`,
    '',
    ...detail,
    '',
    `While measured, each avatar's motion track arrived at ${f(Math.min(...fps), 1)}..${f(Math.max(...fps), 1)} video frames/s and its face rendered ${f(Math.min(...slots), 1)}..${f(Math.max(...slots), 1)} conversation slots/s (25 while speaking; the 0.4 s pauses between the 8 s conversations are IDLE). The voice-only calls received ${f(Math.min(...voiceKbps), 1)}..${f(Math.max(...voiceKbps), 1)} kbps of voice and ${f(Math.max(...voiceVideo), 1)} kbps of video at most (the motion track not subscribed); their \`<audio>\` played ${f(Math.min(...played), 2)}..${f(Math.max(...played), 2)} s of voice per second.`,
    '',
    `Where the main-thread time goes: a ${TRACE_MS / 1000} s DevTools trace (\`devtools.timeline\`, \`toplevel\`, \`v8.execute\`, \`scheduler\`, \`sequence_manager\`) of the page's CrRendererMain right after its first window, ms per second, inclusive (nested events count in each):`,
    '',
    '| page | avatars (calls) | top-level tasks | by task type | by event | script functions called by the browser | events dispatched |',
    '|---|---:|---:|---|---|---|---|',
    ...traces.map(({ page, avatars, summary: t }) => `| ${LANE_NAME[page]} | ${avatars} | ${f(t.tasksMsPerS, 1)} | ${t.byTaskType.map(([k, v]) => `${k} ${f(v, 2)}`).join(', ')} | ${t.byName.map(([k, v]) => `${k} ${f(v, 2)}`).join(', ')} | ${t.byFunction.map(([k, v]) => `${k} ${f(v, 2)}`).join(', ') || '–'} | ${t.byEventType.map(([k, v]) => `${k} ${f(v, 2)}`).join(', ') || '–'} |`),
    '',
    `Ratios in this run: the 4-avatar page's renderer CPU is ${median(cpu0) >= 1 ? `${f(median(cpu4) / median(cpu0), 1)}x the idle page's` : `${f(median(cpu4))} ms/s against under 1 for the idle page`} and ${f(median(cpu4) / median(cpu1), 1)}x the 1-avatar page's; its main-thread task time is ${f((median(four.map((w) => w.taskMsPerS)) - baseTask) / Math.max(1e-9, median(one.map((w) => w.taskMsPerS)) - baseTask), 1)}x the 1-avatar page's (both less the idle page). A voice-only call costs the page ${f(median(voice1.map((w) => w.threadCpuMsPerS)) - baseThread, 2)} ms/s of main-thread CPU (ThreadTime, medians, less the idle page) with 1 call, ${f((median(voice4.map((w) => w.threadCpuMsPerS)) - baseThread) / 4, 2)} per call with 4; the element's page ${f(median(one.map((w) => w.threadCpuMsPerS)) - baseThread, 2)} with 1 avatar, ${f((median(four.map((w) => w.threadCpuMsPerS)) - baseThread) / 4, 2)} per avatar with 4.`,
    '',
    '**Method.** The element is the built standalone file (`dist/spatius-avatar.standalone.js`, worker inlined; the bench',
    'does not build: `npm run build` first), loaded by the viewer page as a module script and driven only through its public',
    'API. The avatars: 4 Rooms with a MotionPublisher each (`bench/e2e/pages/agent.ts`), in one page of a second Chromium',
    '(so their CPU is not in the viewer\'s figures, but it is on the same 2 cores), each publishing a voice (a tone whose',
    'loudness follows the jaw) and motion: conversations of 8 s with 0.4 s between them, 25 frames a second with a',
    'varying jawOpen (plus funnel, smile, blinks, head pose). livekit-server v1.13.5 `--dev` on 127.0.0.1 (UDP loopback),',
    'headless Debian Chromium with `test/chromium.mjs`\'s flags (software raster, `--disable-gpu`), 320 x 320 elements, DPR 1.',
    '',
    `1. ${FRESH + 1} fresh elements with \`manual\` (no connection), one after the other in one page: from \`document.body.append(el)\``,
    'to the answer of the first `el.snapshot()` whose image shows the face (over 2% of a 4-pixel grid differs from the',
    'corner pixel by more than 40, RGBA summed), snapshots asked back to back. That includes the snapshot\'s round trip and',
    'PNG encoding (an upper bound); when that snapshot was asked is given beside it. The page\'s first element (the worker\'s',
    `script compiled for the first time) is reported apart; median and p95 of the other ${FRESH}.`,
    `2. ${FRESH + 1} fresh elements joining the first avatar's room, each showing its neutral face first; from \`connect({url, token})\``,
    'to the `connected` and the `first-frame` events; then `disconnect()` and removal. The first apart, as above.',
    '3. `Performance.getMetrics` over CDP on the viewer page: the `TaskDuration` delta (wall time of every task the renderer\'s',
    'main-thread scheduler ran; workers and WebRTC\'s threads are not in it) over the window, less the same on an idle page (the',
    'standalone script loaded, no element), divided by the number of avatars. `ThreadTime` (the main thread\'s CPU time) beside it.',
    '3d. The same figures on a voice-only page (`bench/e2e/pages/voice.ts`), what a plain LiveKit voice-agent page does, with no',
    'element: the idle page (the standalone script loaded, no element) plus, per call, a livekit-client `Room` (the same version',
    'the element bundles, the element\'s options where they matter: `adaptiveStream` and `dynacast` off) joining an avatar\'s room',
    'with `autoSubscribe` off, the avatar\'s audio publication subscribed and its track played through the `<audio>` that',
    '`track.attach()` makes, appended to the page. It never subscribes to the motion video track, and has no worker, canvas,',
    'encoded-frame transform or lip-sync voice stats; it leaves livekit-client\'s per-track bitrate monitor (a `getStats()` every',
    '2 s) running, which the element stops. Row 3d: each element window less the voice-only window with as many calls in the',
    'same round, divided by the number of avatars: what the avatar costs beyond the voice call the page would have anyway.',
    '4. Each subscribed track\'s `RTCRtpReceiver.getStats()` (through `getNativeClient()`): inbound-rtp video `bytesReceived`, and',
    'with `headerBytesReceived`, delta over the same window, per avatar. The verdict uses the largest figure with RTP headers.',
    '5. The renderer process\'s CPU time per second of wall time: `Performance.getMetrics` `ProcessTime` and CDP',
    '`SystemInfo.getProcessInfo` (`cpuTime` of the viewer browser\'s renderer processes; the browser has only this page).',
    '"Whole browser" adds the browser, GPU (software compositing) and utility (network, audio) processes. The issue sets no goal.',
    '',
    '**Caveats.** This machine has 2 shared cores and other sessions load it (load figures above). `TaskDuration` is wall time:',
    'a task preempted by another process counts longer, so under load it overstates; `ThreadTime` is CPU time and does not.',
    'The agent browser (4 encoders, 4 publishers) runs on the same cores. Loopback has no network delay or loss: the connect',
    'and first-frame figures are floors for a real network. Compare figures within one run (the ratios), not across runs.'
  ].join('\n');
}
