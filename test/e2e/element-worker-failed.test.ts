// worker-failed through the element: a page whose Content Security Policy forbids workers
// (worker-src 'none', set before the element starts its worker) makes the motion worker fail to start.
// The element reports the non-fatal worker-failed once, the call still connects, and snapshot() rejects
// with worker-failed instead of hanging. A page of its own: the policy cannot be taken back.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { Room } from 'livekit-client';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { createAvatar } from './element-fixture.js';

describe('<spatius-avatar> when the page forbids workers', () => {
  it('reports worker-failed (not fatal), connects, and snapshot() rejects with worker-failed', async function () {
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
      await waitFor('connected', () => el.getConnectionState() === 'connected', 30000);
      let caught: { code?: string; fatal?: boolean } | undefined;
      await el.snapshot().catch((e: { code?: string; fatal?: boolean }) => (caught = e));
      expect(caught?.code).to.equal('worker-failed');
      expect(caught?.fatal).to.equal(false);
      expect(events.filter((e) => e.type === 'error').map((e) => e.detail.code), 'reported once').to.deep.equal(['worker-failed']);
      expect(el.getConnectionState()).to.equal('connected');
      // What the voice does without the worker (see the report: Chromium holds every frame of an encoded
      // stream that is not piped).
      await new Promise((r) => setTimeout(r, 3000));
      const track = [...(el.getNativeClient()?.remoteParticipants.get('avatar-agent')?.audioTrackPublications.values() ?? [])][0]?.track;
      let samples = -1;
      (await track?.receiver?.getStats())?.forEach((s) => {
        if (s.type === 'inbound-rtp') samples = s.totalSamplesReceived ?? 0;
      });
      console.log(`worker-failed: voice samples received ${samples}`);
      expect(rejections, String(rejections)).to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onRejection);
      el.remove();
      await publisher.disconnect();
      await ctx.close();
    }
  });
});
