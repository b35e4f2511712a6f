import { readU32 } from './bytes.js';
import { ENVELOPE_SIZE, Flag, MAX_INFLATED_BODY } from './constants.js';
import { inflateBounded } from './inflate.js';
import { parseMotionFrame } from './motion-frame.js';
import { splitTrailer } from './trailer.js';
import type { DecodedFrame, MalformedReason, MotionPacket, MotionPacketKind } from './types.js';

const NONE: DecodedFrame = Object.freeze({ type: 'none' }) as DecodedFrame;
const malformed = (reason: MalformedReason): DecodedFrame => ({ type: 'malformed', reason });

/** The packet kind a flags byte names, in the spec's order of precedence. */
function kindOf(flags: number): MotionPacketKind {
  if (flags & Flag.IDLE) return 'idle';
  if (flags & Flag.TRANSITION) return 'transition';
  if (flags & Flag.TRANSITION_END) return 'transition-end';
  return 'frame';
}

/** Builds the packet from a (possibly inflated) body `b[from, to)`. */
function decodeBody(kind: MotionPacketKind, flags: number, media: Uint8Array,
  b: Uint8Array, from: number, to: number): DecodedFrame {
  const start = kind === 'frame' && (flags & Flag.START) !== 0;
  const end = kind === 'frame' && (flags & Flag.END) !== 0;
  const packet: MotionPacket = { kind, start, end };
  if (kind === 'frame') {
    if (to - from < 5) return malformed('short-body');
    packet.seq = readU32(b, from);
    from += 4;
  } else if (from === to) {
    return kind === 'transition' ? malformed('empty-transition') : { type: 'packet', media, packet };
  }
  const frame = parseMotionFrame(b, from, to);
  if (typeof frame === 'string') return malformed(frame);
  packet.frame = frame;
  return { type: 'packet', media, packet };
}

async function inflateThenDecode(kind: MotionPacketKind, flags: number, media: Uint8Array,
  body: Uint8Array): Promise<DecodedFrame> {
  const inflated = await inflateBounded(body, MAX_INFLATED_BODY);
  if (typeof inflated === 'string') return malformed(inflated);
  return decodeBody(kind, flags, media, inflated, 0, inflated.length);
}

/**
 * Decodes one encoded frame of the motion track (wire format sections 2 to 4).
 * Never throws and never rejects, whatever the bytes. Only DEFLATE bodies wait on the platform's
 * inflater; every other frame is decoded synchronously and handed back in a resolved promise.
 */
export function decodeMotionFrame(frame: Uint8Array): Promise<DecodedFrame> {
  try {
    const split = splitTrailer(frame);
    if (split === null) return Promise.resolve(NONE);
    if (split === 'length') return Promise.resolve(malformed('length'));
    const { mediaLength, packetLength } = split;
    const flags = frame[mediaLength]!;
    const bodyLength = readU32(frame, mediaLength + 1);
    if (bodyLength !== packetLength - ENVELOPE_SIZE) return Promise.resolve(malformed('body-length'));
    const media = frame.subarray(0, mediaLength);
    const kind = kindOf(flags);
    if (kind === 'idle') {
      // An IDLE packet's body and its DEFLATE bit are ignored.
      return Promise.resolve({ type: 'packet', media, packet: { kind, start: false, end: false } });
    }
    const from = mediaLength + ENVELOPE_SIZE;
    const to = from + bodyLength;
    if (flags & Flag.DEFLATE) return inflateThenDecode(kind, flags, media, frame.subarray(from, to));
    return Promise.resolve(decodeBody(kind, flags, media, frame, from, to));
  } catch {
    // Unreachable by construction (every read is bounds-checked); kept so the promise never rejects.
    return Promise.resolve(malformed('length'));
  }
}
