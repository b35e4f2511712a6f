// The bench subscriber page: joins the room as the element does (encoded insertable streams, every receiver
// into the worker), plays the voice through an <audio> element as the element does, taps the same voice
// in WebAudio to find each burst's onset, and sends the voice receiver's stats to the worker 4 times a second.
// Chromium attaches through encoded insertable streams, Firefox through RTCRtpScriptTransform (attachMode(), as
// the element does). With `outputLatency=0` (the Firefox run) the sync gets what the element sends (readVoiceStats:
// no output latency, or its playout allowance where there are no media-playout stats).
import { Room, RoomEvent, Track } from 'livekit-client';
import type { RemoteTrack } from 'livekit-client';
import { watchReceivers } from '../../../src/room/livekit-internals.js';
import { ReceiverAttacher, attachMode, insertableStreamsConfig } from '../../../src/room/receive-transform.js';
import { readVoiceStats } from '../../../src/room/voice-stats.js';
import { AudioTap, absNow } from './audio-tap.js';
import { routeThroughRelay } from '../../../test/support/relay-peer-connection.js';

const params = new URLSearchParams(location.search);
const w = window as unknown as Record<string, unknown>;

async function main(): Promise<void> {
  // Through the UDP relay (bench network): the server's candidates rewritten to the relay's port.
  if (params.get('relay')) routeThroughRelay(Number(params.get('udp')), Number(params.get('relay')));
  const worker = new Worker('/subscriber.worker.js', { type: 'module' });
  worker.postMessage({ kind: 'policies', data: { policies: JSON.parse(params.get('policies')!), jitterMs: Number(params.get('jitter') ?? 0) } });
  const room = new Room({ adaptiveStream: false, dynacast: false });
  // the attacher's view of the worker (the element gives it its MotionWorkerPort; this page has its own worker)
  const link = {
    post: (message: unknown, transfer: Transferable[] = []) => worker.postMessage(message, transfer),
    scriptTransform: (options: object) => new RTCRtpScriptTransform(worker, { ...options }),
  };
  const mode = attachMode() ?? 'encoded-streams';
  const attacher = new ReceiverAttacher(link, mode);
  const streams: Record<string, string> = {};
  watchReceivers(room, (track, stream, receiver) => {
    streams[track.kind] = stream.id;
    attacher.attach(receiver, track);
  });
  const ctx = new AudioContext({ latencyHint: 'interactive' });
  await ctx.resume();
  let tap: AudioTap | undefined;
  let voice: RemoteTrack | undefined;
  const statsLog: Record<string, number>[] = [];
  const audioEl = document.createElement('audio');
  audioEl.autoplay = true;
  document.body.append(audioEl);

  let video: RemoteTrack | undefined;
  room.on(RoomEvent.TrackSubscribed, async (track) => {
    // script transform (Firefox): livekit-client clears the slot at TrackSubscribed; the element re-checks it here
    if (track.receiver && mode === 'script-transform') attacher.ensure(track.receiver, track.mediaStreamTrack);
    if (track.kind === Track.Kind.Video) video = track;
    if (track.kind !== Track.Kind.Audio) return;
    voice = track;
    track.attach(audioEl);
    tap = await AudioTap.create(ctx, ctx.createMediaStreamSource(new MediaStream([track.mediaStreamTrack])), params.get('tapWindow') ? Number(params.get('tapWindow')) : undefined);
  });
  await room.connect(params.get('url')!, params.get('token')!, { rtcConfig: insertableStreamsConfig(mode), autoSubscribe: true });

  setInterval(async () => {
    const receiver = voice?.receiver;
    if (!receiver) return;
    const report = await receiver.getStats();
    let inbound: Record<string, number> | undefined;
    let playout: Record<string, number> | undefined;
    report.forEach((s: Record<string, number> & { type: string; kind?: string }) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound = s;
      if (s.type === 'media-playout') playout = s;
    });
    if (!inbound) return;
    const at = absNow();
    const outputLatencyMs = (ctx.outputLatency || ctx.baseLatency || 0) * 1000;
    const sample = {
      at,
      jitterBufferDelay: inbound.jitterBufferDelay ?? 0,
      jitterBufferEmittedCount: inbound.jitterBufferEmittedCount ?? 0,
      totalPlayoutDelay: playout?.totalPlayoutDelay,
      totalSamplesCount: playout?.totalSamplesCount,
      // outputLatency=0: what the element sends (none, or its allowance where there are no media-playout stats)
      outputLatencyMs: params.get('outputLatency') === '0' ? readVoiceStats(report)?.outputLatencyMs : outputLatencyMs,
    };
    worker.postMessage({ kind: 'audio-stats', data: sample });
    statsLog.push({ at, jitter: (inbound.jitter ?? 0) * 1000, jbDelay: inbound.jitterBufferDelay ?? 0, jbEmitted: inbound.jitterBufferEmittedCount ?? 0,
      jbTarget: inbound.jitterBufferTargetDelay ?? 0, playoutDelay: playout?.totalPlayoutDelay ?? NaN, playoutSamples: playout?.totalSamplesCount ?? NaN,
      outputLatencyMs, baseLatencyMs: ctx.baseLatency * 1000, packetsLost: inbound.packetsLost ?? 0, concealed: inbound.concealedSamples ?? 0,
      packetsReceived: inbound.packetsReceived ?? 0, samplesReceived: inbound.totalSamplesReceived ?? 0 });
  }, 500); // as the element reads them (src/room/voice-stats.ts)

  // The voice's playout position, 20 times a second (synced lanes with source 'playout').
  setInterval(() => {
    for (const s of voice?.receiver?.getSynchronizationSources() ?? []) worker.postMessage({ kind: 'delivery', data: { rtpTimestamp: s.rtpTimestamp, timestamp: s.timestamp } });
  }, 50);
  // The same, every 10 ms, kept for the analysis: when each RTP timestamp left NetEq for the <audio>
  // element's playout ("heard via <audio>", bench/lipsync/analyze.ts). [rtpTimestamp, timestamp, polled at]
  // for every reading that changed; `clock` pairs Date.now() with absNow() to check the timestamps' clock.
  const deliveries: [number, number, number][] = [];
  const clock: [number, number][] = [];
  setInterval(() => {
    for (const s of voice?.receiver?.getSynchronizationSources() ?? []) {
      const last = deliveries.at(-1);
      if (!last || last[0] !== s.rtpTimestamp || last[1] !== s.timestamp) deliveries.push([s.rtpTimestamp, s.timestamp, absNow()]);
    }
    if (clock.length < 2000) clock.push([Date.now(), absNow()]);
  }, 10);

  w.collect = async () => {
    const collected = await new Promise((resolve) => {
      worker.addEventListener('message', (e) => { if (e.data.kind === 'collected') resolve(e.data.data); });
      worker.postMessage({ kind: 'collect', data: {} });
    });
    return { worker: collected, onsets: tap?.onsets ?? [], stats: statsLog, streams, deliveries, clock };
  };
  w.ssrc = () => {
    const s = voice?.receiver?.getSynchronizationSources() ?? [];
    return { sources: s.map((x) => ({ timestamp: x.timestamp, rtpTimestamp: x.rtpTimestamp })), abs: absNow(), date: Date.now() };
  };
  w.probe = async () => {
    const out: unknown[] = [];
    for (const pc of [(room as unknown as { engine: { pcManager: { subscriber: { getStats(): Promise<RTCStatsReport> } } } }).engine.pcManager.subscriber]) {
      (await pc.getStats()).forEach((s) => out.push(s));
    }
    return out;
  };
  /** The voice's and the motion track's receiver stats (every entry). */
  w.inbound = async () => {
    const out: unknown[] = [];
    for (const t of [voice, video]) (await t?.receiver?.getStats())?.forEach((s) => out.push(s));
    return out;
  };
  /** What this browser gives the sync (bench/lipsync/harness.ts Capabilities): read once, at the end of a run. */
  w.capabilities = async () => {
    const inboundFields: Record<string, string> = {};
    let mediaPlayout = false;
    (await voice?.receiver?.getStats())?.forEach((s: Record<string, unknown>) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') for (const [k, v] of Object.entries(s)) inboundFields[k] = typeof v;
      if (s.type === 'media-playout') mediaPlayout = true;
    });
    const worker1 = await new Promise<{ audioFrames: number; audioFramesWithRtp: number; audioDecoder: boolean }>((resolve) => {
      const on = (e: MessageEvent) => { if (e.data.kind === 'capabilities') { worker.removeEventListener('message', on); resolve(e.data.data); } };
      worker.addEventListener('message', on);
      worker.postMessage({ kind: 'capabilities', data: {} });
    });
    const offsets: { offset: number; rtt: number }[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = absNow();
      const at = await new Promise<number>((resolve) => {
        const on = (e: MessageEvent) => { if (e.data.kind === 'clock') { worker.removeEventListener('message', on); resolve(e.data.data as number); } };
        worker.addEventListener('message', on);
        worker.postMessage({ kind: 'clock', data: {} });
      });
      const back = absNow();
      offsets.push({ offset: at - (sent + back) / 2, rtt: back - sent });
    }
    offsets.sort((a, b) => a.rtt - b.rtt);
    const best = offsets.slice(0, 10).map((o) => o.offset).sort((a, b) => a - b);
    const s = voice?.receiver?.getSynchronizationSources() ?? [];
    return {
      userAgent: navigator.userAgent, attachMode: attachMode(), outputLatencyMs: (ctx.outputLatency ?? NaN) * 1000, baseLatencyMs: ctx.baseLatency * 1000,
      inboundFields, mediaPlayout, sources: s.map((x) => ({ timestamp: x.timestamp, rtpTimestamp: x.rtpTimestamp })), abs: absNow(), date: Date.now(),
      workerClockMs: best[Math.floor(best.length / 2)]!, workerRoundTripMs: offsets[0]!.rtt, contextClockRate: tap?.clockRate ?? NaN, sampleRate: ctx.sampleRate, ...worker1,
    };
  };
  /**
   * The known-shift control of a sound-server run (bench/lipsync/pulse.ts): `n` clicks from the tap's context,
   * on a 400 ms grid, every other one 120 ms late; their tap onsets (taken out of the voice's), and what the
   * context reports for its output. Before the events: the voice is silent then.
   */
  w.controlClicks = async (n: number) => {
    if (!tap) throw new Error('no tap yet');
    const before = tap.onsets.length;
    const t0 = ctx.currentTime + 0.3;
    const scheduled: { grid: number; shift: number; ctxMs: number }[] = [];
    for (let k = 0; k < n; k++) {
      const shift = k % 2 ? 120 : 0;
      const at = t0 + k * 0.4 + shift / 1000;
      tap.click(at);
      scheduled.push({ grid: k, shift, ctxMs: at * 1000 });
    }
    const ots: { contextTime: number; performanceTime: number; currentTime: number; at: number }[] = [];
    const started = absNow();
    while (absNow() - started < n * 400 + 700) {
      const o = ctx.getOutputTimestamp();
      ots.push({ contextTime: (o.contextTime ?? NaN) * 1000, performanceTime: o.performanceTime ?? NaN, currentTime: ctx.currentTime * 1000, at: performance.now() });
      await new Promise((r) => setTimeout(r, 100));
    }
    const onsets = tap.onsets.splice(before);
    return { scheduled, onsets, outputLatencyMs: ctx.outputLatency * 1000, baseLatencyMs: ctx.baseLatency * 1000, state: ctx.state, ots };
  };
  w.ready = true;
}

main().catch((e) => console.error('subscriber failed', e));
