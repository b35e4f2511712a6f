// Random packets of every kind, with and without deflate and media bytes, decode to what was encoded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMotionFrame, encodeMotionFrame, encodeMotionFrameSync, BLENDSHAPE_COUNT, MAX_PACKET_LENGTH } from '../../../src/codec/index.js';
import type { MotionFrame, MotionPacket } from '../../../src/codec/index.js';
import { quantise, randomFrame, rng } from './helpers.js';

function randomPacket(r: () => number): MotionPacket {
  const pick = r();
  if (pick < 0.1) return { kind: 'idle', start: false, end: false };
  if (pick < 0.25) return { kind: 'transition', start: false, end: false, frame: randomFrame(r) };
  if (pick < 0.4) {
    return r() < 0.5 ? { kind: 'transition-end', start: false, end: false }
      : { kind: 'transition-end', start: false, end: false, frame: randomFrame(r) };
  }
  return { kind: 'frame', start: r() < 0.2, end: r() < 0.2, seq: Math.floor(r() * 0x100000000), frame: randomFrame(r) };
}

function expectFrame(got: MotionFrame | undefined, sent: MotionFrame | undefined): void {
  if (!sent) return assert.equal(got, undefined);
  assert.ok(got);
  assert.deepEqual(Array.from(got.blendshapes), Array.from(sent.blendshapes, quantise));
  assert.deepEqual(got.headPose, sent.headPose && {
    rotation: sent.headPose.rotation.map(Math.fround), translation: sent.headPose.translation.map(Math.fround),
  });
  assert.equal(got.time, sent.time);
}

test('2,000 random packets of every kind round-trip, with and without deflate and media', async () => {
  const r = rng(0x5eed);
  const kinds = new Set<string>();
  for (let i = 0; i < 2000; i++) {
    const packet = randomPacket(r);
    const media = r() < 0.5 ? Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256)) : undefined;
    const deflate = r() < 0.4;
    const bytes = await encodeMotionFrame(packet, { media, deflate });
    const d = await decodeMotionFrame(bytes);
    assert.equal(d.type, 'packet', `packet ${i}: ${JSON.stringify(d)}`);
    if (d.type !== 'packet') return;
    kinds.add(`${packet.kind}${deflate ? '+deflate' : ''}`);
    assert.deepEqual(d.media, media ?? new Uint8Array(0));
    assert.equal(d.packet.kind, packet.kind);
    assert.equal(d.packet.start, packet.start);
    assert.equal(d.packet.end, packet.end);
    assert.equal(d.packet.seq, packet.seq);
    expectFrame(d.packet.frame, packet.frame);
  }
  assert.equal(kinds.size, 8, `covered ${[...kinds].join(', ')}`);
});

test('weights are clamped to 0..1 and rounded to u16; the sync encoder matches the async one', async () => {
  const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
  blendshapes.set([-1, 2, Infinity, -Infinity, 0.5, 1 / 65535 / 2 + 1e-9]);
  const packet: MotionPacket = { kind: 'frame', start: false, end: false, seq: 0, frame: { blendshapes } };
  const bytes = await encodeMotionFrame(packet);
  assert.deepEqual(encodeMotionFrameSync(packet), bytes);
  const d = await decodeMotionFrame(bytes);
  if (d.type !== 'packet') throw new Error('not a packet');
  assert.deepEqual(Array.from(d.packet.frame!.blendshapes.slice(0, 6)), [0, 1, 1, 0, quantise(0.5), quantise(1 / 65535)]);
});

test('invalid input is a TypeError with a clear message, never a corrupt packet', async () => {
  const ok = new Float32Array(BLENDSHAPE_COUNT);
  const cases: [unknown, RegExp][] = [
    [{ kind: 'frame', start: false, end: false, seq: -1, frame: { blendshapes: ok } }, /seq must be a u32/],
    [{ kind: 'frame', start: false, end: false, seq: 2 ** 32, frame: { blendshapes: ok } }, /seq must be a u32/],
    [{ kind: 'frame', start: false, end: false, seq: 1.5, frame: { blendshapes: ok } }, /seq must be a u32/],
    [{ kind: 'frame', start: false, end: false, frame: { blendshapes: ok } }, /seq must be a u32/],
    [{ kind: 'frame', start: false, end: false, seq: 1 }, /needs a frame/],
    [{ kind: 'frame', start: false, end: false, seq: 1, frame: { blendshapes: new Float32Array(51) } }, /exactly 52 weights, got 51/],
    [{ kind: 'frame', start: false, end: false, seq: 1, frame: { blendshapes: ok.map((_, i) => (i === 3 ? NaN : 0)) } }, /weight 3 is not a number/],
    [{ kind: 'frame', start: false, end: false, seq: 1, frame: { blendshapes: ok, headPose: { rotation: [0, NaN, 0], translation: [0, 0, 0] } } }, /headPose/],
    [{ kind: 'frame', start: false, end: false, seq: 1, frame: { blendshapes: ok, headPose: { rotation: [0, 0, 0], translation: [0, 1e39, 0] } } }, /f32 range/],
    [{ kind: 'frame', start: false, end: false, seq: 1, frame: { blendshapes: ok, time: -5 } }, /time must be/],
    [{ kind: 'transition', start: false, end: false }, /needs a target frame/],
    [{ kind: 'idle', start: true, end: false }, /start and end qualify only/],
    [{ kind: 'transition-end', start: false, end: false, seq: 3 }, /seq belongs to kind 'frame'/],
    [{ kind: 'wave', start: false, end: false }, /unknown packet kind/],
    [null, /packet must be an object/],
  ];
  for (const [packet, message] of cases) {
    await assert.rejects(encodeMotionFrame(packet as MotionPacket), (e: unknown) => e instanceof TypeError && message.test(e.message), String(message));
    assert.throws(() => encodeMotionFrameSync(packet as MotionPacket), TypeError);
  }
});

test('the largest legal packet is far under the 65535-byte packet limit, compressed or not', async () => {
  // The encoder's own guard (a packet over MAX_PACKET_LENGTH is a TypeError) cannot be reached through the
  // public API: a body holds at most seq, 52 weights, a head pose and a time, and DEFLATE of so few bytes
  // adds at most a few bytes. So this checks the bound itself: the exact size of the largest packet.
  const frame: MotionFrame = { blendshapes: new Float32Array(BLENDSHAPE_COUNT).fill(1), headPose: { rotation: [1, 2, 3], translation: [4, 5, 6] }, time: 1 };
  const bytes = encodeMotionFrameSync({ kind: 'frame', start: true, end: true, seq: 1, frame });
  // envelope 5, seq 4, version 1, BLENDSHAPES 3 + 104, HEAD_POSE 3 + 24, TIME 3 + 4, trailer 8
  assert.equal(bytes.length, 5 + 4 + 1 + 107 + 27 + 7 + 8);
  // DEFLATE of incompressible weights (noise) grows the body a little, never near the limit.
  const r = rng(0xb16);
  const noisy: MotionFrame = { ...frame, blendshapes: Float32Array.from({ length: BLENDSHAPE_COUNT }, () => r()) };
  const deflated = await encodeMotionFrame({ kind: 'frame', start: true, end: true, seq: 0xffffffff, frame: noisy }, { deflate: true });
  const packetLength = new DataView(deflated.buffer, deflated.byteOffset).getUint32(deflated.length - 8, true);
  assert.ok(packetLength < 200 && packetLength < MAX_PACKET_LENGTH, `largest deflated packet: ${packetLength} bytes`);
  const d = await decodeMotionFrame(deflated);
  assert.equal(d.type, 'packet');
});
