// Decodes frames sent by the test inside a Worker (no DOM), answering with what it got.
import { decodeMotionFrame } from '../../../src/codec/index.js';

self.onmessage = async (e: MessageEvent<Uint8Array[]>) => {
  const out = [];
  for (const frame of e.data) {
    const d = await decodeMotionFrame(frame);
    out.push(d.type === 'packet' ? { type: d.type, kind: d.packet.kind, seq: d.packet.seq, mediaLength: d.media.length } : d);
  }
  (self as unknown as Worker).postMessage(out);
};
