// ReceiverAttacher's script-transform path holds the receiver's transform slot: whoever writes it later
// (livekit-client clears it at TrackSubscribed on Firefox and Safari), in whatever order, our transform stays.
// Runs in every browser: the slot and RTCRtpScriptTransform exist in Chromium too, though Chromium's product
// path pipes encoded streams instead.
import { expect } from '@open-wc/testing';
import { ReceiverAttacher } from '../../src/room/receive-transform.js';
import type { ReceiverInfo } from '../../src/worker/receivers.js';
import { waitFor } from '../e2e/livekit.js';

describe('ReceiverAttacher (script transform) holds the receiver transform slot', () => {
  it('refuses later writes of null or another transform; a re-attach puts a fresh one of ours in', async () => {
    const worker = new Worker(new URL('./workers/transform-count.worker.ts', import.meta.url), { type: 'module' });
    const other = new Worker(new URL('./workers/transform-count.worker.ts', import.meta.url), { type: 'module' });
    const handed: ReceiverInfo[] = [];
    worker.onmessage = (e: MessageEvent<ReceiverInfo>) => handed.push(e.data);
    const pc = new RTCPeerConnection();
    try {
      const { receiver } = pc.addTransceiver('video', { direction: 'recvonly' });
      // The attacher's view of the worker (the element's MotionWorkerPort gives it the same two calls).
      const link = { post: () => undefined, scriptTransform: (i: ReceiverInfo) => new RTCRtpScriptTransform(worker, { ...i }) };
      const attacher = new ReceiverAttacher(link, 'script-transform');
      const info = attacher.attach(receiver, receiver.track);
      // (identities compared as booleans: a failed assertion on these objects stalls the test runner's report)
      const ours = receiver.transform;
      expect((ours as object | null) instanceof RTCRtpScriptTransform).to.equal(true);

      receiver.transform = null;
      expect(receiver.transform === ours, 'after a write of null').to.equal(true);
      receiver.transform = new RTCRtpScriptTransform(other, { foreign: true });
      expect(receiver.transform === ours, 'after a write of another transform').to.equal(true);
      await Promise.resolve();
      receiver.transform = null;
      expect(receiver.transform === ours, 'after a later write').to.equal(true);
      attacher.ensure(receiver, receiver.track);
      expect(receiver.transform === ours, 'ensure leaves a held slot alone').to.equal(true);

      // A reused receiver (LiveKit recycles transceivers): attach again, a fresh transform, the same id.
      const again = attacher.attach(receiver, receiver.track);
      expect(again.receiverId).to.equal(info.receiverId);
      const fresh = receiver.transform;
      expect((fresh as object | null) instanceof RTCRtpScriptTransform).to.equal(true);
      expect(fresh === ours, 'a fresh transform').to.equal(false);
      receiver.transform = null;
      expect(receiver.transform === fresh, 'the fresh one is held too').to.equal(true);

      // Our worker got exactly our two transforms, made with our info (none was made for the refused writes).
      await waitFor('two transforms in our worker', () => handed.length >= 2);
      expect(handed).to.deep.equal([info, again]);
    } finally {
      pc.close();
      worker.terminate();
      other.terminate();
    }
  });
});
