// Hand-built frames for the malformed-input rules: a tiny assembler that writes exactly what a test says,
// including what the encoder refuses to produce (lying lengths, bad sections).
export const MAGIC = [0x53, 0x50, 0x4d, 0x01];

export const u16 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff];
export const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
export const f32 = (v: number): number[] => Array.from(new Uint8Array(Float32Array.of(v).buffer));
export const section = (type: number, value: number[], length = value.length): number[] => [type, ...u16(length), ...value];

/** media + [flags, bodyLength, body] + L + magic, with optional lies about bodyLength and L. */
export function frame(flags: number, body: number[], opts: { media?: number[]; bodyLength?: number; L?: number } = {}): Uint8Array {
  const media = opts.media ?? [0x50, 0x01, 0x00];
  const packet = [flags, ...u32(opts.bodyLength ?? body.length), ...body];
  return Uint8Array.from([...media, ...packet, ...u32(opts.L ?? packet.length), ...MAGIC]);
}

/** A motion frame packet body: seq + version 1 + sections. */
export const motionBody = (seq: number, ...sections: number[][]): number[] => [...u32(seq), 1, ...sections.flat()];
