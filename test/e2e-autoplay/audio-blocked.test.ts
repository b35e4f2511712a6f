// In a Chromium that blocks autoplay (no user gesture yet): the avatar's voice is blocked, the element says
// so (audio-blocked, the overlay), and a real click on the overlay's button starts it (audio-unblocked).
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { sendMouse } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from '../e2e/livekit.js';
import { startPublisher } from '../e2e/test-publisher.js';

describe('<spatius-avatar> when the browser blocks autoplay', () => {
  it('fires audio-blocked, shows the tap-to-hear overlay, and a click on it starts the voice', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('autoplay');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const events: string[] = [];
    el.addEventListener('audio-blocked', () => events.push('audio-blocked'));
    el.addEventListener('audio-unblocked', () => events.push('audio-unblocked'));
    el.setAttribute('url', url);
    el.setAttribute('token', await mintToken('viewer', room));
    document.body.append(el);
    try {
      await waitFor('audio-blocked', () => events.includes('audio-blocked'), 30000);
      const overlay = el.shadowRoot!.querySelector<HTMLElement>('[part~=audio-overlay]')!;
      expect(overlay.hidden).to.equal(false);
      await expect(el).shadowDom.to.be.accessible(); // the overlay and its button, audited as shown
      const button = el.shadowRoot!.querySelector<HTMLElement>('[part~=audio-button]')!;
      const r = button.getBoundingClientRect();
      await sendMouse({ type: 'click', position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)] });
      await waitFor('audio-unblocked', () => events.includes('audio-unblocked'), 15000);
      await el.updateComplete;
      expect(overlay.hidden).to.equal(true);
      const audio = el.shadowRoot!.querySelector('audio')!;
      await waitFor('the voice to play', () => !audio.paused);
    } finally {
      el.remove();
      await pub.stop();
    }
  });
});
