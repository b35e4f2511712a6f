// Sender of the test agent (test/e2e/test-agent.ts): IDLE packets until the page asks for a turn, then a
// conversation of `frames` motion frames (START on the first, END on the last), then IDLE again. Reports
// to the page when each turn's first and last frame is sent.
import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX, SLOT_MS, encodeMotionFrameSync } from '../../../src/codec/index.js';
import { transformEncodedFrames } from '../../../src/worker/encoded-frames.js';
import type { WorkerScope } from '../../../src/worker/worker-scope.js';

declare const self: WorkerScope;

export type ConversationControl = { kind: 'speak'; frames: number };
export type ConversationReport = { kind: 'turn-sent'; data: { edge: 'start' | 'end'; seq: number } };

let seq = 0;
/** Frames left in the current turn, and its length. */
let left = 0;
let length = 0;
const blendshapes = new Float32Array(BLENDSHAPE_COUNT);

self.onmessage = (e: MessageEvent<ConversationControl>) => {
  if (e.data.kind !== 'speak' || left > 0) return;
  left = length = Math.max(2, e.data.frames);
};

self.onrtctransform = (event) => {
  const { readable, writable } = event.transformer;
  transformEncodedFrames({ readable, writable }, (frame) => {
    if (!('type' in frame)) return true; // not video
    const media = new Uint8Array(frame.data);
    if (left === 0) {
      frame.data = encodeMotionFrameSync({ kind: 'idle', start: false, end: false }, media).buffer as ArrayBuffer;
      return true;
    }
    const i = length - left;
    const start = i === 0;
    const end = left === 1;
    blendshapes[BLENDSHAPE_INDEX.jawOpen] = (i % 10) / 10;
    frame.data = encodeMotionFrameSync({ kind: 'frame', start, end, seq, frame: { blendshapes, time: i * SLOT_MS } }, media).buffer as ArrayBuffer;
    if (start || end) self.postMessage({ kind: 'turn-sent', data: { edge: start ? 'start' : 'end', seq } } satisfies ConversationReport);
    seq++;
    left--;
    return true;
  });
};
