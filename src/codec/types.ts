/** Head pose: rotation in radians (applied y, then x, then z), translation in metres. */
export interface HeadPose {
  rotation: [number, number, number];
  translation: [number, number, number];
}

export interface MotionFrame {
  /** 52 weights in `BLENDSHAPE_NAMES` order, each 0..1. */
  blendshapes: Float32Array;
  headPose?: HeadPose;
  /** Milliseconds since the conversation started: the audio time this frame belongs to. */
  time?: number;
}

export type MotionPacketKind = 'idle' | 'frame' | 'transition' | 'transition-end';

export interface MotionPacket {
  kind: MotionPacketKind;
  /** Only ever true on kind 'frame'. */
  start: boolean;
  /** Only ever true on kind 'frame'. */
  end: boolean;
  /** Kind 'frame' only: u32 frame sequence number. */
  seq?: number;
  /** Absent on 'idle', and on an empty 'transition-end'. */
  frame?: MotionFrame;
}

/** Why a frame with the trailer magic was rejected. Stable strings: counted and logged by receivers. */
export type MalformedReason =
  | 'length' // L out of range, or larger than the frame
  | 'body-length' // bodyLength != L - 5
  | 'inflate' // DEFLATE body is not a valid zlib stream
  | 'inflate-limit' // inflated body larger than 262144 bytes
  | 'short-body' // motion frame packet body under 5 bytes
  | 'empty-transition' // TRANSITION without a motion frame
  | 'version' // motion frame version other than 1
  | 'section-header' // section header cut short by the end of the body
  | 'section-length' // section runs past the end of the body
  | 'blendshape-odd' // BLENDSHAPES length is odd
  | 'head-pose-length' // HEAD_POSE length other than 24
  | 'head-pose-nan' // NaN or infinite float in HEAD_POSE
  | 'time-length'; // TIME length other than 4

export type DecodedFrame =
  /** No trailer magic: an ordinary frame, forwarded unchanged. */
  | { type: 'none' }
  /** Dropped and counted. */
  | { type: 'malformed'; reason: MalformedReason }
  /** `media` = the bytes before the packet (a view into the input, not a copy). */
  | { type: 'packet'; media: Uint8Array; packet: MotionPacket };
