// The element's one owner of its motion worker: handshake with a protocol version, typed dispatch by
// kind, and requests that fail with worker-failed instead of hanging when the worker is gone.
import { expect } from '@open-wc/testing';
import type { SpatiusAvatarError } from '../../src/core/errors.js';
import { MOTION_WORKER_PROTOCOL } from '../../src/worker/messages.js';
import { MotionWorkerPort } from '../../src/worker/motion-worker-port.js';

/** A worker made from `source` (a stand-in for a broken or foreign worker build). */
const workerFrom = (source: string) => () => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })));
/** A stand-in that speaks our protocol: answers `init` on the port it was given, then runs `onPort` (`port`, `e`) for each message there. */
const portWorker = (onPort = '') => workerFrom(`onmessage = (i) => {
  if (i.data.kind !== 'init') return;
  const port = i.data.data.port;
  port.onmessage = (e) => { ${onPort} };
  port.postMessage({ kind: 'ready', data: { protocol: ${MOTION_WORKER_PROTOCOL} } });
};`);
const failureOf = (spawn?: () => Worker) => {
  let resolve!: (e: SpatiusAvatarError) => void;
  const failed = new Promise<SpatiusAvatarError>((r) => (resolve = r));
  const port = new MotionWorkerPort({ spawn, onFailure: (e) => resolve(e) });
  return { port, failed };
};

describe('motion worker port', () => {
  it('opens with init/ready on the real worker, then answers a snapshot', async () => {
    const { port } = failureOf();
    try {
      expect(await port.started).to.equal(true, 'started: running');
      expect(port.alive).to.equal(true);
      const image = await port.snapshot('image/png');
      expect(image).to.equal(null, 'no canvas was handed over: nothing drawn');
    } finally {
      port.dispose();
    }
  });

  it('refuses a worker that speaks another protocol (an older one, answering on the worker itself)', async () => {
    const { port, failed } = failureOf(workerFrom(`onmessage = (e) => { if (e.data.kind === 'init') postMessage({ kind: 'ready', data: { protocol: ${MOTION_WORKER_PROTOCOL + 1} } }); };`));
    const error = await failed;
    expect(error.code).to.equal('worker-failed');
    expect(error.fatal).to.equal(false);
    expect(error.message).to.contain('protocol');
    expect(port.alive).to.equal(false);
    expect(await port.started).to.equal(false, 'started: decided, not running');
  });

  it('started: false for a worker that never loads, and for one disposed before its handshake', async () => {
    const { port, failed } = failureOf(() => new Worker('/no-such-worker.js', { type: 'module' }));
    expect(await port.started).to.equal(false);
    expect((await failed).code).to.equal('worker-failed');
    const early = failureOf(portWorker()).port;
    early.dispose();
    expect(await early.started).to.equal(false);
  });

  it('a worker that crashes: pending requests reject with worker-failed instead of hanging', async () => {
    const { port, failed } = failureOf(portWorker(`throw new Error('boom');`));
    await port.started;
    const snapshot = port.snapshot('image/png').then(() => 'resolved', (e: SpatiusAvatarError) => e.code);
    expect((await failed).code).to.equal('worker-failed');
    expect(await snapshot).to.equal('worker-failed');
    expect(await port.snapshot('image/png').then(() => 'resolved', (e: SpatiusAvatarError) => e.code)).to.equal('worker-failed');
  });

  it('dispose: pending and later requests reject with worker-failed', async () => {
    const { port } = failureOf(portWorker());
    await port.started;
    const pending = port.snapshot('image/png').then(() => 'resolved', (e: SpatiusAvatarError) => e.code);
    port.dispose();
    expect(await pending).to.equal('worker-failed');
    expect(port.alive).to.equal(false);
  });

  it('dispatches each reply to the subscribers of its kind only', async () => {
    const { port } = failureOf(portWorker(`
      if (e.data.kind === 'reset') { port.postMessage({ kind: 'motion-track', data: { receiverId: 1, trackId: 't' } }); port.postMessage({ kind: 'playback', data: { type: 'stalled' } }); }
    `));
    const tracks: string[] = [];
    const events: string[] = [];
    const off = port.on('motion-track', (d) => tracks.push(d.trackId));
    port.on('playback', (d) => events.push(d.type));
    port.post({ kind: 'reset', data: { firstId: 0 } });
    await new Promise((r) => setTimeout(r, 200));
    off();
    port.post({ kind: 'reset', data: { firstId: 0 } });
    await new Promise((r) => setTimeout(r, 200));
    expect(tracks).to.deep.equal(['t'], 'unsubscribed after the first');
    expect(events).to.deep.equal(['stalled', 'stalled']);
    port.dispose();
  });
});
