// worker-failed through the element: a page whose Content Security Policy forbids workers
// (worker-src 'none', set before the element starts its worker) makes the motion worker fail to start.
// The element reports the non-fatal worker-failed, snapshot() rejects with worker-failed instead of hanging,
// and the call is not made: in Chromium the voice and the microphone pass through the worker too, so a
// call without it would be silent while saying it is connected. A page of its own: the policy cannot be
// taken back.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { Room } from 'livekit-client';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { createAvatar } from './element-fixture.js';

describe('<spatius-avatar> when the page forbids workers', () => {
  it('reports worker-failed (not fatal); the connect fails with worker-failed instead of a silent call; snapshot() rejects', async function () {
    this.timeout(60000);
    const meta = document.createElement('meta');
    meta.httpEquiv = 'Content-Security-Policy';
    meta.content = "worker-src 'none'";
    document.head.append(meta);
    const rejections: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
    addEventListener('unhandledrejection', onRejection);
    const url = await livekitUrl();
    const room = uniqueRoom('worker-csp');
    // The avatar's voice, from a plain Room (the test publisher's sender worker would be refused too).
    const publisher = new Room();
    const ctx = new AudioContext();
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), 'log-level': 'none' });
    try {
      await publisher.connect(url, await mintToken('avatar-agent', room));
      const dest = ctx.createMediaStreamDestination();
      const osc = ctx.createOscillator();
      osc.connect(dest);
      osc.start();
      await publisher.localParticipant.publishTrack(dest.stream.getAudioTracks()[0]!, { name: 'voice' });
      const error = await waitFor('worker-failed', () => events.find((e) => e.type === 'error' && e.detail.code === 'worker-failed'), 30000);
      expect(error.detail.fatal).to.equal(false);
      await waitFor('the call given up', () => ['failed', 'disconnected'].includes(el.getConnectionState()), 30000);
      let caught: { code?: string; fatal?: boolean } | undefined;
      await el.snapshot().catch((e: { code?: string; fatal?: boolean }) => (caught = e));
      expect(caught?.code).to.equal('worker-failed');
      expect(caught?.fatal).to.equal(false);
      const errors = events.filter((e) => e.type === 'error').map((e) => `${e.detail.code} fatal=${e.detail.fatal}`);
      // The worker refused before the connect (state failed, a fatal worker-failed), or during it (the call ends).
      if (el.getConnectionState() === 'failed') expect(errors).to.deep.equal(['worker-failed fatal=false', 'worker-failed fatal=true']);
      else expect(events.find((e) => e.type === 'disconnected')?.detail.reason).to.equal('worker-failed');
      await new Promise((r) => setTimeout(r, 1500));
      expect(['failed', 'disconnected'], 'it stays down').to.include(el.getConnectionState());
      expect(rejections, String(rejections)).to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onRejection);
      el.remove();
      await publisher.disconnect();
      await ctx.close();
    }
  });
});
