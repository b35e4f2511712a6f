// The real motion worker's encoded-frame pipes (src/worker/stream-pipes.ts): Chromium never ends a closed
// call's encoded streams, so the worker ends a call's pipes when told (`release-streams`), and leaves the
// other calls' pipes alone. Plain transferred streams stand in for a receiver's and a sender's encoded ones.
import { expect } from '@open-wc/testing';
import { MotionWorkerPort } from '../../src/worker/motion-worker-port.js';

/** Streams that never end by themselves; `ended` resolves once the readable is cancelled and the writable aborted. */
function endless() {
  let push!: (data: ArrayBuffer) => void;
  let cancelled!: () => void;
  let aborted!: () => void;
  const written: number[] = [];
  const ended = Promise.all([new Promise<void>((r) => (cancelled = r)), new Promise<void>((r) => (aborted = r))]);
  const readable = new ReadableStream<{ data: ArrayBuffer }>({
    start: (controller) => void (push = (data) => controller.enqueue({ data })),
    cancel: () => cancelled(),
  });
  const writable = new WritableStream<{ data: ArrayBuffer }>({
    write: (frame) => void written.push(frame.data.byteLength),
    abort: () => aborted(),
  });
  return { readable, writable, ended, written, push: (bytes: number) => push(new ArrayBuffer(bytes)) };
}

const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms))]);

async function until(what: string, check: () => boolean): Promise<void> {
  const end = performance.now() + 3000;
  while (!check()) {
    if (performance.now() > end) throw new Error(`${what}: not within 3000 ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('motion worker: encoded-frame pipes', () => {
  it('release-streams ends a closed call\'s receiver and sender pipes (readable cancelled, writable aborted), not the next call\'s', async () => {
    const port = new MotionWorkerPort({ onFailure: (e) => { throw e; } });
    try {
      await port.started;
      const video = endless();
      const sender = endless();
      const next = endless();
      port.post({ kind: 'receiver-streams', data: { receiverId: 101, kind: 'video', trackId: 'old-video', readable: video.readable, writable: video.writable } }, [video.readable, video.writable] as unknown as Transferable[]);
      port.post({ kind: 'sender-streams', data: { senderId: 102, readable: sender.readable, writable: sender.writable } }, [sender.readable, sender.writable] as unknown as Transferable[]);
      port.post({ kind: 'receiver-streams', data: { receiverId: 103, kind: 'audio', trackId: 'new-audio', readable: next.readable, writable: next.writable } }, [next.readable, next.writable] as unknown as Transferable[]);
      for (const s of [video, sender, next]) s.push(40);
      await until('every pipe passes frames through', () => [video, sender, next].every((s) => s.written.length === 1));

      port.post({ kind: 'release-streams', data: { ids: [101, 102] } });
      await within(video.ended, 3000, 'the released receiver\'s streams ended');
      await within(sender.ended, 3000, 'the released sender\'s streams ended');

      next.push(50);
      await until('the other call\'s pipe goes on', () => next.written.length === 2);
      expect(next.written).to.deep.equal([40, 50]);
    } finally {
      port.dispose();
    }
  });
});
