import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMotionFrame } from '../../../src/codec/index.js';
import { hex, loadVectors } from './helpers.js';

for (const v of loadVectors()) {
  test(`public vector ${v.name}: ${v.note}`, async () => {
    const frame = hex(v.frame);
    const got = await decodeMotionFrame(frame);
    assert.equal(got.type, v.expect.type);
    if (v.expect.type === 'malformed' && got.type === 'malformed') {
      assert.equal(got.reason, v.expect.reason, 'we name the reasons the vectors hint at');
    }
    if (v.expect.type !== 'packet' || got.type !== 'packet') return;
    const want = v.expect.packet;
    assert.equal(got.media.length, v.expect.mediaLength);
    assert.deepEqual(got.media, frame.subarray(0, v.expect.mediaLength));
    assert.equal(got.packet.kind, want.kind);
    assert.equal(got.packet.start, want.start);
    assert.equal(got.packet.end, want.end);
    assert.equal(got.packet.seq, want.seq);
    const wantFrame = want.frame;
    if (!wantFrame) {
      assert.equal(got.packet.frame, undefined);
      return;
    }
    const f = got.packet.frame!;
    assert.ok(f.blendshapes instanceof Float32Array);
    const wantWeights = (wantFrame.blendshapes as number[]).map((w) => Math.fround(w));
    assert.deepEqual(Array.from(f.blendshapes), wantWeights);
    if (wantFrame.headPose) {
      const hp = wantFrame.headPose as { rotation: number[]; translation: number[] };
      assert.deepEqual(f.headPose, { rotation: hp.rotation.map(Math.fround), translation: hp.translation.map(Math.fround) });
    } else {
      assert.equal(f.headPose, undefined);
    }
    assert.equal(f.time, wantFrame.time);
  });
}
