// One case per malformed-input rule of the wire format (sections 2 to 6), plus the accept/ignore rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeMotionFrame } from '../../../src/codec/index.js';
import type { DecodedFrame } from '../../../src/codec/index.js';
import { MAGIC, f32, frame, motionBody, section, u16, u32 } from './frames.js';

const IDLE = 0x01, START = 0x02, END = 0x04, DEFLATE = 0x08, TRANSITION = 0x10, TRANSITION_END = 0x20;
const BLEND = (weights: number[]) => section(0x01, weights.flatMap(u16));
const POSE = (v: number[]) => section(0x02, v.flatMap(f32));

async function reason(bytes: Uint8Array): Promise<string> {
  const d = await decodeMotionFrame(bytes);
  assert.equal(d.type, 'malformed', `expected malformed, got ${JSON.stringify(d)}`);
  return (d as Extract<DecodedFrame, { type: 'malformed' }>).reason;
}
async function packet(bytes: Uint8Array) {
  const d = await decodeMotionFrame(bytes);
  assert.equal(d.type, 'packet', `expected a packet, got ${JSON.stringify(d)}`);
  return d as Extract<DecodedFrame, { type: 'packet' }>;
}

// Section 2: the trailer
test('2: a frame without the magic is an ordinary frame, not an error', async () => {
  for (const bytes of [new Uint8Array(0), Uint8Array.of(0x53), Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9), Uint8Array.of(0x53, 0x50, 0x4d, 0x02)]) {
    assert.deepEqual(await decodeMotionFrame(bytes), { type: 'none' });
  }
});
test('2: magic with no room for L is malformed (length)', async () => {
  assert.equal(await reason(Uint8Array.from(MAGIC)), 'length');
  assert.equal(await reason(Uint8Array.from([0, 0, 0, ...MAGIC])), 'length');
});
test('2: L below 5, above 65535, or beyond the frame is malformed (length)', async () => {
  assert.equal(await reason(frame(IDLE, [], { L: 4 })), 'length');
  assert.equal(await reason(frame(IDLE, [], { L: 0 })), 'length');
  assert.equal(await reason(frame(IDLE, [], { L: 65536 })), 'length');
  assert.equal(await reason(frame(IDLE, [], { L: 0xffffffff })), 'length');
  assert.equal(await reason(frame(IDLE, [], { media: [], L: 6 })), 'length'); // L + 8 > frame length by one
});
test('2: L exactly filling the frame (no media bytes) is valid', async () => {
  const d = await packet(frame(IDLE, [], { media: [] }));
  assert.equal(d.media.length, 0);
});
test('2: media is exactly the first N = length - L - 8 bytes, a view, not a copy', async () => {
  const bytes = frame(IDLE, [9, 9, 9], { media: [7, 7, 7, 7, 7] });
  const d = await packet(bytes);
  assert.deepEqual(Array.from(d.media), [7, 7, 7, 7, 7]);
  assert.equal(d.media.buffer, bytes.buffer);
});

// Section 3: the envelope
test('3: bodyLength other than L - 5 is malformed (body-length)', async () => {
  assert.equal(await reason(frame(IDLE, [1, 2], { bodyLength: 3 })), 'body-length');
  assert.equal(await reason(frame(0, motionBody(1, BLEND([1])), { bodyLength: 0 })), 'body-length');
});
test('3: precedence IDLE > TRANSITION > TRANSITION_END > frame; START/END only on frames', async () => {
  const body = motionBody(1);
  assert.equal((await packet(frame(IDLE | TRANSITION | TRANSITION_END | START | END, body))).packet.kind, 'idle');
  const t = await packet(frame(TRANSITION | TRANSITION_END | START, [1]));
  assert.equal(t.packet.kind, 'transition');
  assert.equal(t.packet.start, false);
  assert.equal((await packet(frame(TRANSITION_END | END, []))).packet.kind, 'transition-end');
  const f = await packet(frame(START | END, body));
  assert.deepEqual([f.packet.kind, f.packet.start, f.packet.end, f.packet.seq], ['frame', true, true, 1]);
});
test('3: reserved bits 0x40 and 0x80 are ignored', async () => {
  const d = await packet(frame(0xc0 | START, motionBody(5, BLEND([1]))));
  assert.deepEqual([d.packet.kind, d.packet.start, d.packet.seq], ['frame', true, 5]);
});
test('3: an IDLE body and its DEFLATE bit are ignored', async () => {
  const d = await packet(frame(IDLE | DEFLATE, [0xde, 0xad, 0xbe, 0xef]));
  assert.deepEqual(d.packet, { kind: 'idle', start: false, end: false });
});
test('3: a motion frame packet body under 5 bytes is malformed (short-body)', async () => {
  assert.equal(await reason(frame(0, [])), 'short-body');
  assert.equal(await reason(frame(0, [1, 0, 0, 0])), 'short-body');
});
test('3: seq is a full u32', async () => {
  assert.equal((await packet(frame(0, motionBody(0xffffffff)))).packet.seq, 0xffffffff);
});
test('3: a TRANSITION without a frame is malformed (empty-transition)', async () => {
  assert.equal(await reason(frame(TRANSITION, [])), 'empty-transition');
});
test('3: a TRANSITION_END may be empty or carry a frame; neither has a seq', async () => {
  const empty = await packet(frame(TRANSITION_END, []));
  assert.equal(empty.packet.frame, undefined);
  const full = await packet(frame(TRANSITION_END, [1, ...BLEND([0, 65535])]));
  assert.equal(full.packet.seq, undefined);
  assert.equal(full.packet.frame!.blendshapes[1], 1);
});
test('3: a DEFLATE body that is not zlib is malformed (inflate)', async () => {
  assert.equal(await reason(frame(DEFLATE, [1, 2, 3, 4, 5, 6, 7, 8])), 'inflate');
  // Stricter reading: an empty body with DEFLATE set is not a zlib stream either.
  assert.equal(await reason(frame(TRANSITION_END | DEFLATE, [])), 'inflate');
});
test('3: a truncated zlib stream is malformed (inflate)', async () => {
  const { deflateSync } = await import('node:zlib');
  const z = Array.from(deflateSync(Buffer.from(motionBody(3, BLEND([1, 2, 3])))));
  assert.equal(await reason(frame(DEFLATE, z.slice(0, z.length - 3))), 'inflate');
  assert.equal((await packet(frame(DEFLATE, z))).packet.seq, 3);
});
test('3: bytes after the end of the zlib stream are malformed (inflate), on every platform', async () => {
  const { deflateSync } = await import('node:zlib');
  const z = Array.from(deflateSync(Buffer.from(motionBody(3, BLEND([1, 2, 3])))));
  assert.equal(await reason(frame(DEFLATE, [...z, 0])), 'inflate');
  assert.equal(await reason(frame(DEFLATE, [...z, 1, 2, 3, 4, 5])), 'inflate');
  // Not caught on Node: junk that itself ends with the stream's Adler-32 (a second copy of the stream),
  // since Node's inflater does not tell where the stream ended (docs/wire-format.md).
});
test('3: an inflated body over 262144 bytes is malformed (inflate-limit); exactly 262144 is fine', async () => {
  const { deflateSync } = await import('node:zlib');
  const unknown = (n: number) => section(0x7f, new Array(n).fill(0));
  // 4 (seq) + 1 (version) + sections of 3 + n bytes, totalling exactly 262144 bytes
  const sections: number[] = [];
  let size = 5;
  while (262144 - size > 3 + 65535) { sections.push(...unknown(65535)); size += 3 + 65535; }
  sections.push(...unknown(262144 - size - 3));
  const exact = Buffer.from([...u32(1), 1, ...sections]);
  assert.equal(exact.length, 262144);
  assert.equal((await packet(frame(DEFLATE, Array.from(deflateSync(exact))))).packet.seq, 1);
  const over = Buffer.concat([exact, Buffer.from([0])]);
  assert.equal(await reason(frame(DEFLATE, Array.from(deflateSync(over)))), 'inflate-limit');
});
test('3: a compressed bomb (64 MiB of zeros) stops at the limit, quickly and without the memory', async () => {
  const { deflateSync } = await import('node:zlib');
  const bomb = deflateSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  assert.ok(bomb.length < 65535 - 5, `bomb fits a packet (${bomb.length} bytes)`);
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  assert.equal(await reason(frame(DEFLATE, Array.from(bomb))), 'inflate-limit');
  const ms = performance.now() - t0;
  const grew = process.memoryUsage().arrayBuffers - before;
  assert.ok(grew < 16 * 1024 * 1024, `array buffers grew by ${grew} bytes`);
  assert.ok(ms < 5000, `took ${ms} ms`); // a generous bound: this only catches inflating the whole bomb
});

// Section 4: the motion frame
test('4: a version other than 1 is unsupported (version)', async () => {
  assert.equal(await reason(frame(0, [...u32(1), 2])), 'version');
  assert.equal(await reason(frame(0, [...u32(1), 0, ...BLEND([1])])), 'version');
  assert.equal(await reason(frame(TRANSITION, [2])), 'version');
});
test('4: BLENDSHAPES: K < 52 pads with 0, K > 52 ignores the rest, odd length is malformed', async () => {
  const short = await packet(frame(0, motionBody(1, BLEND([65535, 32768]))));
  assert.equal(short.packet.frame!.blendshapes.length, 52);
  assert.equal(short.packet.frame!.blendshapes[0], 1);
  assert.equal(short.packet.frame!.blendshapes[1], Math.fround(32768 / 65535));
  assert.equal(short.packet.frame!.blendshapes[2], 0);
  const long = await packet(frame(0, motionBody(1, BLEND(new Array(60).fill(65535)))));
  assert.equal(long.packet.frame!.blendshapes.length, 52);
  assert.ok(long.packet.frame!.blendshapes.every((w) => w === 1));
  assert.equal(await reason(frame(0, motionBody(1, section(0x01, [0, 0, 0])))), 'blendshape-odd');
});
test('4: no BLENDSHAPES section means all weights 0', async () => {
  const d = await packet(frame(0, motionBody(1)));
  assert.deepEqual(Array.from(d.packet.frame!.blendshapes), new Array(52).fill(0));
});
test('4: HEAD_POSE of length other than 24, or with NaN/Infinity, is malformed', async () => {
  assert.equal(await reason(frame(0, motionBody(1, section(0x02, new Array(20).fill(0))))), 'head-pose-length');
  assert.equal(await reason(frame(0, motionBody(1, section(0x02, new Array(28).fill(0))))), 'head-pose-length');
  assert.equal(await reason(frame(0, motionBody(1, POSE([0, NaN, 0, 0, 0, 0])))), 'head-pose-nan');
  assert.equal(await reason(frame(0, motionBody(1, POSE([0, 0, 0, 0, 0, Infinity])))), 'head-pose-nan');
  const ok = await packet(frame(0, motionBody(1, POSE([0.5, -0.25, 0.125, 0.01, -0.02, 0.03]))));
  assert.deepEqual(ok.packet.frame!.headPose, {
    rotation: [0.5, -0.25, 0.125], translation: [Math.fround(0.01), Math.fround(-0.02), Math.fround(0.03)],
  });
});
test('4: TIME of length other than 4 is malformed; TIME is a u32 of milliseconds', async () => {
  assert.equal(await reason(frame(0, motionBody(1, section(0x03, [0, 0, 0])))), 'time-length');
  assert.equal(await reason(frame(0, motionBody(1, section(0x03, [0, 0, 0, 0, 0])))), 'time-length');
  assert.equal((await packet(frame(0, motionBody(1, section(0x03, u32(4000000000)))))).packet.frame!.time, 4000000000);
});
test('4: a section running past the end of the body is malformed (section-length)', async () => {
  assert.equal(await reason(frame(0, motionBody(1, section(0x01, [0, 0], 4)))), 'section-length');
  assert.equal(await reason(frame(0, motionBody(1, section(0x7f, [1], 2)))), 'section-length');
});
test('4: a section header cut short is malformed (section-header)', async () => {
  assert.equal(await reason(frame(0, [...motionBody(1), 0x01])), 'section-header');
  assert.equal(await reason(frame(0, [...motionBody(1), 0x01, 0x00])), 'section-header');
});
test('4: unknown sections are skipped; a later section of a type replaces the earlier one', async () => {
  const d = await packet(frame(0, motionBody(1,
    section(0x7f, [1, 2, 3]), BLEND([65535, 65535, 65535]), section(0x03, u32(10)),
    section(0xff, []), BLEND([0, 65535]), section(0x03, u32(20)))));
  const w = d.packet.frame!.blendshapes;
  assert.deepEqual([w[0], w[1], w[2]], [0, 1, 0]);
  assert.equal(d.packet.frame!.time, 20);
});

// Section 6: robustness
test('6: decode never throws or rejects, and gives back one of the three result types', async () => {
  const odd = [undefined, null, 42, 'x', {}, new Uint8Array(0)] as unknown as Uint8Array[];
  for (const v of odd) {
    const d = await decodeMotionFrame(v);
    assert.ok(['none', 'malformed', 'packet'].includes(d.type));
  }
});
