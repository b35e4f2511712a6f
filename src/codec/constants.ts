/** Wire-format constants of motion track v1 (see docs/wire-format.md). */

/** Trailer magic 'S' 'P' 'M' 0x01: the last four bytes of every motion frame. */
export const MAGIC = Uint8Array.of(0x53, 0x50, 0x4d, 0x01);
/** u32 packet length + magic. */
export const TRAILER_SIZE = 8;
/** flags (1) + bodyLength (4). */
export const ENVELOPE_SIZE = 5;
export const MAX_PACKET_LENGTH = 65535;
/** Inflated bodies beyond this are malformed (bounds memory against compressed bombs). */
export const MAX_INFLATED_BODY = 262144;
/** Publishers should not compress bodies under this size. */
export const DEFLATE_MIN_BODY = 512;
export const MOTION_FRAME_VERSION = 1;
/**
 * Number of blendshape weights in a `MotionFrame` (always 52; the type is the literal 52). A number here, not
 * `BLENDSHAPE_NAMES.length`, so code that only counts weights (the worker) does not ship the names.
 */
export const BLENDSHAPE_COUNT = 52;

/** Motion frames per second of a conversation (the motion track's frame rate). */
export const FRAMES_PER_SECOND = 25;
/** One frame slot: the time between two motion frames (ms). TIME advances by this much per frame. */
export const SLOT_MS = 1000 / FRAMES_PER_SECOND;

export const Flag = {
  IDLE: 0x01,
  START: 0x02,
  END: 0x04,
  DEFLATE: 0x08,
  TRANSITION: 0x10,
  TRANSITION_END: 0x20,
} as const;

export const Section = {
  BLENDSHAPES: 0x01,
  HEAD_POSE: 0x02,
  TIME: 0x03,
} as const;

export const HEAD_POSE_LENGTH = 24;
export const TIME_LENGTH = 4;

