// The element's end-to-end checks, run against each build (element-module.test.ts, element-standalone.test.ts).
import { expect, oneEvent } from '@open-wc/testing';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar as create } from './element-fixture.js';

export function elementSuite(build: string): void {
  describe(`<spatius-avatar> from the ${build} build`, () => {
    let cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanup.reverse()) await c();
      cleanup = [];
    });

    it('connects from attributes alone and discovers the participant whose video carries motion', async () => {
      const url = await livekitUrl();
      const room = uniqueRoom('element');
      const pub = await startPublisher(url, room, 'avatar-agent');
      cleanup.push(() => pub.stop());
      const { el, events } = create({ url, token: await mintToken('viewer', room), room });
      cleanup.push(async () => el.remove());
      const discovered = await oneEvent(el, 'avatar-discovered');
      expect(discovered.detail.identity).to.equal('avatar-agent');
      expect(el.avatar).to.equal('avatar-agent');
      expect(el.getAttribute('state')).to.equal('connected');
      expect(el.getConnectionState()).to.equal('connected');
      expect(el.getNativeClient()?.name).to.equal(room);
      const states = events.filter((e) => e.type === 'connection-state-changed').map((e) => e.detail.state);
      expect(states).to.deep.equal(['connecting', 'connected']);
      expect(events.filter((e) => e.type === 'error')).to.deep.equal([]);
    });

    it('renderer="none" fires one frame event per rendered pose, in seq order; stats count them', async () => {
      const url = await livekitUrl();
      const room = uniqueRoom('frames');
      const pub = await startPublisher(url, room, 'avatar-agent');
      cleanup.push(() => pub.stop());
      const { el, events } = create({ url, token: await mintToken('viewer', room), renderer: 'none' });
      cleanup.push(async () => el.remove());
      // Stats come from the worker once a second, on the same ordered channel as the poses: each update
      // must count exactly the fresh frame events fired before it. Seen at the first frame event after it.
      const counts: { rendered: number; fired: number }[] = [];
      let fired = 0;
      let last: object | undefined;
      el.addEventListener('frame', (e) => {
        const stats = el.stats;
        if (stats && (stats !== last || stats.rendered !== counts.at(-1)?.rendered)) counts.push({ rendered: stats.rendered, fired });
        last = stats;
        if ((e as CustomEvent<{ fresh: boolean }>).detail.fresh) fired++;
      });
      await waitFor('50 frame events', () => events.filter((e) => e.type === 'frame' && e.detail.fresh).length >= 50);
      const frames = events.filter((e) => e.type === 'frame' && e.detail.fresh).map((e) => e.detail as unknown as { seq: number; weights: Float32Array });
      for (let i = 1; i < frames.length; i++) expect(frames[i]!.seq, `frame ${i}`).to.be.greaterThan(frames[i - 1]!.seq);
      // The test publisher ramps jawOpen with seq: (seq % 25) / 25, quantised to u16.
      for (const f of frames) expect(f.weights[17]).to.be.closeTo((f.seq % 25) / 25, 1e-4);
      expect(events.map((e) => e.type)).to.include.members(['conversation-start', 'first-frame']);
      await waitFor('three stats updates that count frames', () => counts.filter((c) => c.rendered > 0).length >= 3);
      expect(counts.map((c) => c.rendered), 'stats.rendered at each update').to.deep.equal(counts.map((c) => c.fired));
    });

    it('motion that stops inside a conversation gives stalled after stall-timeout', async () => {
      const url = await livekitUrl();
      const room = uniqueRoom('stall');
      const pub = await startPublisher(url, room, 'avatar-agent');
      const { el, events } = create({ url, token: await mintToken('viewer', room), 'stall-timeout': '600' });
      cleanup.push(async () => el.remove());
      await oneEvent(el, 'first-frame');
      cleanup.push(async () => pub.stop());
      const stoppedAt = performance.now();
      pub.setFramesFlowing(false); // no more motion, the track still published (an unpublished one ends without a stall)
      expect((await oneEvent(el, 'stalled')).detail.reason).to.equal('no-motion');
      const after = performance.now() - stoppedAt;
      expect(after).to.be.greaterThan(400); // not before the timeout (the last frames were still buffered)
      expect(events.filter((e) => e.type === 'stalled').length).to.equal(1);
    });

    it('invalid attribute values give a non-fatal invalid-attribute error and the default', async () => {
      const url = await livekitUrl();
      const room = uniqueRoom('attrs');
      const { el, events } = create({ url, token: await mintToken('viewer', room), 'jitter-buffer': 'maybe', 'max-buffer-delay': '-5', renderer: 'webgl' });
      cleanup.push(async () => el.remove());
      await oneEvent(el, 'connected');
      const errors = events.filter((e) => e.type === 'error').map((e) => e.detail as unknown as { code: string; fatal: boolean; message: string });
      expect(errors.map((e) => e.code)).to.deep.equal(['invalid-attribute', 'invalid-attribute', 'invalid-attribute']);
      expect(errors.every((e) => !e.fatal)).to.equal(true);
      expect(el.enableJitterBuffer).to.equal(true);
      expect(el.maxBufferDelayMs).to.equal(80);
      expect(el.getConnectionState()).to.equal('connected');
    });

    it('a token the server rejects gives error token-rejected and state failed', async () => {
      const url = await livekitUrl();
      const room = uniqueRoom('bad-token');
      const { el, events } = create({ url, token: await mintToken('viewer', room, { wrongSecret: true }) });
      cleanup.push(async () => el.remove());
      const err = await waitFor('an error event', () => events.find((e) => e.type === 'error'));
      expect(err.detail).to.include({ code: 'token-rejected', fatal: true });
      expect(el.getAttribute('state')).to.equal('failed');
    });

    it('a malformed url and a room that disagrees with the token are refused before any network', async () => {
      const url = await livekitUrl();
      const room = uniqueRoom('mismatch');
      const token = await mintToken('viewer', room);
      const { el, events } = create({ manual: '', url: 'not a url', token });
      cleanup.push(async () => el.remove());
      let caught: unknown;
      await el.connect().catch((e) => (caught = e));
      expect((caught as { code: string }).code).to.equal('invalid-url');
      await el.connect({ url, roomName: 'another-room' }).catch((e) => (caught = e));
      expect((caught as { code: string }).code).to.equal('room-mismatch');
      expect(events.filter((e) => e.type === 'error').map((e) => e.detail.code)).to.deep.equal(['invalid-url', 'room-mismatch']);
      expect(el.getNativeClient()).to.equal(null);
    });

    it('removing the element leaves the room (after the grace period); moving it does not', async () => {
      const url = await livekitUrl();
      const room = uniqueRoom('removal');
      const { el } = create({ url, token: await mintToken('viewer', room) });
      await oneEvent(el, 'connected');
      const other = document.createElement('div');
      document.body.append(other);
      other.append(el); // a move: disconnectedCallback then connectedCallback
      await new Promise((r) => setTimeout(r, 1500));
      expect(el.getConnectionState()).to.equal('connected');
      el.remove();
      other.remove();
      await waitFor('the server to list no participant', async () => (await listParticipants(room)).length === 0);
      expect(el.getConnectionState()).to.equal('disconnected');
    });
  });
}
