// The codec in Chromium: the public vectors on the main thread and in a Worker (no DOM there).
import { expect } from '@open-wc/testing';
import { decodeMotionFrame, encodeMotionFrame, BLENDSHAPE_COUNT } from '../../src/codec/index.js';
import type { DecodedFrame } from '../../src/codec/index.js';

interface VectorFrame { blendshapes: number[]; headPose?: { rotation: number[]; translation: number[] }; time?: number }
interface Vector {
  name: string;
  frame: string;
  expect: { type: string; reason?: string; mediaLength?: number; packet?: { kind: string; start: boolean; end: boolean; seq?: number; frame?: VectorFrame } };
}

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const vectors = async (): Promise<Vector[]> => (await fetch('/test/fixtures/public-vectors.json')).json();

/**
 * Everything a vector says about its decoding, compared in full: type, reason, media (length and bytes),
 * kind, start and end flags, seq, the 52 weights (as f32, bit for bit), the head pose and the time.
 * `d` is what decodeMotionFrame gave, here or in a Worker (structured clone keeps the Float32Array).
 */
function expectVector(v: Vector, d: DecodedFrame): void {
  const want = v.expect;
  expect(d.type, v.name).to.equal(want.type);
  if (d.type === 'malformed') expect(d.reason, v.name).to.equal(want.reason);
  if (d.type !== 'packet') return;
  const p = want.packet!;
  expect(Array.from(d.media), `${v.name}: media`).to.deep.equal(Array.from(hex(v.frame).subarray(0, want.mediaLength)));
  expect(d.packet.kind, v.name).to.equal(p.kind);
  expect(d.packet.start, `${v.name}: start`).to.equal(p.start);
  expect(d.packet.end, `${v.name}: end`).to.equal(p.end);
  expect(d.packet.seq, `${v.name}: seq`).to.equal(p.seq);
  if (!p.frame) {
    expect(d.packet.frame, `${v.name}: frame`).to.equal(undefined);
    return;
  }
  const f = d.packet.frame!;
  expect(f.blendshapes, `${v.name}: weights`).to.be.instanceOf(Float32Array);
  expect(Array.from(f.blendshapes), `${v.name}: weights`).to.deep.equal(p.frame.blendshapes.map(Math.fround));
  const pose = p.frame.headPose;
  expect(f.headPose, `${v.name}: head pose`).to.deep.equal(
    pose && { rotation: pose.rotation.map(Math.fround), translation: pose.translation.map(Math.fround) });
  expect(f.time, `${v.name}: time`).to.equal(p.frame.time);
}

describe('codec in Chromium', () => {
  it('decodes every public vector on the main thread (weights, pose, time, flags)', async () => {
    const list = await vectors();
    expect(list.map((v) => v.name)).to.include('deflate'); // the path that differs in a browser (DecompressionStream)
    for (const v of list) expectVector(v, await decodeMotionFrame(hex(v.frame)));
  });

  it('decodes every public vector in a Worker (weights, pose, time, flags)', async () => {
    const list = await vectors();
    const worker = new Worker(new URL('./workers/decode.worker.ts', import.meta.url), { type: 'module' });
    try {
      const answer = new Promise<DecodedFrame[]>((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      });
      worker.postMessage(list.map((v) => hex(v.frame)));
      const got = await answer;
      expect(got.length).to.equal(list.length);
      list.forEach((v, i) => expectVector(v, got[i]!));
    } finally {
      worker.terminate();
    }
  });

  it('rejects bytes after the end of the zlib stream, as Node does', async () => {
    const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
    const good = await encodeMotionFrame({ kind: 'frame', start: false, end: false, seq: 1, frame: { blendshapes } }, { deflate: true });
    // Append one byte to the body: grow bodyLength and L by one, keep the trailer.
    const n = good.length;
    const bad = new Uint8Array(n + 1);
    bad.set(good.subarray(0, n - 8));
    bad[n - 8] = 0;
    bad.set(good.subarray(n - 8), n - 7);
    const dv = new DataView(bad.buffer);
    dv.setUint32(1, dv.getUint32(1, true) + 1, true);
    dv.setUint32(bad.length - 8, dv.getUint32(bad.length - 8, true) + 1, true);
    expect(await decodeMotionFrame(good)).to.have.property('type', 'packet');
    expect(await decodeMotionFrame(bad)).to.deep.equal({ type: 'malformed', reason: 'inflate' });
  });

  it('round-trips a compressed packet through CompressionStream and DecompressionStream', async () => {
    const blendshapes = new Float32Array(BLENDSHAPE_COUNT).fill(0.25);
    const bytes = await encodeMotionFrame({ kind: 'frame', start: true, end: false, seq: 7, frame: { blendshapes, time: 280 } }, { deflate: true, media: Uint8Array.of(1, 2, 3) });
    const d = await decodeMotionFrame(bytes);
    if (d.type !== 'packet') throw new Error(`expected a packet, got ${JSON.stringify(d)}`);
    expect(d.packet.seq).to.equal(7);
    expect(d.packet.frame!.time).to.equal(280);
    expect(Array.from(d.media)).to.deep.equal([1, 2, 3]);
    expect(d.packet.frame!.blendshapes[0]).to.equal(Math.fround(Math.round(0.25 * 65535) / 65535));
  });
});
