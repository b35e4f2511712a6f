// Compile-time checks, run by `npm run typecheck` (tsc -p tsconfig.test.json): a line marked
// `@ts-expect-error` fails the type check if it compiles, so a misspelt name that stopped being an error
// would fail the build. Nothing here runs.
import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, BLENDSHAPE_NAMES } from '../../src/codec/index.js';
import type { BlendshapeName } from '../../src/codec/index.js';

// A known name is a number, without a non-null assertion.
export const jawOpen: number = BLENDSHAPE_INDEX.jawOpen;
export const tongueOut: number = BLENDSHAPE_INDEX['tongueOut'];

// @ts-expect-error a misspelt blendshape name does not compile
export const misspelt = BLENDSHAPE_INDEX.jawOpn;

// @ts-expect-error nor does a misspelt name as a BlendshapeName
export const misspeltName: BlendshapeName = 'mouthSmileLft';

// @ts-expect-error an arbitrary string is not a blendshape name
export const anyString = BLENDSHAPE_INDEX['jaw' + 'Open' as string];

// The names are a tuple of exactly 52 literals, and the count is the literal 52.
export const count: 52 = BLENDSHAPE_COUNT;
export const first: 'eyeBlinkLeft' = BLENDSHAPE_NAMES[0];
export const last: 'tongueOut' = BLENDSHAPE_NAMES[51];

// The list is read-only.
// @ts-expect-error BLENDSHAPE_NAMES cannot be written
BLENDSHAPE_NAMES[0] = 'jawOpen';

// BlendshapeIndex<N> is the literal index of N (the face renderer's indices are checked with it).
export const jawOpenIndex: import('../../src/codec/blendshapes.js').BlendshapeIndex<'jawOpen'> = 17;
export const tongueOutIndex: import('../../src/codec/blendshapes.js').BlendshapeIndex<'tongueOut'> = 51;
// @ts-expect-error a wrong index does not compile
export const wrongIndex: import('../../src/codec/blendshapes.js').BlendshapeIndex<'jawOpen'> = 18;
