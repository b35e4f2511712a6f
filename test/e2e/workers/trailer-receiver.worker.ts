// Receiver side of the round-trip test: the product's MotionExtractor on every video receiver, reporting
// what it read, plus a check of the media bytes forwarded to the decoder against the checksum the sender
// put in the packet. Audio receivers are piped through untouched, as the product does.
import { MotionExtractor } from '../../../src/worker/motion-extractor.js';
import { transformEncodedFrames } from '../../../src/worker/encoded-frames.js';
import { listenForReceivers } from '../../../src/worker/receivers.js';
import type { WorkerScope } from '../../../src/worker/worker-scope.js';
import { CHECK_SECTION, fnv1a } from './checksum.js';

declare const self: WorkerScope;

/** Finds the test's check section in a frame's packet: [mediaLength, fnv]. */
function readCheck(frame: Uint8Array): [number, number] | undefined {
  const dv = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const checkAt = frame.length - 8 - 11;
  if (checkAt < 0 || frame[checkAt] !== CHECK_SECTION) return undefined;
  return [dv.getUint32(checkAt + 3, true), dv.getUint32(checkAt + 7, true)];
}

const route = listenForReceivers(self, (info, streams) => {
  self.postMessage({ kind: 'receiver', data: { kind: info.kind } });
  if (info.kind === 'audio') {
    transformEncodedFrames(streams, () => true);
    return;
  }
  const extractor = new MotionExtractor((decoded, senderMs) => {
    if (decoded.type === 'packet') self.postMessage({ kind: 'packet', data: { seq: decoded.packet.seq, senderMs } });
    else self.postMessage({ kind: 'decoded', data: { type: decoded.type } });
  });
  transformEncodedFrames(streams, (frame) => {
    const check = readCheck(new Uint8Array(frame.data));
    const keep = extractor.handle(frame);
    if (check) {
      const forwarded = new Uint8Array(frame.data);
      const ok = forwarded.length === check[0] && fnv1a(forwarded) === check[1];
      self.postMessage({ kind: 'forwarded', data: { ok, length: forwarded.length, expected: check[0] } });
    }
    return keep;
  });
});
self.onmessage = (e) => route(e.data);
