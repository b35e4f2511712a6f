import type { EncodedStreams } from './encoded-frames.js';
import type { WorkerScope } from './worker-scope.js';

/** Worker side of `ReceiverAttacher` (src/room/receive-transform.ts). */
export interface ReceiverInfo {
  receiverId: number;
  kind: 'audio' | 'video';
  trackId: string;
}

/**
 * Calls `onStreams` for every receiver handed to this worker, whichever API the main thread used:
 * a `receiver-streams` message (Chromium's encoded streams) or an `rtctransform` event (script transform).
 * Calls `onTrack` when a reused receiver carries a new track. Returns a function that handles a message,
 * for workers that route their own messages; it returns false for messages that are not about receivers.
 */
export function listenForReceivers(
  scope: WorkerScope,
  onStreams: (info: ReceiverInfo, streams: EncodedStreams) => void,
  onTrack: (info: ReceiverInfo) => void = () => undefined,
): (message: { kind: string; data: unknown }) => boolean {
  scope.onrtctransform = (event) => {
    const { readable, writable, options } = event.transformer;
    onStreams(options as ReceiverInfo, { readable, writable } as EncodedStreams);
  };
  return (message) => {
    if (message.kind === 'receiver-streams') {
      const { readable, writable, ...info } = message.data as ReceiverInfo & EncodedStreams;
      onStreams(info, { readable, writable });
      return true;
    }
    if (message.kind === 'receiver-track') {
      onTrack(message.data as ReceiverInfo);
      return true;
    }
    return false;
  };
}
