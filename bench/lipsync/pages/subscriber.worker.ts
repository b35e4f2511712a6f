// The bench subscriber's worker: the element's receive path (every receiver piped, the motion trailer
// stripped and decoded in arrival order), feeding the same packets to several playback engines side by
// side, each recording when it handed each conversation frame to the renderer (absolute time).
import { PlaybackEngine, PlayoutSyncClock, SyncClock } from '../../../src/playback/index.js';
import type { AudioStatsSample, PlaybackOptions, SyncClockOptions } from '../../../src/playback/index.js';
import { transformEncodedFrames } from '../../../src/worker/encoded-frames.js';
import type { EncodedFrame, EncodedStreams } from '../../../src/worker/encoded-frames.js';
import { SeededRandom } from '../../../src/util/seeded-random.js';
import { MotionExtractor } from '../../../src/worker/motion-extractor.js';
import { listenForReceivers } from '../../../src/worker/receivers.js';
import { PaintPacer } from '../../../src/render/paint-pacer.js';
import { copyPose, createPose, samePose } from '../../../src/playback/pose.js';
import { BurstFinder } from './burst-finder.js';
import type { WorkerScope } from '../../../src/worker/worker-scope.js';

declare const self: WorkerScope;

const absNow = (): number => performance.timeOrigin + performance.now();

/** `sync.source`: 'stats' (the element's SyncClock, the default) or 'playout' (PlayoutSyncClock, a candidate). */
export interface PolicySpec { name: string; options: Partial<PlaybackOptions>; sync?: Partial<SyncClockOptions> & { source?: 'stats' | 'playout' } }

/**
 * `unseen`: the spike frames handed to the renderer and not painted yet; `pacer`: when this lane's face paints, as
 * the element's renderer decides it (src/render/paint-pacer.ts: the first display frame after a new pose).
 */
interface Lane { spec: PolicySpec; engine: PlaybackEngine; sync: SyncClock | undefined; playout: PlayoutSyncClock | undefined; shown: Map<number, number>; targets: number[]; unseen: number[]; pacer: PaintPacer }

let lanes: Lane[] = [];
const arrivals = new Map<number, number>();
const spikeSeqs = new Set<number>();
const streamIds: Record<string, string> = {};
const voiceBursts = new BurstFinder();
/** Audio frames seen, and how many carried an RTP timestamp in their metadata (capabilities()). */
let audioFrames = 0;
let audioFramesWithRtp = 0;

function makeLane(spec: PolicySpec): Lane {
  const shown = new Map<number, number>();
  const handed = new Set<number>();
  const playout = spec.sync?.source === 'playout' ? new PlayoutSyncClock(spec.sync) : undefined;
  const sync = playout ?? (spec.sync ? new SyncClock(spec.sync) : undefined);
  const last = createPose();
  const lane: Lane = { spec, shown, targets: [], sync, playout, unseen: [], pacer: new PaintPacer(), engine: undefined as unknown as PlaybackEngine };
  lane.engine = new PlaybackEngine({ ...spec.options, stallTimeoutMs: 1e9 }, {
    // The face time: the first paint after the pose reached the renderer (the display loop below). The renderer
    // paints a pose that differs from the last one, as the element's FaceRenderer does.
    render: (pose, _at, fresh) => {
      if (!samePose(last, pose)) { copyPose(last, pose); lane.pacer.invalidate(); }
      if (fresh && pose.seq >= 0 && !handed.has(pose.seq)) { handed.add(pose.seq); lane.unseen.push(pose.seq); }
    },
    event: () => undefined,
  });
  return lane;
}

const advanceAll = (now: number): void => {
  for (const lane of lanes) {
    if (lane.sync) {
      const target = lane.sync.target(now);
      lane.engine.setSyncDelay(target?.ms, target?.arrivals);
    }
    lane.engine.advance(now);
  }
};

/**
 * Network jitter, injected here because Chromium 156 ignores WebRTC's fake-network field trials (docs/sync.md).
 * One path delay for every stream, as on a real network where voice and motion share the route: d(t) =
 * sigma x |N(0, 1)|, drawn every 100 ms and interpolated in between. Each encoded frame is released at
 * arrival + d(arrival), in order per receiver (like WebRTC's fake network pipe without reordering). NetEq and
 * the motion engine see the release time as the arrival.
 */
let jitterMs = 0;
const KNOT_MS = 100;
const pathRandom = new SeededRandom(7);
const gauss = () => Math.sqrt(-2 * Math.log(1 - pathRandom.next())) * Math.cos(2 * Math.PI * pathRandom.next());
const knots = new Map<number, number>();
function pathDelay(now: number): number {
  const k = Math.floor(now / KNOT_MS);
  for (const i of [k, k + 1]) if (!knots.has(i)) knots.set(i, jitterMs * Math.abs(gauss()));
  if (knots.size > 100) for (const key of knots.keys()) if (key < k - 10) knots.delete(key);
  const f = now / KNOT_MS - k;
  return knots.get(k)! * (1 - f) + knots.get(k + 1)! * f;
}

function jittered(streams: EncodedStreams, handle: (frame: EncodedFrame) => boolean): void {
  if (!jitterMs) {
    transformEncodedFrames(streams, handle);
    return;
  }
  let last = 0;
  const queue: { frame: EncodedFrame; release: number }[] = [];
  let out: TransformStreamDefaultController<EncodedFrame> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const drain = (): void => {
    timer = undefined;
    const now = performance.now();
    while (queue.length && queue[0]!.release <= now + 0.5) {
      const { frame } = queue.shift()!;
      if (handle(frame)) out!.enqueue(frame);
    }
    if (queue.length) timer = setTimeout(drain, queue[0]!.release - now);
  };
  const step = new TransformStream<EncodedFrame, EncodedFrame>({
    transform(frame, controller) {
      out = controller;
      const now = performance.now();
      last = Math.max(now + pathDelay(now), last);
      queue.push({ frame, release: last });
      if (!timer) timer = setTimeout(drain, last - now);
    },
  });
  streams.readable.pipeThrough(step).pipeTo(streams.writable).catch(() => undefined);
}

const route = listenForReceivers(self, (info, streams) => {
  streamIds[info.kind] = info.trackId;
  if (info.kind === 'audio') {
    jittered(streams, (frame) => {
      const rtp = (frame as RTCEncodedAudioFrame).getMetadata().rtpTimestamp;
      audioFrames++;
      if (rtp !== undefined) audioFramesWithRtp++;
      if (rtp !== undefined) for (const lane of lanes) lane.playout?.addAudioArrival(rtp, absNow());
      if (rtp !== undefined) voiceBursts.add(rtp, frame.data, absNow());
      return true;
    });
    return;
  }
  const extractor = new MotionExtractor((decoded, senderMs) => {
    if (decoded.type !== 'packet') return;
    const now = absNow();
    const p = decoded.packet;
    if (p.kind === 'frame') {
      if (!arrivals.has(p.seq!)) arrivals.set(p.seq!, now);
      if (p.frame!.blendshapes[17]! > 0.5) spikeSeqs.add(p.seq!);
    }
    for (const lane of lanes) {
      lane.engine.push(p, now, senderMs);
    }
    advanceAll(now);
  });
  jittered(streams, (frame) => extractor.handle(frame));
});

self.onmessage = (e: MessageEvent) => {
  const m = e.data as { kind: string; data: unknown };
  if (route(m)) return;
  if (m.kind === 'policies') {
    const d = m.data as { policies: PolicySpec[]; jitterMs: number };
    lanes = d.policies.map(makeLane);
    jitterMs = d.jitterMs;
  }
  else if (m.kind === 'audio-stats') {
    const now = absNow();
    for (const lane of lanes) {
      if (!lane.sync) continue;
      lane.sync.addAudioStats(m.data as AudioStatsSample);
      const t = lane.sync.targetMs(now);
      if (t !== undefined) lane.targets.push(t);
    }
  } else if (m.kind === 'delivery') {
    const d = m.data as { rtpTimestamp: number; timestamp: number };
    for (const lane of lanes) lane.playout?.addAudioDelivery(d.rtpTimestamp, d.timestamp);
  } else if (m.kind === 'clock') {
    self.postMessage({ kind: 'clock', data: absNow() });
  } else if (m.kind === 'capabilities') {
    self.postMessage({ kind: 'capabilities', data: { audioFrames, audioFramesWithRtp, audioDecoder: typeof AudioDecoder !== 'undefined' } });
  } else if (m.kind === 'collect') {
    self.postMessage({
      kind: 'collected',
      data: {
        arrivals: [...arrivals],
        spikes: [...spikeSeqs],
        bursts: voiceBursts.bursts,
        decodedOnsets: voiceBursts.onsets,
        decodeErrors: voiceBursts.decodeErrors,
        lanes: lanes.map((l) => ({ name: l.spec.name, shown: [...l.shown].filter(([seq]) => spikeSeqs.has(seq)), targets: l.targets, stats: l.engine.stats.session })),
      },
    });
  }
};

// The display loop: 60 Hz, as requestAnimationFrame would run it; each lane's face paints when its pacer says so
// (the element's rule, without the idle life: these faces only speak).
const STILL = { drifting: false, quick: false };
setInterval(() => {
  const now = absNow();
  advanceAll(now);
  for (const lane of lanes) if (lane.pacer.due(now, STILL)) for (const seq of lane.unseen.splice(0)) lane.shown.set(seq, now);
}, 1000 / 60);
