import { ENVELOPE_SIZE, MAGIC, MAX_PACKET_LENGTH, TRAILER_SIZE } from './constants.js';
import { readU32 } from './bytes.js';

/** Where the packet sits in an encoded frame (wire format section 2). */
export interface TrailerSplit {
  /** N: the media bytes are `frame[0, mediaLength)`. */
  mediaLength: number;
  /** L: the packet is `frame[mediaLength, mediaLength + packetLength)`. */
  packetLength: number;
}

/** True when the frame ends with the trailer magic. */
export function hasMagic(frame: Uint8Array): boolean {
  const n = frame.length;
  return (
    n >= MAGIC.length &&
    frame[n - 4] === MAGIC[0] &&
    frame[n - 3] === MAGIC[1] &&
    frame[n - 2] === MAGIC[2] &&
    frame[n - 1] === MAGIC[3]
  );
}

/**
 * Splits an encoded frame into media bytes and packet.
 * Returns `null` when the frame has no magic (an ordinary frame), `'length'` when the
 * magic is there but `L` is invalid (a malformed frame), otherwise the split.
 */
export function splitTrailer(frame: Uint8Array): TrailerSplit | 'length' | null {
  if (!hasMagic(frame)) return null;
  const n = frame.length;
  // Magic present but no room for L: the stricter reading calls that an invalid L.
  if (n < TRAILER_SIZE) return 'length';
  const packetLength = readU32(frame, n - TRAILER_SIZE);
  if (packetLength < ENVELOPE_SIZE || packetLength > MAX_PACKET_LENGTH || packetLength + TRAILER_SIZE > n) {
    return 'length';
  }
  return { mediaLength: n - packetLength - TRAILER_SIZE, packetLength };
}
