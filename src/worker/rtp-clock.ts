// A motion frame's sender time, for lip sync on the sender's clock (docs/sync.md, step 4): the encoded frame's
// RTP timestamp, read from its metadata and unwrapped into milliseconds.

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
