/**
 * `spatius-avatar/codec`: the motion track wire format v1 (docs/wire-format.md).
 * Pure TypeScript, no DOM: runs in Node 20, in a Worker and on the main thread.
 */
export { BLENDSHAPE_NAMES, BLENDSHAPE_COUNT, BLENDSHAPE_INDEX } from './blendshapes.js';
export type { BlendshapeName } from './blendshapes.js';
export { MAGIC, MAX_INFLATED_BODY, MAX_PACKET_LENGTH, DEFLATE_MIN_BODY, FRAMES_PER_SECOND, SLOT_MS, Flag, Section } from './constants.js';
export { decodeMotionFrame } from './decode.js';
export { checkMotionFrame, encodeMotionFrame, encodeMotionFrameSync } from './encode.js';
export type { EncodeOptions } from './encode.js';
export { hasMagic, splitTrailer } from './trailer.js';
export type { TrailerSplit } from './trailer.js';
export type {
  DecodedFrame, HeadPose, MalformedReason, MotionFrame, MotionPacket, MotionPacketKind,
} from './types.js';
