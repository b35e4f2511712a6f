import { BLENDSHAPE_COUNT } from '../codec/constants.js';
import type { MotionFrame } from '../codec/types.js';

import type { PlaybackState } from '../core/motion-details.js';

export type { PlaybackState };

/**
 * One pose per output slot. The engine owns a few of these and reuses them (no allocation per frame);
 * a renderer copies what it keeps.
 */
export interface Pose {
  /** 52 weights in BLENDSHAPE_NAMES order. */
  weights: Float32Array;
  /** Head rotation x, y, z in radians. */
  rotation: Float32Array;
  /** Head translation x, y, z in metres. */
  translation: Float32Array;
  state: PlaybackState;
  /** The conversation frame this pose comes from, or -1 (idle, blends). */
  seq: number;
  /** The frame's TIME (ms since the conversation started), or -1. */
  time: number;
}

export function createPose(): Pose {
  return {
    weights: new Float32Array(BLENDSHAPE_COUNT),
    rotation: new Float32Array(3),
    translation: new Float32Array(3),
    state: 'idle',
    seq: -1,
    time: -1,
  };
}

/** The neutral pose: all weights 0, head straight. */
export function setNeutral(out: Pose): void {
  out.weights.fill(0);
  out.rotation.fill(0);
  out.translation.fill(0);
  out.seq = -1;
  out.time = -1;
}

export function setFromFrame(out: Pose, frame: MotionFrame, seq = -1): void {
  out.weights.set(frame.blendshapes);
  if (frame.headPose) {
    const { rotation: r, translation: t } = frame.headPose;
    out.rotation[0] = r[0]; out.rotation[1] = r[1]; out.rotation[2] = r[2];
    out.translation[0] = t[0]; out.translation[1] = t[1]; out.translation[2] = t[2];
  } else {
    out.rotation.fill(0);
    out.translation.fill(0);
  }
  out.seq = seq;
  out.time = frame.time ?? -1;
}

export function copyPose(out: Pose, src: Pose): void {
  out.weights.set(src.weights);
  out.rotation.set(src.rotation);
  out.translation.set(src.translation);
  out.state = src.state;
  out.seq = src.seq;
  out.time = src.time;
}

/** Whether two poses would look the same (weights, head pose, state) and come from the same frame. */
export function samePose(a: Readonly<Pose>, b: Readonly<Pose>): boolean {
  if (a.seq !== b.seq || a.state !== b.state) return false;
  for (let i = 0; i < a.weights.length; i++) if (a.weights[i] !== b.weights[i]) return false;
  for (let i = 0; i < 3; i++) if (a.rotation[i] !== b.rotation[i] || a.translation[i] !== b.translation[i]) return false;
  return true;
}

/** out = from + (to - from) * t, for weights and head pose (t in 0..1). */
export function blendPose(out: Pose, from: Pose, to: Pose, t: number): void {
  const s = t * t * (3 - 2 * t); // smoothstep: no visible kink where a blend starts or ends
  for (let i = 0; i < out.weights.length; i++) out.weights[i] = from.weights[i]! + (to.weights[i]! - from.weights[i]!) * s;
  for (let i = 0; i < 3; i++) {
    out.rotation[i] = from.rotation[i]! + (to.rotation[i]! - from.rotation[i]!) * s;
    out.translation[i] = from.translation[i]! + (to.translation[i]! - from.translation[i]!) * s;
  }
  out.seq = -1;
  out.time = -1;
}
