// The tap-to-hear overlay belongs to the call whose voice was blocked: once that call ends (disconnect()),
// it goes, and the start button under it can be reached again (before the fix it stayed, covering the start
// button, and its button did nothing).
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from '../e2e/livekit.js';
import { startPublisher } from '../e2e/test-publisher.js';

describe('<spatius-avatar> tap-to-hear after the call', () => {
  it('disconnect() after audio-blocked: the overlay goes with the call, the start button is on top', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('overlay-after-call');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const events: string[] = [];
    el.addEventListener('audio-blocked', () => events.push('audio-blocked'));
    el.addEventListener('audio-unblocked', () => events.push('audio-unblocked'));
    el.setAttribute('url', url);
    el.setAttribute('token', await mintToken('viewer', room));
    el.setAttribute('log-level', 'none');
    el.setAttribute('agent-timeout', '0');
    el.setAttribute('start-button', '');
    document.body.append(el);
    try {
      await waitFor('audio-blocked', () => events.includes('audio-blocked'), 30000);
      const part = (name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~=${name}]`)!;
      expect(part('audio-overlay').hidden, 'shown while the call plays').to.equal(false);
      await el.disconnect();
      await el.updateComplete;
      expect(part('audio-overlay').hidden, 'no tap-to-hear without a call').to.equal(true);
      const start = part('start-button').getBoundingClientRect();
      const top = el.shadowRoot!.elementFromPoint(start.left + start.width / 2, start.top + start.height / 2);
      expect(top?.getAttribute('part'), 'what a tap at the start button reaches').to.contain('start-button');
      expect(events, 'no audio-unblocked: nothing was unblocked').to.deep.equal(['audio-blocked']);
    } finally {
      el.remove();
      await pub.stop();
    }
  });
});
