import { readF32, readU16, readU32 } from './bytes.js';
import { BLENDSHAPE_COUNT, HEAD_POSE_LENGTH, MOTION_FRAME_VERSION, Section, TIME_LENGTH } from './constants.js';
import type { HeadPose, MalformedReason, MotionFrame } from './types.js';

const SECTION_HEADER = 3;
const U16_MAX = 65535;

/**
 * Parses a motion frame (wire format section 4) from `b[from, to)`.
 * Returns the frame, or the reason it is malformed. Never throws.
 */
export function parseMotionFrame(b: Uint8Array, from: number, to: number): MotionFrame | MalformedReason {
  if (to - from < 1) return 'short-body';
  if (b[from] !== MOTION_FRAME_VERSION) return 'version';
  const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
  let headPose: HeadPose | undefined;
  let time: number | undefined;
  let at = from + 1;
  while (at < to) {
    if (to - at < SECTION_HEADER) return 'section-header';
    const type = b[at]!;
    const length = readU16(b, at + 1);
    const value = at + SECTION_HEADER;
    if (value + length > to) return 'section-length';
    switch (type) {
      case Section.BLENDSHAPES: {
        if (length & 1) return 'blendshape-odd';
        const k = Math.min(length >>> 1, BLENDSHAPE_COUNT);
        // A later BLENDSHAPES section replaces an earlier one entirely.
        blendshapes.fill(0);
        for (let i = 0; i < k; i++) blendshapes[i] = readU16(b, value + 2 * i) / U16_MAX;
        break;
      }
      case Section.HEAD_POSE: {
        if (length !== HEAD_POSE_LENGTH) return 'head-pose-length';
        const rx = readF32(b, value), ry = readF32(b, value + 4), rz = readF32(b, value + 8);
        const tx = readF32(b, value + 12), ty = readF32(b, value + 16), tz = readF32(b, value + 20);
        if (!(Number.isFinite(rx) && Number.isFinite(ry) && Number.isFinite(rz) &&
              Number.isFinite(tx) && Number.isFinite(ty) && Number.isFinite(tz))) {
          return 'head-pose-nan';
        }
        headPose = { rotation: [rx, ry, rz], translation: [tx, ty, tz] };
        break;
      }
      case Section.TIME:
        if (length !== TIME_LENGTH) return 'time-length';
        time = readU32(b, value);
        break;
      default:
        break; // unknown sections are skipped (forward compatibility)
    }
    at = value + length;
  }
  const frame: MotionFrame = { blendshapes };
  if (headPose) frame.headPose = headPose;
  if (time !== undefined) frame.time = time;
  return frame;
}
