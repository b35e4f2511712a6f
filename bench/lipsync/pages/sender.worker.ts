// The bench publisher's sender transform: one motion frame packet per encoded frame of the motion track,
// one long conversation (START on the first), jawOpen 0 except on the frame after a `spike` message (1).
// Reports each spike's seq and the moment its encoded frame left the transform (absolute time).
import { BLENDSHAPE_COUNT, encodeMotionFrameSync } from '../../../src/codec/index.js';
import { transformEncodedFrames } from '../../../src/worker/encoded-frames.js';
import type { WorkerScope } from '../../../src/worker/worker-scope.js';

declare const self: WorkerScope;

let seq = 0;
const pending: number[] = [];
const blendshapes = new Float32Array(BLENDSHAPE_COUNT);

self.onmessage = (e: MessageEvent<{ kind: 'spike'; id: number }>) => {
  if (e.data.kind === 'spike') pending.push(e.data.id);
};

self.onrtctransform = (event) => {
  const { readable, writable } = event.transformer;
  transformEncodedFrames({ readable, writable } as never, (frame) => {
    const id = pending.shift();
    blendshapes[17] = id === undefined ? 0 : 1;
    const media = new Uint8Array(frame.data);
    frame.data = encodeMotionFrameSync({ kind: 'frame', start: seq === 0, end: false, seq, frame: { blendshapes, time: seq * 40 } }, media).buffer as ArrayBuffer;
    if (id !== undefined) self.postMessage({ kind: 'spiked', id, seq, at: performance.timeOrigin + performance.now() });
    seq++;
    return true;
  });
};
