import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BLENDSHAPE_COUNT } from '../../../src/codec/index.js';
import type { MotionFrame } from '../../../src/codec/index.js';
export { rng } from '../../support/random.js';

export interface Vector {
  name: string;
  note: string;
  frame: string;
  expect:
    | { type: 'none' }
    | { type: 'malformed'; reason: string }
    | { type: 'packet'; mediaLength: number; packet: Record<string, unknown> & { frame?: Record<string, unknown> } };
}

export function loadVectors(): Vector[] {
  const path = fileURLToPath(new URL('../../fixtures/public-vectors.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Vector[];
}

export const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

export function randomFrame(r: () => number): MotionFrame {
  const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
  for (let i = 0; i < BLENDSHAPE_COUNT; i++) blendshapes[i] = r() < 0.3 ? 0 : r();
  const frame: MotionFrame = { blendshapes };
  if (r() < 0.7) {
    const f = () => Math.fround((r() - 0.5) * 2);
    frame.headPose = { rotation: [f(), f(), f()], translation: [f() / 10, f() / 10, f() / 10] };
  }
  if (r() < 0.7) frame.time = Math.floor(r() * 0xffffffff);
  return frame;
}

/** What the decoder must give back for a weight after u16 quantisation. */
export const quantise = (w: number): number => Math.fround(Math.round(Math.min(1, Math.max(0, w)) * 65535) / 65535);
