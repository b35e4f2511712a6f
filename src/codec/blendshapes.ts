/**
 * The 52 ARKit blendshape names in Live Link Face order (wire format section 5).
 * Index `i` of every weights array on the wire and in a `MotionFrame` is `BLENDSHAPE_NAMES[i]`.
 * "Left" and "Right" are the avatar's own, as in ARKit.
 */
export const BLENDSHAPE_NAMES: readonly string[] = Object.freeze([
  'eyeBlinkLeft', 'eyeLookDownLeft', 'eyeLookInLeft', 'eyeLookOutLeft',
  'eyeLookUpLeft', 'eyeSquintLeft', 'eyeWideLeft', 'eyeBlinkRight',
  'eyeLookDownRight', 'eyeLookInRight', 'eyeLookOutRight', 'eyeLookUpRight',
  'eyeSquintRight', 'eyeWideRight', 'jawForward', 'jawRight',
  'jawLeft', 'jawOpen', 'mouthClose', 'mouthFunnel',
  'mouthPucker', 'mouthRight', 'mouthLeft', 'mouthSmileLeft',
  'mouthSmileRight', 'mouthFrownLeft', 'mouthFrownRight', 'mouthDimpleLeft',
  'mouthDimpleRight', 'mouthStretchLeft', 'mouthStretchRight', 'mouthRollLower',
  'mouthRollUpper', 'mouthShrugLower', 'mouthShrugUpper', 'mouthPressLeft',
  'mouthPressRight', 'mouthLowerDownLeft', 'mouthLowerDownRight', 'mouthUpperUpLeft',
  'mouthUpperUpRight', 'browDownLeft', 'browDownRight', 'browInnerUp',
  'browOuterUpLeft', 'browOuterUpRight', 'cheekPuff', 'cheekSquintLeft',
  'cheekSquintRight', 'noseSneerLeft', 'noseSneerRight', 'tongueOut',
]);

/** Number of blendshape weights in a `MotionFrame` (always 52). */
export const BLENDSHAPE_COUNT = 52;

/** Index of each blendshape by name, for code that addresses weights by name. */
export const BLENDSHAPE_INDEX: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(BLENDSHAPE_NAMES.map((name, i) => [name, i])),
);
