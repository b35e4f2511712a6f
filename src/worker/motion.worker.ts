// The element's motion worker: gets every receiver of the room, pipes audio through untouched, and on
// video receivers splits the motion trailer off each encoded frame (src/worker/motion-extractor.ts).
// It never touches the DOM; the main thread never touches a motion frame.
import type { FromWorkerMessage, ToWorkerMessage } from './messages.js';
import { MalformedReporter } from './malformed-reporter.js';
import { MotionExtractor } from './motion-extractor.js';
import { transformEncodedFrames } from './encoded-frames.js';
import { listenForReceivers } from './receivers.js';
import type { WorkerScope } from './worker-scope.js';

declare const self: WorkerScope;

const post = (message: FromWorkerMessage): void => self.postMessage(message);

const malformed = new MalformedReporter(
  (count, total, lastReason) => post({ kind: 'malformed', data: { count, total, lastReason } }),
  () => performance.now(),
);
setInterval(() => malformed.flush(), 1000);

/** Track id per receiver, kept current when LiveKit reuses a receiver for another track. */
const trackIds = new Map<number, string>();
const announced = new Set<string>();

const route = listenForReceivers(
  self,
  (info, streams) => {
    trackIds.set(info.receiverId, info.trackId);
    if (info.kind === 'audio') {
      transformEncodedFrames(streams, () => true);
      return;
    }
    const extractor = new MotionExtractor((decoded) => {
      if (decoded.type === 'malformed') {
        malformed.add(decoded.reason);
        return;
      }
      const trackId = trackIds.get(info.receiverId)!;
      if (decoded.type === 'packet' && !announced.has(trackId)) {
        announced.add(trackId);
        post({ kind: 'motion-track', data: { receiverId: info.receiverId, trackId } });
      }
    });
    transformEncodedFrames(streams, (frame) => extractor.handle(frame));
  },
  (info) => trackIds.set(info.receiverId, info.trackId),
);

self.onmessage = (e: MessageEvent<ToWorkerMessage>) => {
  route(e.data);
};
