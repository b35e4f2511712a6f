// The bench subscriber's worker: the element's receive path (every receiver piped, the motion trailer
// stripped and decoded in arrival order), feeding the same packets to several playback engines side by
// side, each recording when it handed each conversation frame to the renderer (absolute time).
import { PlaybackEngine, SyncClock } from '../../../src/playback/index.js';
import type { AudioStatsSample, PlaybackOptions, SyncClockOptions } from '../../../src/playback/index.js';
import { transformEncodedFrames } from '../../../src/worker/encoded-frames.js';
import { MotionExtractor } from '../../../src/worker/motion-extractor.js';
import { listenForReceivers } from '../../../src/worker/receivers.js';
import type { WorkerScope } from '../../../src/worker/worker-scope.js';

declare const self: WorkerScope;

const absNow = (): number => performance.timeOrigin + performance.now();

export interface PolicySpec { name: string; options: Partial<PlaybackOptions>; sync?: Partial<SyncClockOptions> }

interface Lane { spec: PolicySpec; engine: PlaybackEngine; sync: SyncClock | undefined; shown: Map<number, number>; targets: number[] }

let lanes: Lane[] = [];
let tickNow = 0;
const arrivals = new Map<number, number>();
const spikeSeqs = new Set<number>();
const streamIds: Record<string, string> = {};

function makeLane(spec: PolicySpec): Lane {
  const shown = new Map<number, number>();
  const lane: Lane = { spec, shown, targets: [], sync: spec.sync ? new SyncClock(spec.sync) : undefined, engine: undefined as unknown as PlaybackEngine };
  lane.engine = new PlaybackEngine({ ...spec.options, stallTimeoutMs: 1e9 }, {
    // The face time: when the pose reaches the renderer (the tick that produced the slot).
    render: (pose, _at, fresh) => { if (fresh && pose.seq >= 0 && !shown.has(pose.seq)) shown.set(pose.seq, tickNow); },
    event: () => undefined,
  });
  return lane;
}

const advanceAll = (now: number): void => {
  tickNow = now;
  for (const lane of lanes) {
    if (lane.sync) lane.engine.setSyncDelay(lane.sync.targetMs(now));
    lane.engine.advance(now);
  }
};

const route = listenForReceivers(self, (info, streams) => {
  streamIds[info.kind] = info.trackId;
  if (info.kind === 'audio') {
    transformEncodedFrames(streams, () => true);
    return;
  }
  const extractor = new MotionExtractor((decoded) => {
    if (decoded.type !== 'packet') return;
    const now = absNow();
    const p = decoded.packet;
    if (p.kind === 'frame') {
      if (!arrivals.has(p.seq!)) arrivals.set(p.seq!, now);
      if (p.frame!.blendshapes[17]! > 0.5) spikeSeqs.add(p.seq!);
    }
    tickNow = now;
    for (const lane of lanes) {
      lane.engine.push(p, now);
    }
    advanceAll(now);
  });
  transformEncodedFrames(streams, (frame) => extractor.handle(frame));
});

self.onmessage = (e: MessageEvent) => {
  const m = e.data as { kind: string; data: unknown };
  if (route(m)) return;
  if (m.kind === 'policies') lanes = (m.data as PolicySpec[]).map(makeLane);
  else if (m.kind === 'audio-stats') {
    const now = absNow();
    for (const lane of lanes) {
      if (!lane.sync) continue;
      lane.sync.addAudioStats(m.data as AudioStatsSample);
      const t = lane.sync.targetMs(now);
      if (t !== undefined) lane.targets.push(t);
    }
  } else if (m.kind === 'collect') {
    self.postMessage({
      kind: 'collected',
      data: {
        arrivals: [...arrivals],
        spikes: [...spikeSeqs],
        lanes: lanes.map((l) => ({ name: l.spec.name, shown: [...l.shown].filter(([seq]) => spikeSeqs.has(seq)), targets: l.targets, stats: l.engine.stats.session })),
      },
    });
  }
};

// The display loop: 60 Hz, as requestAnimationFrame would run it.
setInterval(() => advanceAll(absNow()), 1000 / 60);
