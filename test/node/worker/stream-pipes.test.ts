// The worker's encoded-frame pipes (src/worker/stream-pipes.ts): a closed call's pipes end when released, even
// though their streams never end by themselves (Chromium's encoded streams of a closed peer connection).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StreamPipes } from '../../../src/worker/stream-pipes.js';
import type { EncodedStreams } from '../../../src/worker/encoded-frames.js';

/** Streams that never end by themselves, and what happened to them. */
function endless() {
  const seen = { cancelled: false, aborted: false, written: [] as number[] };
  let push!: (n: number) => void;
  const readable = new ReadableStream<{ n: number }>({
    start: (controller) => void (push = (n) => controller.enqueue({ n })),
    cancel: () => void (seen.cancelled = true),
  });
  const writable = new WritableStream<{ n: number }>({
    write: (frame) => void seen.written.push(frame.n),
    abort: () => void (seen.aborted = true),
  });
  return { streams: { readable, writable } as unknown as EncodedStreams, seen, push: (n: number) => push(n) };
}

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('StreamPipes', () => {
  test('release ends the pipes of the ids given: readable cancelled, writable aborted, ids forgotten', async () => {
    const pipes = new StreamPipes();
    const a = endless();
    const b = endless();
    const endedA = pipes.run(1, a.streams, () => true);
    let endedB = false;
    void pipes.run(2, b.streams, () => true).then(() => (endedB = true));
    a.push(1);
    b.push(1);
    await settle();
    assert.deepEqual(a.seen.written, [1]);
    assert.equal(pipes.size, 2);
    pipes.release([1]);
    await endedA; // resolves, never rejects
    assert.equal(a.seen.cancelled, true, 'the readable was cancelled');
    assert.equal(a.seen.aborted, true, 'the writable was aborted');
    assert.equal(pipes.size, 1);
    b.push(2);
    await settle();
    assert.deepEqual(b.seen.written, [1, 2], 'another call\'s pipe goes on');
    assert.equal(endedB, false);
    assert.equal(b.seen.cancelled, false);
  });

  test('every pipe of one id ends (a script transform made again for a reused receiver)', async () => {
    const pipes = new StreamPipes();
    const first = endless();
    const second = endless();
    const ended = [pipes.run(7, first.streams, () => true), pipes.run(7, second.streams, () => true)];
    assert.equal(pipes.size, 1);
    pipes.release([7, 8]); // an id without a pipe is ignored
    await Promise.all(ended);
    assert.equal(first.seen.cancelled && second.seen.cancelled, true);
    assert.equal(pipes.size, 0);
  });

  test('a pipe whose streams end by themselves is forgotten', async () => {
    const pipes = new StreamPipes();
    const readable = new ReadableStream({ start: (c) => c.close() });
    const writable = new WritableStream();
    await pipes.run(3, { readable, writable } as unknown as EncodedStreams, () => true);
    assert.equal(pipes.size, 0);
  });
});
