// Decodes frames sent by the test inside a Worker (no DOM), answering with everything it got: the
// decoded frames as they are (structured clone keeps media and weights as typed arrays).
import { decodeMotionFrame } from '../../../src/codec/index.js';

self.onmessage = async (e: MessageEvent<Uint8Array[]>) => {
  const out = [];
  for (const frame of e.data) out.push(await decodeMotionFrame(frame));
  (self as unknown as Worker).postMessage(out);
};
