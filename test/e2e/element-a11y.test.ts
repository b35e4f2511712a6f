// Accessibility against the real server: the connected state announced in the live region, the placeholder
// gone with the first motion frame, and an axe audit (axe-core through @open-wc/testing) of the shadow DOM
// while connected and playing. The states reachable without a server: test/browser/element-a11y.test.ts.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { ErrorDetail } from '../../src/index.js';
import { createAvatar } from './element-fixture.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

describe('<spatius-avatar> accessibility, connected', () => {
  it('connected: announced, placeholder gone at the first frame, start button gone; axe finds nothing', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('a11y');
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), manual: '', 'start-button': '', label: 'Ada', 'log-level': 'none' });
    el.innerHTML = '<span slot="placeholder">Ada is on her way</span><p slot="error">Could not connect</p>';
    let pub: Awaited<ReturnType<typeof startPublisher>> | undefined;
    try {
      await el.updateComplete;
      const root = el.shadowRoot!;
      const visible = (selector: string) => root.querySelector(selector)!.getBoundingClientRect().width > 0;
      const start = root.querySelector<HTMLButtonElement>('[part~=start-button]')!;
      expect(visible('[part~=start-button]')).to.equal(true);
      start.click();
      await oneEvent(el, 'connected');
      await el.updateComplete;
      expect(el.getAttribute('state')).to.equal('connected');
      expect(root.querySelector('[role=status]')!.textContent).to.equal('Ada: connected');
      expect(visible('[part~=start-button]')).to.equal(false, 'no start button during a call');
      expect(visible('[part=placeholder]')).to.equal(true, 'no motion yet: the placeholder shows');
      pub = await startPublisher(url, room, 'avatar-agent');
      await waitFor('first-frame', () => events.some((e) => e.type === 'first-frame'), 30000);
      await el.updateComplete;
      expect(visible('[part=placeholder]')).to.equal(false, 'the first frame hides the placeholder');
      expect(visible('[part=error]')).to.equal(false);
      expect(el.hasAttribute('error-code')).to.equal(false);
      await expect(el).shadowDom.to.be.accessible();
      await expect(el).to.be.accessible();
      expect(events.filter((e) => e.type === 'error' && (e.detail as unknown as ErrorDetail).fatal)).to.deep.equal([]);
      await el.disconnect();
      await el.updateComplete;
      expect(root.querySelector('[role=status]')!.textContent).to.equal('Ada: disconnected');
      expect(visible('[part~=start-button]')).to.equal(true, 'the start button is back after the call');
    } finally {
      el.remove();
      await el.disconnect();
      await pub?.stop();
    }
  });
});
