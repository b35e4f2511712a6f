// Codec throughput in Node: decode and encode of a typical frame (52 weights + head pose + time), plain
// and compressed, beside JSON.parse / JSON.stringify of the same frame as the reference in the same run.
import { BLENDSHAPE_COUNT, decodeMotionFrame, encodeMotionFrame, encodeMotionFrameSync } from '../src/codec/index.js';
import type { MotionPacket } from '../src/codec/index.js';
import { fmt, rate } from './measure.js';

export async function codecBench(): Promise<string> {
  const blendshapes = new Float32Array(BLENDSHAPE_COUNT).map((_, i) => (i * 37 % 100) / 100);
  const packet: MotionPacket = {
    kind: 'frame', start: false, end: false, seq: 1234,
    frame: { blendshapes, headPose: { rotation: [0.1, -0.2, 0.05], translation: [0.01, 0, -0.02] }, time: 49360 },
  };
  const media = new Uint8Array(20).fill(7); // a 16x16 black VP8 delta frame is about this size
  const plain = encodeMotionFrameSync(packet, media);
  const compressed = await encodeMotionFrame(packet, { media, deflate: true });
  const json = JSON.stringify({ ...packet, frame: { ...packet.frame, blendshapes: Array.from(blendshapes) } });

  const decodePlain = await rate(() => decodeMotionFrame(plain), 200_000);
  const decodeCompressed = await rate(() => decodeMotionFrame(compressed), 5_000);
  const encodeSync = await rate(() => encodeMotionFrameSync(packet, media), 200_000);
  const encodeAsync = await rate(() => encodeMotionFrame(packet, { media }), 200_000);
  const encodeCompressed = await rate(() => encodeMotionFrame(packet, { media, deflate: true }), 5_000);
  const jsonParse = await rate(() => JSON.parse(json), 200_000);
  const jsonStringify = await rate(() => JSON.stringify({ ...packet, frame: { ...packet.frame, blendshapes: Array.from(blendshapes) } }), 200_000);

  const row = (name: string, r: { perSecond: number; nsPerOp: number }, ref?: { perSecond: number }) =>
    `| ${name} | ${fmt(r.perSecond)} | ${fmt(r.nsPerOp / 1000, 2)} | ${ref ? `${fmt(r.perSecond / ref.perSecond, 2)}x` : ''} |`;
  return [
    `Typical frame: ${plain.length} bytes on the wire (${media.length} media + ${plain.length - media.length - 8} packet + 8 trailer); `
      + `compressed ${compressed.length} bytes; the same frame as JSON: ${json.length} bytes.`,
    '',
    '| operation | per second | µs each | vs JSON of the same frame |',
    '|---|---:|---:|---:|',
    row('decodeMotionFrame, uncompressed', decodePlain, jsonParse),
    row('decodeMotionFrame, DEFLATE', decodeCompressed, jsonParse),
    row('encodeMotionFrameSync', encodeSync, jsonStringify),
    row('encodeMotionFrame (async), uncompressed', encodeAsync, jsonStringify),
    row('encodeMotionFrame (async), DEFLATE', encodeCompressed, jsonStringify),
    row('JSON.parse (reference)', jsonParse),
    row('JSON.stringify (reference)', jsonStringify),
    '',
    `Goal: at least 500,000 uncompressed decodes per second: ${decodePlain.perSecond >= 500_000 ? 'met' : 'NOT met'} (${fmt(decodePlain.perSecond)}).`,
  ].join('\n');
}
