// The motion worker crashes during a connected call: the element reports worker-failed (not fatal), the call
// ends (`disconnected`, reason `worker-failed`: in Chromium the voice passes through the worker, so the call
// cannot go on without it), snapshot() rejects with it, nothing rejects unhandled, and a new connect() works
// with a new worker. The worker is the shipped one (`dist/motion.worker.js`) loaded by a page-made module
// (`worker-url`) that throws when the test says so over a BroadcastChannel.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import type { ErrorDetail } from '../../src/index.js';
import { createAvatar, serverSuite } from './element-fixture.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

const crashable = (channel: string) =>
  URL.createObjectURL(new Blob([
    `import ${JSON.stringify(new URL('/dist/motion.worker.js', location.href).href)};
     new BroadcastChannel(${JSON.stringify(channel)}).onmessage = () => setTimeout(() => { throw new Error('crash on request'); });`,
  ], { type: 'text/javascript' }));

describe('<spatius-avatar> when its motion worker crashes mid-call', () => {
  const { rejections, cleanup } = serverSuite();

  it('worker-failed (not fatal), then disconnected with reason worker-failed; snapshot() rejects; a new connect() works', async function () {
    this.timeout(90000);
    const url = await livekitUrl();
    const room = uniqueRoom('worker-crash');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    cleanup.push(() => pub.stop());
    const channel = `crash-${room}`;
    const workerUrl = crashable(channel);
    cleanup.push(async () => URL.revokeObjectURL(workerUrl));
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), 'worker-url': workerUrl, 'log-level': 'none', 'agent-timeout': '0' });
    cleanup.push(async () => el.remove());
    await waitFor('first-frame', () => events.some((e) => e.type === 'first-frame'), 30000);
    expect(el.getConnectionState()).to.equal('connected');

    const crash = new BroadcastChannel(channel);
    crash.postMessage('now');
    crash.close();
    await waitFor('disconnected', () => events.some((e) => e.type === 'disconnected'), 10000);
    const errors = events.filter((e) => e.type === 'error').map((e) => `${e.detail.code} fatal=${e.detail.fatal}`);
    expect(errors).to.deep.equal(['worker-failed fatal=false']);
    expect(events.find((e) => e.type === 'disconnected')!.detail.reason).to.equal('worker-failed');
    expect(el.getConnectionState()).to.equal('disconnected');
    const caught = await el.snapshot().then(() => undefined, (e: ErrorDetail) => e);
    expect(caught?.code).to.equal('worker-failed');

    // A new connect() makes a new worker (the same crashable script, not told to crash) and plays again.
    const before = events.filter((e) => e.type === 'first-frame').length;
    await el.connect({ url, token: await mintToken('viewer-again', room) });
    await waitFor('a first frame of the new call', () => events.filter((e) => e.type === 'first-frame').length > before, 30000);
    expect(await el.snapshot()).to.be.instanceOf(Blob, 'the new worker draws');
    expect(rejections, String(rejections)).to.deep.equal([]);
  });
});
