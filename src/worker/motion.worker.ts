// The element's motion worker: gets every receiver of the room, pipes audio and senders through untouched,
// splits the motion trailer off each video frame (motion-extractor.ts) and plays the one motion track the
// element selected through the playback engine into the renderer (motion-session.ts). It never touches
// the DOM; the main thread never touches a motion frame. Its only peer is its element's MotionWorkerPort:
// the first message posted to the worker (`init`) hands over the worker's end of the port's MessageChannel;
// from then on the worker acts only on messages from that port, each checked (message-guard.ts), and
// ignores whatever else is posted to its global scope.
import { kindOf, refusal } from './message-guard.js';
import { MOTION_WORKER_PROTOCOL } from './messages.js';
import type { FromWorkerMessage, InitMessage, ToWorkerPortMessage } from './messages.js';
import { MotionExtractor } from './motion-extractor.js';
import { MotionSession } from './motion-session.js';
import { startDisplayLoop } from './display-loop.js';
import { listenForReceivers } from './receivers.js';
import { StreamPipes } from './stream-pipes.js';
import type { WorkerScope } from './worker-scope.js';

declare const self: WorkerScope & { requestAnimationFrame?: (cb: () => void) => number };

/** The element's port (from `init`): every message in and out goes through it. */
let port: MessagePort | undefined;
/** Posts to the element; false before `init` brought the port (nothing is sent then). */
const post = (message: FromWorkerMessage, transfer: Transferable[] = []): boolean => {
  port?.postMessage(message, transfer);
  return port !== undefined;
};
const session = new MotionSession({ post, now: () => performance.now() });

/** Every receiver's and sender's pipe, until it ends or its call closes (`release-streams`). */
const pipes = new StreamPipes();
/** Track id per receiver, kept current when LiveKit reuses a receiver for another track. */
const trackIds = new Map<number, string>();
/** Motion tracks already announced to the element (it decides which one is the avatar's). */
const announced = new Set<string>();
/** The one motion track that plays: chosen by the element's discovery, never by this worker. */
let selected: string | undefined;
/**
 * Receivers with a lower id belong to closed calls (the last `reset`). A script transform's `rtctransform`
 * event is not ordered with the port's messages (Firefox delivered a new call's before its `reset` under
 * load), so a reset forgets only the receivers below its id, and a receiver below it that arrives later
 * is passed through untouched and never announced.
 */
let firstId = 0;

const route = listenForReceivers(
  self,
  (info, streams) => {
    if (info.receiverId < firstId) {
      void pipes.run(info.receiverId, streams, () => true); // a closed call's straggler: its frames untouched
      return;
    }
    trackIds.set(info.receiverId, info.trackId);
    if (info.kind === 'audio') {
      void pipes.run(info.receiverId, streams, () => true);
      return;
    }
    const extractor = new MotionExtractor((decoded, senderMs) => {
      const trackId = trackIds.get(info.receiverId);
      if (trackId === undefined) return; // its call was reset: a straggler of a closed call
      // Announced once it reached the element (a frame can come before `init` brought the port).
      if (decoded.type === 'packet' && !announced.has(trackId) && post({ kind: 'motion-track', data: { receiverId: info.receiverId, trackId } })) {
        announced.add(trackId);
      }
      if (trackId === selected) session.decoded(decoded, senderMs);
    });
    void pipes.run(info.receiverId, streams, (frame) => extractor.handle(frame));
  },
  (info) => {
    if (info.receiverId >= firstId) trackIds.set(info.receiverId, info.trackId);
  },
);

/** Only `init`, once, on the worker itself; an element of another protocol (no port) hears which one we speak. */
self.onmessage = (e: MessageEvent<unknown>) => {
  const init = e.data as Partial<InitMessage> | null;
  if (init?.kind !== 'init') return;
  if (!(init.data?.port instanceof MessagePort)) {
    self.postMessage({ kind: 'ready', data: { protocol: MOTION_WORKER_PROTOCOL } } satisfies FromWorkerMessage);
    return;
  }
  self.onmessage = null; // from now on, nothing posted to the worker itself is acted on
  port = init.data.port;
  port.onmessage = (event: MessageEvent<unknown>) => {
    const reason = refusal(event.data);
    if (reason !== undefined) {
      post({ kind: 'refused', data: { kind: kindOf(event.data), reason } });
      return;
    }
    try {
      handle(event.data as ToWorkerPortMessage);
    } catch (err) {
      // a well-typed message the worker still could not act on: reported, the worker goes on
      post({ kind: 'refused', data: { kind: kindOf(event.data), reason: `failed: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200) } });
    }
  };
  port.onmessageerror = () => post({ kind: 'refused', data: { kind: '', reason: 'could not be read' } });
  post({ kind: 'ready', data: { protocol: MOTION_WORKER_PROTOCOL } });
};

function handle(message: ToWorkerPortMessage): void {
  if (route(message)) return;
  switch (message.kind) {
    case 'voice-stats': // lip sync
      session.voiceStats(message.data);
      break;
    case 'configure':
      session.configure(message.data.playback, message.data.renderer);
      break;
    case 'select-track':
      selected = message.data.trackId;
      session.trackPaused(false); // a new track starts unpaused; the room says if it is paused
      session.trackSelected();
      break;
    case 'track-ended':
      announced.delete(message.data.trackId); // if it comes back (re-subscribed), the element hears of it again
      if (message.data.trackId === selected) {
        selected = undefined;
        session.trackEnded();
      }
      break;
    case 'track-paused':
      if (message.data.trackId === selected) session.trackPaused(message.data.paused);
      break;
    case 'canvas':
      session.attachCanvas(message.data.canvas, message.data.width, message.data.height, message.data.devicePixelRatio);
      break;
    case 'resize':
      session.resize(message.data.width, message.data.height, message.data.devicePixelRatio);
      break;
    case 'theme':
      session.setTheme(message.data);
      break;
    case 'motion-preference':
      session.setReducedMotion(message.data.reduced);
      break;
    case 'sender-streams': {
      const { senderId, readable, writable } = message.data;
      void pipes.run(senderId, { readable, writable }, () => true);
      break;
    }
    case 'release-streams':
      pipes.release(message.data.ids);
      for (const id of message.data.ids) trackIds.delete(id);
      break;
    case 'snapshot': {
      const { id, type } = message.data;
      session.snapshot(type).then(
        (image) => post({ kind: 'snapshot', data: { id, image } }),
        () => post({ kind: 'snapshot', data: { id, image: null } }),
      );
      break;
    }
    case 'reset':
      firstId = Math.max(firstId, message.data.firstId);
      for (const id of trackIds.keys()) if (id < firstId) trackIds.delete(id);
      announced.clear();
      selected = undefined;
      session.reset();
      break;
  }
}

const raf = self.requestAnimationFrame?.bind(self);
startDisplayLoop(
  { frame: (now) => session.tick(now), advance: (now) => session.advance(now) },
  { now: () => performance.now(), requestFrame: raf, every: (ms, callback) => setInterval(callback, ms) },
);
setInterval(() => session.second(), 1000);
