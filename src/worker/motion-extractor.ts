import { decodeMotionFrame, splitTrailer } from '../codec/index.js';
import type { DecodedFrame } from '../codec/index.js';
import type { EncodedFrame } from './encoded-frames.js';

/** The video RTP clock: 90 kHz. */
const RTP_PER_MS = 90;

/** A video frame's RTP timestamp as milliseconds on the sender's clock, unwrapped past 2^32 (13 h at 90 kHz). */
export class RtpClock {
  #last: number | undefined;
  #ticks = 0;

  ms(rtpTimestamp: number): number {
    if (this.#last !== undefined) this.#ticks += ((rtpTimestamp - this.#last) << 0); // the signed 32-bit step
    else this.#ticks = rtpTimestamp;
    this.#last = rtpTimestamp;
    return this.#ticks / RTP_PER_MS;
  }
}

/**
 * The encoded frame's RTP timestamp from its metadata, or undefined (the frame then counts from its own arrival).
 * The deprecated `frame.timestamp` is not read: older engines gave the RTP timestamp there, newer ones a capture
 * time in µs, and a wrong unit would drift the sender clock without ever tripping its jump check.
 */
export function rtpTimestampOf(frame: { getMetadata?(): unknown }): number | undefined {
  const meta = (typeof frame.getMetadata === 'function' ? frame.getMetadata() : undefined) as { rtpTimestamp?: unknown } | undefined;
  const rtp = meta?.rtpTimestamp;
  return typeof rtp === 'number' && Number.isFinite(rtp) ? rtp : undefined;
}

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
