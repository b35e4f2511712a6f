// Sender side of the bad-input test (test/e2e/element-bad-input.test.ts): a real motion track whose encoded
// frames carry, in turn, a valid frame of one conversation (numbered from 0) and, once the page says "bad",
// a bad trailer of a kind picked by a seeded PRNG: lying lengths, wrong body lengths, DEFLATE bombs,
// broken zlib, unknown motion frame versions, lying section lengths, random and mutated packets, and
// frames that only look like motion (no trailer magic, or a trailer magic of another version).
// Valid frames with the reserved flag bits set are valid (receivers ignore those bits) and are numbered too.
//
// Every frame sent is reported to the page with what the receiver can see of it: `valid` (its seq),
// `malformed` (its trailer magic is there and the packet is bad: the receiver counts it) or `none` (no
// trailer magic: not motion at all, forwarded as media and not counted). For the designed kinds the
// expected class is fixed by construction; the decoder of src/codec classifies the random and mutated
// ones (a mutation that still decodes as a packet is not sent: it would be a frame of another seq).
import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, Flag, SLOT_MS, decodeMotionFrame, encodeMotionFrameSync } from '../../../src/codec/index.js';
import type { WorkerScope } from '../../../src/worker/worker-scope.js';
import { rng } from '../../support/random.js';

declare const self: WorkerScope;

export type SentClass = 'valid' | 'malformed' | 'none';
export interface SentReport {
  kind: 'bad-input-sent';
  data: { what: string; expected: SentClass; seen: SentClass; seq?: number; /** frames sent since the start */ n: number };
}
export type BadInputControl = { kind: 'phase'; bad: boolean; seed: number };

const TRAILER = 8;
const ENVELOPE = 5;
let bad = false;
let seq = 0;
let frames = 0;
let sentCount = 0;
let rand = rng(1); // seeded: the run is replayable from the seed the test prints
const blendshapes = new Float32Array(BLENDSHAPE_COUNT);

const int = (n: number): number => Math.floor(rand() * n);

async function zlib(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Compressed bombs: a frame body (seq, version 1, a BLENDSHAPES section) padded with zeros in an unknown
// section, so that it inflates to 1 MiB and to 16 MiB (the limit is 262144 bytes); a few KB on the wire.
const bombs: Uint8Array[] = [];
void (async () => {
  for (const size of [1 << 20, 16 << 20]) {
    const body = new Uint8Array(size);
    body[4] = 1; // version
    body[5] = 0x7f; // an unknown section, whose length field lies too (0xffff), then zeros
    body[6] = 0xff;
    body[7] = 0xff;
    bombs.push(await zlib(body));
  }
})();

function envelope(media: Uint8Array, flags: number, body: Uint8Array, opts: { bodyLength?: number; L?: number } = {}): Uint8Array {
  const out = new Uint8Array(media.length + ENVELOPE + body.length + TRAILER);
  const dv = new DataView(out.buffer);
  out.set(media, 0);
  out[media.length] = flags;
  dv.setUint32(media.length + 1, opts.bodyLength ?? body.length, true);
  out.set(body, media.length + ENVELOPE);
  dv.setUint32(out.length - 8, opts.L ?? ENVELOPE + body.length, true);
  out.set([0x53, 0x50, 0x4d, 0x01], out.length - 4);
  return out;
}

function validFrame(media: Uint8Array, extraFlags = 0): Uint8Array {
  blendshapes[BLENDSHAPE_INDEX.jawOpen] = (seq % 25) / 25;
  const out = encodeMotionFrameSync({ kind: 'frame', start: seq === 0, end: false, seq, frame: { blendshapes, time: Math.round(seq * SLOT_MS) } }, media);
  out[media.length] = out[media.length]! | extraFlags;
  return out;
}

const randomBytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, () => int(256));

/** One bad frame: what it is, the bytes, and what the receiver must make of it (undefined: ask the decoder). */
function badFrame(media: Uint8Array): { what: string; data: Uint8Array; expected?: SentClass } {
  const valid = validFrame(media); // seq is not advanced: the bad frame does not belong to the conversation
  const packetLength = valid.length - media.length - TRAILER;
  const body = valid.subarray(media.length + ENVELOPE, valid.length - TRAILER);
  switch (int(12)) {
    case 0: // L larger than the frame
      return { what: 'L-past-frame', data: envelope(media, 0, body, { L: valid.length + 1 + int(1000) }), expected: 'malformed' };
    case 1: // L under the envelope
      return { what: 'L-too-small', data: envelope(media, 0, body, { L: int(ENVELOPE) }), expected: 'malformed' };
    case 2: // L over the 65535 limit
      return { what: 'L-over-limit', data: envelope(media, 0, body, { L: 65536 + int(1 << 20) }), expected: 'malformed' };
    case 3: // bodyLength disagrees with L
      return { what: 'bodyLength-lie', data: envelope(media, 0, body, { bodyLength: body.length + 1 + int(100) }), expected: 'malformed' };
    case 4: { // a DEFLATE bomb (inflate-limit)
      const bomb = bombs[int(bombs.length)];
      if (!bomb) return { what: 'L-too-small', data: envelope(media, 0, body, { L: 1 }), expected: 'malformed' };
      return { what: 'deflate-bomb', data: envelope(media, Flag.DEFLATE, bomb), expected: 'malformed' };
    }
    case 5: // a DEFLATE body that is not zlib
      return { what: 'deflate-garbage', data: envelope(media, Flag.DEFLATE, randomBytes(1 + int(600))), expected: 'malformed' };
    case 6: { // an unknown motion frame version
      const b = body.slice();
      b[4] = 2 + int(254);
      return { what: 'unknown-version', data: envelope(media, 0, b), expected: 'malformed' };
    }
    case 7: { // a section whose length runs past the body
      const b = body.slice();
      new DataView(b.buffer).setUint16(6, 0xffff, true); // the BLENDSHAPES section's length
      return { what: 'section-length-lie', data: envelope(media, 0, b), expected: 'malformed' };
    }
    case 8: // random packet bytes with a well-formed envelope (flags and body random)
      return { what: 'random', data: envelope(media, int(256) & ~Flag.DEFLATE, randomBytes(int(200))) };
    case 9: { // a valid packet with 1 to 4 bytes of the packet or trailer changed
      const m = valid.slice();
      for (let i = 1 + int(4); i > 0; i--) m[media.length + int(packetLength + TRAILER)] ^= 1 + int(255);
      return { what: 'mutated', data: m };
    }
    case 10: { // a trailer magic of another version ("SPM" 0x02): not a v1 motion frame, not counted
      const m = valid.slice();
      m[m.length - 1] = 2 + int(254);
      return { what: 'other-magic', data: m, expected: 'none' };
    }
    default: // random bytes after the media, not ending in the magic: not motion, not counted
      return { what: 'no-magic', data: (() => {
        const r = randomBytes(1 + int(64));
        if (r[r.length - 1] === 0x01) r[r.length - 1] = 0x02;
        const out = new Uint8Array(media.length + r.length);
        out.set(media, 0);
        out.set(r, media.length);
        return out;
      })(), expected: 'none' };
  }
}

async function classify(data: Uint8Array): Promise<SentClass> {
  const d = await decodeMotionFrame(data);
  return d.type === 'packet' ? 'valid' : d.type;
}

self.onmessage = (e: MessageEvent<BadInputControl>) => {
  if (e.data.kind !== 'phase') return;
  bad = e.data.bad;
  rand = rng(e.data.seed);
};

self.onrtctransform = (event) => {
  const { readable, writable } = event.transformer;
  const step = new TransformStream<RTCEncodedVideoFrame, RTCEncodedVideoFrame>({
    async transform(frame, controller) {
      const media = new Uint8Array(frame.data);
      let report: SentReport['data'] | undefined;
      let check: Uint8Array | undefined;
      if (bad && frames++ % 2 === 1 && rand() < 0.9) {
        // every other frame may be bad (the conversation keeps its 25 valid frames a second at 50 fps)
        for (let tries = 0; tries < 10 && !report; tries++) {
          const b = badFrame(media);
          // The random and mutated ones are classified before they are sent (a mutation that is still a
          // packet is not sent); the designed ones after, off the media path (a bomb takes a while to inflate).
          const seen = b.expected ?? await classify(b.data);
          if (seen === 'valid') continue;
          frame.data = b.data.buffer as ArrayBuffer;
          if (b.expected) check = b.data;
          report = { what: b.what, expected: b.expected ?? seen, seen, n: sentCount };
        }
      }
      if (!report) {
        const reserved = bad && rand() < 0.25 ? 0x40 | 0x80 : 0; // reserved flag bits: ignored, still valid
        const data = validFrame(media, reserved);
        frame.data = data.buffer as ArrayBuffer;
        check = data;
        report = { what: reserved ? 'valid-reserved-flags' : 'valid', expected: 'valid', seen: 'valid', seq: seq++, n: sentCount };
      }
      sentCount++;
      controller.enqueue(frame);
      self.postMessage({ kind: 'bad-input-sent', data: report } satisfies SentReport);
      if (check) {
        const r = report;
        void classify(check).then((seen) => {
          if (seen !== r.expected) self.postMessage({ kind: 'bad-input-sent', data: { ...r, seen, what: `${r.what} (classified late)` } } satisfies SentReport);
        });
      }
    },
  });
  void readable.pipeThrough(step).pipeTo(writable).catch(() => undefined);
};
