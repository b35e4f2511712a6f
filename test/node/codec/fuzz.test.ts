// Fuzz: 100,000+ random and mutated frames (bit flips, truncation, extension, lying lengths) in one run.
// Every decode resolves to one of the three result types; time and memory stay bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { decodeMotionFrame, encodeMotionFrameSync } from '../../../src/codec/index.js';
import type { DecodedFrame, MotionPacket } from '../../../src/codec/index.js';
import { randomFrame, rng } from './helpers.js';

const TOTAL = 120_000;
const r = rng(0xf022);

function seedFrame(): Uint8Array {
  const k = r();
  const media = Uint8Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 256));
  let packet: MotionPacket;
  if (k < 0.1) packet = { kind: 'idle', start: false, end: false };
  else if (k < 0.2) packet = { kind: 'transition', start: false, end: false, frame: randomFrame(r) };
  else packet = { kind: 'frame', start: r() < 0.3, end: r() < 0.3, seq: Math.floor(r() * 1e6), frame: randomFrame(r) };
  const bytes = encodeMotionFrameSync(packet, media);
  if (r() < 0.15 && packet.kind !== 'idle') {
    // a DEFLATE variant: compress the body in place of the plain one
    const n = bytes.length, L = n - media.length - 8;
    const body = bytes.subarray(media.length + 5, media.length + L);
    const z = deflateSync(body);
    const out = new Uint8Array(media.length + 5 + z.length + 8);
    out.set(media);
    out[media.length] = bytes[media.length]! | 0x08;
    new DataView(out.buffer).setUint32(media.length + 1, z.length, true);
    out.set(z, media.length + 5);
    new DataView(out.buffer).setUint32(out.length - 8, z.length + 5, true);
    out.set([0x53, 0x50, 0x4d, 0x01], out.length - 4);
    return out;
  }
  return bytes;
}

function mutate(src: Uint8Array): Uint8Array {
  const op = Math.floor(r() * 7);
  let b = src.slice();
  switch (op) {
    case 0: { // bit flips anywhere
      const flips = 1 + Math.floor(r() * 4);
      for (let i = 0; i < flips; i++) b[Math.floor(r() * b.length)]! ^= 1 << Math.floor(r() * 8);
      break;
    }
    case 1: // truncate from the front (keeps the trailer) or the back
      b = r() < 0.5 ? b.slice(Math.floor(r() * b.length)) : b.slice(0, Math.floor(r() * b.length));
      break;
    case 2: { // extend the media or the body with noise, trailer kept
      const extra = Uint8Array.from({ length: 1 + Math.floor(r() * 20) }, () => Math.floor(r() * 256));
      const at = Math.floor(r() * (b.length - 8));
      b = Uint8Array.from([...b.subarray(0, at), ...extra, ...b.subarray(at)]);
      break;
    }
    case 3: { // lie about L
      const dv = new DataView(b.buffer);
      const L = dv.getUint32(b.length - 8, true);
      dv.setUint32(b.length - 8, [0, 4, 5, L - 1, L + 1, 65535, 65536, 0xffffffff, Math.floor(r() * 200)][Math.floor(r() * 9)]! >>> 0, true);
      break;
    }
    case 4: { // lie about bodyLength or a section length, inside the packet
      const dv = new DataView(b.buffer);
      const L = dv.getUint32(b.length - 8, true);
      const start = b.length - 8 - L;
      if (start >= 0 && L > 12) {
        const at = r() < 0.5 ? start + 1 : start + 10 + Math.floor(r() * (L - 12));
        dv.setUint16(at, Math.floor(r() * 65536), true);
      }
      break;
    }
    case 5: // random flags
      b[Math.max(0, b.length - 8 - new DataView(b.buffer).getUint32(b.length - 8, true))] = Math.floor(r() * 256);
      break;
    default: // pure noise, with the magic half the time
      b = Uint8Array.from({ length: Math.floor(r() * 120) }, () => Math.floor(r() * 256));
      if (r() < 0.5 && b.length >= 4) b.set([0x53, 0x50, 0x4d, 0x01], b.length - 4);
  }
  return b;
}

test(`fuzz: ${TOTAL} mutated and random frames never throw and stay bounded`, async () => {
  const counts: Record<DecodedFrame['type'], number> = { none: 0, malformed: 0, packet: 0 };
  const reasons = new Map<string, number>();
  const seeds = Array.from({ length: 500 }, seedFrame);
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  let slowest = 0;
  for (let i = 0; i < TOTAL; i++) {
    const input = mutate(seeds[i % seeds.length]!);
    const t = performance.now();
    let d: DecodedFrame;
    try {
      d = await decodeMotionFrame(input);
    } catch (e) {
      assert.fail(`decode threw on ${Buffer.from(input).toString('hex')}: ${String(e)}`);
    }
    slowest = Math.max(slowest, performance.now() - t);
    assert.ok(d.type === 'none' || d.type === 'malformed' || d.type === 'packet', `bad result ${JSON.stringify(d)}`);
    counts[d.type]++;
    if (d.type === 'malformed') reasons.set(d.reason, (reasons.get(d.reason) ?? 0) + 1);
    if (d.type === 'packet') {
      assert.ok(d.media.length <= input.length - 13);
      if (d.packet.frame) assert.equal(d.packet.frame.blendshapes.length, 52);
    }
  }
  const ms = performance.now() - t0;
  const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
  console.log(`fuzz: ${JSON.stringify(counts)}, reasons ${JSON.stringify(Object.fromEntries(reasons))}, ${ms.toFixed(0)} ms, slowest ${slowest.toFixed(1)} ms, heap +${(heapGrowth / 1e6).toFixed(1)} MB`);
  // Every outcome and most reasons were reached, so the mutations really probe the decoder.
  assert.ok(counts.none > 0 && counts.malformed > 0 && counts.packet > 0);
  assert.ok(reasons.size >= 10, `only ${reasons.size} malformed reasons reached`);
  // Bounds loose enough for a shared machine, tight enough to catch a runaway (a hang, a leak per frame).
  assert.ok(heapGrowth < 200e6, `heap grew ${heapGrowth} bytes`);
  assert.ok(slowest < 2000, `one decode took ${slowest} ms`);
});
