// Sender side of the pipeline test: appends the scripted trailers to successive encoded frames, one per
// frame, then IDLE trailers once the script is done. The trailers are prepared by the test
// (packet + L + magic, which do not depend on the media bytes in front of them).
import { encodeMotionFrameSync } from '../../../src/codec/index.js';
import { transformEncodedFrames } from '../../../src/worker/encoded-frames.js';

const scope = self as unknown as {
  onmessage: ((e: MessageEvent<Uint8Array[]>) => void) | null;
  onrtctransform: ((e: { transformer: { readable: ReadableStream; writable: WritableStream } }) => void) | null;
  postMessage(m: unknown): void;
};

let script: Uint8Array[] = [];
let index = 0;
const idle = encodeMotionFrameSync({ kind: 'idle', start: false, end: false });

scope.onmessage = (e) => {
  script = e.data;
  index = 0;
  scope.postMessage({ kind: 'armed', data: script.length });
};

scope.onrtctransform = (event) => {
  const { readable, writable } = event.transformer;
  transformEncodedFrames({ readable, writable }, (frame) => {
    const media = new Uint8Array(frame.data);
    const trailer = index < script.length ? script[index]! : idle;
    index++;
    const out = new Uint8Array(media.length + trailer.length);
    out.set(media);
    out.set(trailer, media.length);
    frame.data = out.buffer;
    if (index === script.length) scope.postMessage({ kind: 'script-sent', data: index });
    return true;
  });
};
