// In a browser that blocks autoplay, before the avatar's voice exists (it publishes motion only): the block
// comes from the room's AudioContext, and startAudio() without a user gesture has no media element to try.
// livekit-client then reports playback allowed; the element asks the browser (Firefox:
// navigator.getAutoplayPolicy; Chromium, which has none: the Room's AudioContext, still suspended) and
// rejects with audio-blocked, the overlay stays. (A page of its own: no click has happened in it.)
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from '../e2e/livekit.js';
import { startPublisher } from '../e2e/test-publisher.js';

describe('<spatius-avatar> startAudio() while the browser blocks audio and no voice is attached yet', () => {
  it('rejects with audio-blocked and the overlay stays', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('audio-blocked-no-voice');
    const pub = await startPublisher(url, room, 'avatar-agent'); // motion only
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const errors: ErrorDetail[] = [];
    const events: string[] = [];
    el.addEventListener('error', (e) => errors.push(e.detail));
    for (const name of ['audio-blocked', 'audio-unblocked', 'avatar-discovered']) el.addEventListener(name, () => events.push(name));
    el.setAttribute('url', url);
    el.setAttribute('token', await mintToken('viewer', room));
    el.setAttribute('log-level', 'none');
    document.body.append(el);
    try {
      await waitFor('avatar-discovered and audio-blocked', () => events.includes('avatar-discovered') && events.includes('audio-blocked'), 30000);
      expect(el.shadowRoot!.querySelector('audio')!.srcObject, 'no voice attached').to.equal(null);
      let caught: unknown;
      await el.startAudio().catch((e: unknown) => (caught = e));
      const error = caught as { name?: string; code?: string; fatal?: boolean };
      expect(error?.name).to.equal('SpatiusAvatarError');
      expect(error?.code).to.equal('audio-blocked');
      expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal([['audio-blocked', false]]);
      await el.updateComplete;
      expect(el.shadowRoot!.querySelector<HTMLElement>('[part~=audio-overlay]')!.hidden, 'the overlay stays').to.equal(false);
      expect(events.filter((e) => e !== 'avatar-discovered'), 'blocked once, never unblocked').to.deep.equal(['audio-blocked']);
    } finally {
      el.remove();
      await pub.stop();
    }
  });
});
