/** Little-endian reads and writes on plain byte arrays, without a DataView per frame. */

const f32 = /* @__PURE__ */ new Float32Array(1);
const f32Bytes = /* @__PURE__ */ new Uint8Array(f32.buffer);

export function readU16(b: Uint8Array, at: number): number {
  return b[at]! | (b[at + 1]! << 8);
}

export function readU32(b: Uint8Array, at: number): number {
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
}

/** Reads a little-endian f32 (the host is little-endian on every platform that runs browsers). */
export function readF32(b: Uint8Array, at: number): number {
  f32Bytes[0] = b[at]!;
  f32Bytes[1] = b[at + 1]!;
  f32Bytes[2] = b[at + 2]!;
  f32Bytes[3] = b[at + 3]!;
  return f32[0]!;
}

export function writeU16(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
}

export function writeU32(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

export function writeF32(b: Uint8Array, at: number, v: number): void {
  f32[0] = v;
  b[at] = f32Bytes[0]!;
  b[at + 1] = f32Bytes[1]!;
  b[at + 2] = f32Bytes[2]!;
  b[at + 3] = f32Bytes[3]!;
}
