import { decodeMotionFrame, splitTrailer } from '../codec/index.js';
import type { DecodedFrame } from '../codec/index.js';
import type { EncodedFrame } from './encoded-frames.js';
import { RtpClock, rtpTimestampOf } from './rtp-clock.js';

/**
 * The receive side of a motion track, per encoded frame: splits off the trailer, forwards exactly the
 * media bytes, and decodes packets strictly in arrival order (a slow inflate never reorders). Each packet
 * comes with its sender time (the encoded frame's RTP timestamp, ms), for lip sync on the sender's clock.
 */
export class MotionExtractor {
  #queue: Promise<void> = Promise.resolve();
  readonly #clock = new RtpClock();

  readonly #onDecoded: (decoded: DecodedFrame, senderMs: number | undefined) => void;

  /** `onDecoded` gets every frame that carried the trailer magic, in arrival order. */
  constructor(onDecoded: (decoded: DecodedFrame, senderMs: number | undefined) => void) {
    this.#onDecoded = onDecoded;
  }

  /** Handles one encoded frame; returns whether it goes on to the decoder. */
  handle(frame: EncodedFrame): boolean {
    const bytes = new Uint8Array(frame.data);
    const split = splitTrailer(bytes);
    if (split === null) return true; // not a motion frame: forward unchanged, no error
    if (split === 'length') {
      // The media bytes cannot be told from the packet: drop the frame rather than feed the decoder garbage.
      this.#deliver(Promise.resolve({ type: 'malformed', reason: 'length' }), undefined);
      return false;
    }
    const rtp = rtpTimestampOf(frame);
    this.#deliver(decodeMotionFrame(bytes), rtp === undefined ? undefined : this.#clock.ms(rtp));
    frame.data = frame.data.slice(0, split.mediaLength);
    return true;
  }

  #deliver(decoded: Promise<DecodedFrame>, senderMs: number | undefined): void {
    this.#queue = this.#queue
      .then(() => decoded)
      .then((d) => this.#onDecoded(d, senderMs))
      .catch(() => undefined);
  }
}
