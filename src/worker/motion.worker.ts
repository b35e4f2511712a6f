// The element's motion worker: gets every receiver of the room, pipes audio through untouched, splits the
// motion trailer off each video frame (motion-extractor.ts) and plays the chosen motion track through the
// playback engine into the renderer (motion-session.ts). It never touches the DOM; the main thread never
// touches a motion frame.
import type { FromWorkerMessage, ToWorkerMessage } from './messages.js';
import { MotionExtractor } from './motion-extractor.js';
import { MotionSession } from './motion-session.js';
import { transformEncodedFrames } from './encoded-frames.js';
import type { EncodedStreams } from './encoded-frames.js';
import { listenForReceivers } from './receivers.js';
import type { WorkerScope } from './worker-scope.js';

declare const self: WorkerScope & { requestAnimationFrame?: (cb: () => void) => number };

const post = (message: FromWorkerMessage, transfer: Transferable[] = []): void => self.postMessage(message, transfer);
const session = new MotionSession({ post, now: () => performance.now() });

/** Track id per receiver, kept current when LiveKit reuses a receiver for another track. */
const trackIds = new Map<number, string>();
const announced = new Set<string>();
/** The motion track that plays: the one the element selected, else the first one seen. */
let playing: string | undefined;
let selected: string | undefined;

const route = listenForReceivers(
  self,
  (info, streams) => {
    trackIds.set(info.receiverId, info.trackId);
    if (info.kind === 'audio') {
      transformEncodedFrames(streams, () => true);
      return;
    }
    const extractor = new MotionExtractor((decoded) => {
      const trackId = trackIds.get(info.receiverId)!;
      if (decoded.type === 'packet' && !announced.has(trackId)) {
        announced.add(trackId);
        post({ kind: 'motion-track', data: { receiverId: info.receiverId, trackId } });
        playing ??= selected ?? trackId;
      }
      if (trackId === playing) session.decoded(decoded);
    });
    transformEncodedFrames(streams, (frame) => extractor.handle(frame));
  },
  (info) => trackIds.set(info.receiverId, info.trackId),
);

self.onmessage = (e: MessageEvent<ToWorkerMessage>) => {
  const message = e.data;
  if (route(message)) return;
  switch (message.kind) {
    case 'voice-stats': // lip sync
      session.voiceStats(message.data);
      break;
    case 'configure':
      session.configure(message.data.playback, message.data.renderer);
      break;
    case 'select-track':
      selected = playing = message.data.trackId;
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
    case 'sender-streams':
      transformEncodedFrames(message.data as EncodedStreams, () => true);
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
      trackIds.clear();
      announced.clear();
      playing = selected = undefined;
      session.reset();
      break;
  }
};

// The display loop: requestAnimationFrame where the worker has it (Chromium, Firefox), and a 40 ms timer
// that keeps the engine's slots and stall watchdog running when frames are throttled (hidden page).
const loop = (): void => {
  session.tick();
  self.requestAnimationFrame?.(loop);
};
if (self.requestAnimationFrame) self.requestAnimationFrame(loop);
setInterval(() => session.tick(), 40);
setInterval(() => session.second(), 1000);
