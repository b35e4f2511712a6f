import { writeF32, writeU16, writeU32 } from './bytes.js';
import {
  BLENDSHAPE_COUNT,
  ENVELOPE_SIZE, Flag, HEAD_POSE_LENGTH, MAGIC, MAX_PACKET_LENGTH, MOTION_FRAME_VERSION, Section,
  TIME_LENGTH, TRAILER_SIZE,
} from './constants.js';
import { deflate } from './inflate.js';
import type { MotionFrame, MotionPacket } from './types.js';

export interface EncodeOptions {
  /** Media bytes (the encoded VP8 frame) that the packet is appended to. */
  media?: Uint8Array;
  /** zlib-compress the body. Publishers should only ask for it on bodies of 512 bytes or more. */
  deflate?: boolean;
}

const U32_MAX = 0xffffffff;
const BLENDSHAPES_BYTES = 3 + 2 * BLENDSHAPE_COUNT;
const HEAD_POSE_BYTES = 3 + HEAD_POSE_LENGTH;
const TIME_BYTES = 3 + TIME_LENGTH;

function isU32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U32_MAX;
}

/**
 * Throws a TypeError naming what is wrong when `frame` cannot be encoded as a motion frame (section 4): not an
 * object, not 52 numeric weights, a head pose without six finite f32 values, a TIME that is not a u32.
 */
export function checkMotionFrame(frame: unknown, what = 'frame'): asserts frame is MotionFrame {
  if (!frame || typeof frame !== 'object') throw new TypeError(`${what}: not a motion frame object (${frame === null ? 'null' : typeof frame})`);
  checkFrame(frame as MotionFrame, what);
}

function checkFrame(frame: MotionFrame, what: string): void {
  const w = frame.blendshapes as ArrayLike<number> | undefined;
  if (!w || typeof w.length !== 'number' || w.length !== BLENDSHAPE_COUNT) {
    throw new TypeError(`${what}: blendshapes must hold exactly ${BLENDSHAPE_COUNT} weights, got ${w?.length}`);
  }
  for (let i = 0; i < BLENDSHAPE_COUNT; i++) {
    if (typeof w[i] !== 'number' || Number.isNaN(w[i])) {
      throw new TypeError(`${what}: blendshape weight ${i} is not a number`);
    }
  }
  const pose = frame.headPose;
  if (pose) {
    const triple = (v: unknown): v is ArrayLike<unknown> => !!v && typeof v === 'object' && (v as ArrayLike<unknown>).length === 3;
    if (!triple(pose.rotation) || !triple(pose.translation)) {
      throw new TypeError(`${what}: headPose needs three rotation and three translation values`);
    }
    const values = [...Array.from(pose.rotation), ...Array.from(pose.translation)];
    if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new TypeError(`${what}: headPose needs three finite rotation and three finite translation values`);
    }
    if (!values.every((v) => Number.isFinite(Math.fround(v)))) {
      throw new TypeError(`${what}: headPose value out of f32 range`);
    }
  }
  if (frame.time !== undefined && !isU32(frame.time)) {
    throw new TypeError(`${what}: time must be a whole number of milliseconds from 0 to ${U32_MAX}, got ${frame.time}`);
  }
}

function motionFrameSize(frame: MotionFrame): number {
  return 1 + BLENDSHAPES_BYTES + (frame.headPose ? HEAD_POSE_BYTES : 0) + (frame.time !== undefined ? TIME_BYTES : 0);
}

function writeMotionFrame(b: Uint8Array, at: number, frame: MotionFrame): void {
  b[at++] = MOTION_FRAME_VERSION;
  b[at] = Section.BLENDSHAPES;
  writeU16(b, at + 1, 2 * BLENDSHAPE_COUNT);
  at += 3;
  for (let i = 0; i < BLENDSHAPE_COUNT; i++, at += 2) {
    const w = frame.blendshapes[i]!;
    writeU16(b, at, Math.round((w <= 0 ? 0 : w >= 1 ? 1 : w) * 65535));
  }
  const pose = frame.headPose;
  if (pose) {
    b[at] = Section.HEAD_POSE;
    writeU16(b, at + 1, HEAD_POSE_LENGTH);
    at += 3;
    for (const v of pose.rotation) { writeF32(b, at, v); at += 4; }
    for (const v of pose.translation) { writeF32(b, at, v); at += 4; }
  }
  if (frame.time !== undefined) {
    b[at] = Section.TIME;
    writeU16(b, at + 1, TIME_LENGTH);
    writeU32(b, at + 3, frame.time);
  }
}

/** Validates the packet and returns its flags and uncompressed body. Throws TypeError on bad input. */
function buildBody(packet: MotionPacket): { flags: number; body: Uint8Array } {
  if (!packet || typeof packet !== 'object') throw new TypeError('packet must be an object');
  const { kind, start, end, seq, frame } = packet;
  if (kind !== 'frame' && (start || end)) {
    throw new TypeError(`start and end qualify only kind 'frame', not '${kind}'`);
  }
  if (kind !== 'frame' && seq !== undefined) throw new TypeError(`seq belongs to kind 'frame' only, not '${kind}'`);
  switch (kind) {
    case 'idle':
      if (frame) throw new TypeError("an 'idle' packet carries no frame");
      return { flags: Flag.IDLE, body: new Uint8Array(0) };
    case 'frame': {
      if (!isU32(seq)) throw new TypeError(`seq must be a u32 (0 to ${U32_MAX}), got ${String(seq)}`);
      if (!frame) throw new TypeError("a 'frame' packet needs a frame");
      checkFrame(frame, 'frame');
      const body = new Uint8Array(4 + motionFrameSize(frame));
      writeU32(body, 0, seq);
      writeMotionFrame(body, 4, frame);
      return { flags: (start ? Flag.START : 0) | (end ? Flag.END : 0), body };
    }
    case 'transition':
    case 'transition-end': {
      const flags = kind === 'transition' ? Flag.TRANSITION : Flag.TRANSITION_END;
      if (!frame) {
        if (kind === 'transition') throw new TypeError("a 'transition' packet needs a target frame");
        return { flags, body: new Uint8Array(0) };
      }
      checkFrame(frame, kind);
      const body = new Uint8Array(motionFrameSize(frame));
      writeMotionFrame(body, 0, frame);
      return { flags, body };
    }
    default:
      throw new TypeError(`unknown packet kind '${String(kind)}'`);
  }
}

function assemble(flags: number, body: Uint8Array, media: Uint8Array): Uint8Array {
  const packetLength = ENVELOPE_SIZE + body.length;
  if (packetLength > MAX_PACKET_LENGTH) {
    throw new TypeError(`packet of ${packetLength} bytes exceeds the ${MAX_PACKET_LENGTH}-byte limit`);
  }
  const out = new Uint8Array(media.length + packetLength + TRAILER_SIZE);
  out.set(media, 0);
  let at = media.length;
  out[at] = flags;
  writeU32(out, at + 1, body.length);
  out.set(body, at + ENVELOPE_SIZE);
  at += packetLength;
  writeU32(out, at, packetLength);
  out.set(MAGIC, at + 4);
  return out;
}

/**
 * Encodes a packet, appended to `options.media` in a trailer (wire format sections 2 to 4).
 * Weights are clamped to 0..1 and rounded to u16. Invalid input is a TypeError, never a corrupt packet.
 */
export async function encodeMotionFrame(packet: MotionPacket, options: EncodeOptions = {}): Promise<Uint8Array> {
  const media = options.media ?? new Uint8Array(0);
  const { flags, body } = buildBody(packet);
  if (options.deflate && body.length > 0) {
    return assemble(flags | Flag.DEFLATE, await deflate(body), media);
  }
  return assemble(flags, body, media);
}

/** Synchronous encoder for uncompressed packets (the publisher's per-frame path). */
export function encodeMotionFrameSync(packet: MotionPacket, media: Uint8Array = new Uint8Array(0)): Uint8Array {
  const { flags, body } = buildBody(packet);
  return assemble(flags, body, media);
}
