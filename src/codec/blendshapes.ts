/**
 * The 52 ARKit blendshape names in Live Link Face order (wire format section 5).
 * Index `i` of every weights array on the wire and in a `MotionFrame` is `BLENDSHAPE_NAMES[i]`.
 * "Left" and "Right" are the avatar's own, as in ARKit.
 */
export const BLENDSHAPE_NAMES = Object.freeze([
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
] as const);

/** One of the 52 ARKit blendshape names: a misspelt name does not compile. */
export type BlendshapeName = (typeof BLENDSHAPE_NAMES)[number];

/** Number of blendshape weights in a `MotionFrame` (always 52; the type is the literal 52). */
export const BLENDSHAPE_COUNT = BLENDSHAPE_NAMES.length;

/**
 * Index of each blendshape by name, for code that addresses weights by name: `BLENDSHAPE_INDEX.jawOpen` is
 * a number (17), and `BLENDSHAPE_INDEX.jawOpn` does not compile.
 */
export const BLENDSHAPE_INDEX: Readonly<Record<BlendshapeName, number>> = Object.freeze(
  Object.fromEntries(BLENDSHAPE_NAMES.map((name, i) => [name, i])) as Record<BlendshapeName, number>,
);
