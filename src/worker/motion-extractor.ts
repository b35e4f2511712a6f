import { decodeMotionFrame, splitTrailer } from '../codec/index.js';
import type { DecodedFrame } from '../codec/index.js';
import type { EncodedFrame } from './encoded-frames.js';

export type MalformedLength = { type: 'malformed'; reason: 'length' };

/**
 * The receive side of a motion track, per encoded frame: splits off the trailer, forwards exactly the
 * media bytes, and decodes packets strictly in arrival order (a slow inflate never reorders).
 */
export class MotionExtractor {
  private queue: Promise<void> = Promise.resolve();
  private pending = 0;

  /** `onDecoded` gets every frame that carried the trailer magic, in arrival order. */
  constructor(private readonly onDecoded: (decoded: DecodedFrame, rtpTimestamp: number) => void) {}

  /** Frames whose decode has not been delivered yet. */
  get backlog(): number {
    return this.pending;
  }

  /** Handles one encoded frame; returns whether it goes on to the decoder. */
  handle(frame: EncodedFrame): boolean {
    const bytes = new Uint8Array(frame.data);
    const split = splitTrailer(bytes);
    if (split === null) return true; // not a motion frame: forward unchanged, no error
    const rtpTimestamp = frame.getMetadata().rtpTimestamp ?? frame.timestamp ?? 0;
    if (split === 'length') {
      // The media bytes cannot be told from the packet: drop the frame rather than feed the decoder garbage.
      this.deliver(Promise.resolve({ type: 'malformed', reason: 'length' }), rtpTimestamp);
      return false;
    }
    this.deliver(decodeMotionFrame(bytes), rtpTimestamp);
    frame.data = frame.data.slice(0, split.mediaLength);
    return true;
  }

  private deliver(decoded: Promise<DecodedFrame>, rtpTimestamp: number): void {
    this.pending++;
    this.queue = this.queue
      .then(() => decoded)
      .then((d) => {
        this.pending--;
        this.onDecoded(d, rtpTimestamp);
      })
      .catch(() => undefined);
  }
}
