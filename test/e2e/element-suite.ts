// The element's end-to-end checks, run against each build (element-module.test.ts, element-standalone.test.ts).
import { expect, oneEvent } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

type Detail<T = Record<string, unknown>> = CustomEvent<T>;

/** Creates the element with attributes, listening to every event before it is in the document. */
function create(attrs: Record<string, string>): { el: SpatiusAvatarElement; events: Detail[] } {
  const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
  const events: Detail[] = [];
  for (const type of ['connected', 'disconnected', 'error', 'connection-state-changed', 'avatar-discovered']) {
    el.addEventListener(type, (e) => events.push(e as Detail));
  }
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return { el, events };
}

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
