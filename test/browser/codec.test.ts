// The codec in Chromium: the public vectors on the main thread and in a Worker (no DOM there).
import { expect } from '@open-wc/testing';
import { decodeMotionFrame, encodeMotionFrame, BLENDSHAPE_COUNT } from '../../src/codec/index.js';

interface Vector { name: string; frame: string; expect: { type: string; reason?: string; mediaLength?: number; packet?: { kind: string; seq?: number } } }

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const vectors = async (): Promise<Vector[]> => (await fetch('/test/fixtures/public-vectors.json')).json();

describe('codec in Chromium', () => {
  it('decodes every public vector on the main thread', async () => {
    for (const v of await vectors()) {
      const d = await decodeMotionFrame(hex(v.frame));
      expect(d.type, v.name).to.equal(v.expect.type);
      if (d.type === 'malformed') expect(d.reason, v.name).to.equal(v.expect.reason);
      if (d.type === 'packet') {
        expect(d.media.length, v.name).to.equal(v.expect.mediaLength);
        expect(d.packet.kind, v.name).to.equal(v.expect.packet!.kind);
        expect(d.packet.seq, v.name).to.equal(v.expect.packet!.seq);
      }
    }
  });

  it('decodes every public vector in a Worker', async () => {
    const list = await vectors();
    const worker = new Worker(new URL('./workers/decode.worker.ts', import.meta.url), { type: 'module' });
    try {
      const answer = new Promise<{ type: string; kind?: string; reason?: string; seq?: number; mediaLength?: number }[]>((resolve, reject) => {
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => reject(new Error(e.message));
      });
      worker.postMessage(list.map((v) => hex(v.frame)));
      const got = await answer;
      list.forEach((v, i) => {
        expect(got[i]!.type, v.name).to.equal(v.expect.type);
        if (v.expect.type === 'packet') {
          expect(got[i]!.kind, v.name).to.equal(v.expect.packet!.kind);
          expect(got[i]!.mediaLength, v.name).to.equal(v.expect.mediaLength);
        }
      });
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
