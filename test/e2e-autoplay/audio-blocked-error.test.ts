// In a browser that blocks autoplay: startAudio() called without a user gesture cannot start the voice.
// It rejects with the non-fatal audio-blocked (a SpatiusAvatarError, not the browser's DOMException), the
// same error fires as an `error` event, the call goes on and the tap-to-hear overlay stays.
// (A page of its own: no click has happened in it, so the browser still blocks audio.)
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from '../e2e/livekit.js';
import { startPublisher } from '../e2e/test-publisher.js';

describe('<spatius-avatar> startAudio() while the browser blocks audio', () => {
  it('rejects with audio-blocked (not fatal), fires it as an error, and the call goes on', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('audio-blocked-error');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const errors: ErrorDetail[] = [];
    let blocked = false;
    el.addEventListener('error', (e) => errors.push(e.detail));
    el.addEventListener('audio-blocked', () => (blocked = true));
    el.setAttribute('url', url);
    el.setAttribute('token', await mintToken('viewer', room));
    el.setAttribute('log-level', 'none');
    document.body.append(el);
    try {
      await waitFor('audio-blocked', () => blocked, 30000);
      let caught: unknown;
      await el.startAudio().catch((e: unknown) => (caught = e));
      const error = caught as { name?: string; code?: string; fatal?: boolean };
      expect(error?.name).to.equal('SpatiusAvatarError');
      expect(error?.code).to.equal('audio-blocked');
      expect(error?.fatal).to.equal(false);
      expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal([['audio-blocked', false]]);
      expect(el.getConnectionState()).to.equal('connected');
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part~=audio-overlay]')!.hidden, 'the overlay stays').to.equal(false);
    } finally {
      el.remove();
      await pub.stop();
    }
  });
});
