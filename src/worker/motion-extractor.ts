import { decodeMotionFrame, splitTrailer } from '../codec/index.js';
import type { DecodedFrame } from '../codec/index.js';
import type { EncodedFrame } from './encoded-frames.js';

/**
 * The receive side of a motion track, per encoded frame: splits off the trailer, forwards exactly the
 * media bytes, and decodes packets strictly in arrival order (a slow inflate never reorders).
 */
export class MotionExtractor {
  #queue: Promise<void> = Promise.resolve();

  readonly #onDecoded: (decoded: DecodedFrame) => void;

  /** `onDecoded` gets every frame that carried the trailer magic, in arrival order. */
  constructor(onDecoded: (decoded: DecodedFrame) => void) {
    this.#onDecoded = onDecoded;
  }

  /** Handles one encoded frame; returns whether it goes on to the decoder. */
  handle(frame: EncodedFrame): boolean {
    const bytes = new Uint8Array(frame.data);
    const split = splitTrailer(bytes);
    if (split === null) return true; // not a motion frame: forward unchanged, no error
    if (split === 'length') {
      // The media bytes cannot be told from the packet: drop the frame rather than feed the decoder garbage.
      this.#deliver(Promise.resolve({ type: 'malformed', reason: 'length' }));
      return false;
    }
    this.#deliver(decodeMotionFrame(bytes));
    frame.data = frame.data.slice(0, split.mediaLength);
    return true;
  }

  #deliver(decoded: Promise<DecodedFrame>): void {
    this.#queue = this.#queue
      .then(() => decoded)
      .then((d) => this.#onDecoded(d))
      .catch(() => undefined);
  }
}
