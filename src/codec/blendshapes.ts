import { BLENDSHAPE_COUNT } from './constants.js';

export { BLENDSHAPE_COUNT };

/**
 * The 52 ARKit blendshape names in Live Link Face order (wire format section 5).
 * Index `i` of every weights array on the wire and in a `MotionFrame` is `BLENDSHAPE_NAMES[i]`.
 * "Left" and "Right" are the avatar's own, as in ARKit.
 */
export const BLENDSHAPE_NAMES = /* @__PURE__ */ Object.freeze([
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
] as const satisfies readonly string[] & { length: typeof BLENDSHAPE_COUNT });

/** One of the 52 ARKit blendshape names: a misspelt name does not compile. */
export type BlendshapeName = (typeof BLENDSHAPE_NAMES)[number];

/**
 * Index of each blendshape by name, for code that addresses weights by name: `BLENDSHAPE_INDEX.jawOpen` is
 * a number (17), and `BLENDSHAPE_INDEX.jawOpn` does not compile.
 */
export const BLENDSHAPE_INDEX: Readonly<Record<BlendshapeName, number>> = /* @__PURE__ */ Object.freeze(
  /* @__PURE__ */ Object.fromEntries(/* @__PURE__ */ BLENDSHAPE_NAMES.map((name, i) => [name, i])) as Record<BlendshapeName, number>,
);

type IndexIn<T extends readonly unknown[], N, Seen extends unknown[] = []> =
  T extends readonly [infer H, ...infer R] ? (H extends N ? Seen['length'] : IndexIn<R, N, [...Seen, H]>) : never;

/**
 * The index of blendshape `N` as a literal type: `const JAW_OPEN: BlendshapeIndex<'jawOpen'> = 17` compiles
 * and `= 18` does not. For code that addresses weights by name without shipping the names (the face renderer).
 */
export type BlendshapeIndex<N extends BlendshapeName> = IndexIn<typeof BLENDSHAPE_NAMES, N>;
