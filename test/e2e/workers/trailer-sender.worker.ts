// Sender side of the round-trip test: appends one motion frame packet to every encoded frame, numbered
// from 0, carrying in an unknown section the length and checksum of the media bytes it was appended to.
import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, SLOT_MS, encodeMotionFrameSync } from '../../../src/codec/index.js';
import { transformEncodedFrames } from '../../../src/worker/encoded-frames.js';
import type { WorkerScope } from '../../../src/worker/worker-scope.js';
import { CHECK_SECTION, fnv1a } from './checksum.js';

declare const self: WorkerScope;

let seq = 0;
const blendshapes = new Float32Array(BLENDSHAPE_COUNT);

function withCheck(packetFrame: Uint8Array, media: Uint8Array): Uint8Array {
  // Insert [type, u16 length = 8, u32 mediaLength, u32 fnv] at the end of the motion frame,
  // and grow bodyLength and L to match.
  const mediaLength = media.length;
  const packetStart = mediaLength;
  const n = packetFrame.length;
  const insertAt = n - 8; // before L and magic
  const out = new Uint8Array(n + 11);
  out.set(packetFrame.subarray(0, insertAt), 0);
  const dv = new DataView(out.buffer);
  out[insertAt] = CHECK_SECTION;
  dv.setUint16(insertAt + 1, 8, true);
  dv.setUint32(insertAt + 3, mediaLength, true);
  dv.setUint32(insertAt + 7, fnv1a(media), true);
  out.set(packetFrame.subarray(insertAt), insertAt + 11);
  dv.setUint32(packetStart + 1, dv.getUint32(packetStart + 1, true) + 11, true);
  dv.setUint32(out.length - 8, dv.getUint32(out.length - 8, true) + 11, true);
  return out;
}

// Frames flowing (test-publisher.ts setFramesFlowing): while not, every video frame is dropped. Firefox's
// encoder sends the last frame again once a second when its track has no new frame (measured: a 16x16 canvas
// track that stops drawing still yields about one encoded frame a second), so no new canvas frame alone
// is no silence there.
let flowing = true;
self.onmessage = (e: MessageEvent<{ kind: string; on?: boolean }>) => {
  if (e.data.kind === 'flowing') flowing = !!e.data.on;
};

self.onrtctransform = (event) => {
  const { readable, writable } = event.transformer;
  transformEncodedFrames({ readable, writable }, (frame) => {
    if (!('type' in frame)) return true; // not video
    if (!flowing) return false;
    const media = new Uint8Array(frame.data);
    blendshapes[BLENDSHAPE_INDEX.jawOpen] = (seq % 25) / 25; // jawOpen ramps, so frames differ
    const encoded = encodeMotionFrameSync({ kind: 'frame', start: seq === 0, end: false, seq, frame: { blendshapes, time: seq * SLOT_MS } }, media);
    frame.data = withCheck(encoded, media).buffer as ArrayBuffer;
    self.postMessage({ kind: 'sent', data: { seq } });
    seq++;
    return true;
  });
};
