// Styling and accessibility without a server: the default size, the accessible name, the live region, the
// slots each shown at its time, reduced motion reaching the face, and an axe audit (axe-core through
// @open-wc/testing's chai-a11y-axe) of the shadow DOM in every state reachable here. The connecting state
// is audited in test/browser/element-keyboard.test.ts (it needs WebRTC), the connected state against the
// real server in test/e2e/element-a11y.test.ts.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';

const make = (attrs: Record<string, string> = {}, children = '') => {
  const el = document.createElement('spatius-avatar');
  const errors: ErrorDetail[] = [];
  const states: string[] = [];
  el.addEventListener('error', (e) => errors.push(e.detail));
  el.addEventListener('connection-state-changed', (e) => states.push(e.detail.state));
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.innerHTML = children;
  document.body.append(el);
  return { el, errors, states };
};
const settle = async (el: SpatiusAvatarElement) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 20));
  await el.updateComplete;
};
const waitFor = async (what: string, ok: () => boolean, ms = 10000) => {
  const end = performance.now() + ms;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const box = (el: Element) => {
  const r = el.getBoundingClientRect();
  return [Math.round(r.width), Math.round(r.height)];
};
const shadow = (el: SpatiusAvatarElement) => el.shadowRoot!;
const layer = (el: SpatiusAvatarElement, part: string) => shadow(el).querySelector<HTMLElement>(`[part~=${part}]`)!;
/** Shown: the element and its layer take up room on screen. */
const shown = (el: Element) => el.getBoundingClientRect().width > 0 && el.getBoundingClientRect().height > 0;
const liveRegion = (el: SpatiusAvatarElement) => shadow(el).querySelector('[role=status]')!;
/** A JWT-shaped token for `room` (unsigned: it never reaches a server here). */
const fakeToken = () => {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${b64({ alg: 'HS256' })}.${b64({ sub: 'viewer', video: { room: 'r', roomJoin: true } })}.sig`;
};
const REFUSED = 'ws://127.0.0.1:9'; // nothing listens: the connect fails (state failed, a fatal error)

describe('<spatius-avatar> styling and accessibility', () => {
  afterEach(async () => {
    for (const el of document.querySelectorAll('spatius-avatar')) {
      el.remove();
      await el.disconnect();
    }
    document.querySelectorAll('.a11y-holder').forEach((h) => h.remove());
  });

  it('default size: 320x320 with nothing set; only a width or only a height gives a square; both give that box', async () => {
    const { el } = make({ manual: '' });
    await settle(el);
    expect(box(el)).to.deep.equal([320, 320]);
    el.style.width = '200px';
    expect(box(el)).to.deep.equal([200, 200], 'width only');
    el.style.width = '';
    el.style.height = '150px';
    expect(box(el)).to.deep.equal([150, 150], 'height only');
    el.style.width = '400px';
    expect(box(el)).to.deep.equal([400, 150], 'both');
    el.style.cssText = 'width: 50%';
    const holder = Object.assign(document.createElement('div'), { className: 'a11y-holder' });
    holder.style.width = '500px';
    document.body.append(holder);
    holder.append(el);
    expect(box(el)).to.deep.equal([250, 250], 'a percentage width');
    el.style.cssText = 'display: block';
    expect(box(el)).to.deep.equal([500, 500], 'display: block fills its container and stays square');
    el.style.cssText = '';
    // Size containment: slotted content (a large placeholder) does not size the element.
    el.innerHTML = '<img slot="placeholder" alt="" style="display:block;width:900px;height:700px">';
    await settle(el);
    expect(box(el)).to.deep.equal([320, 320], 'content does not size it');
    expect(box(layer(el, 'stage'))).to.deep.equal([320, 320], 'the stage fills it');
  });

  it('the face is role="img" named by label (default "AI avatar"); the canvas is hidden from assistive tech', async () => {
    const { el } = make({ manual: '' });
    await settle(el);
    const stage = layer(el, 'stage');
    expect(stage.getAttribute('role')).to.equal('img');
    expect(stage.getAttribute('aria-label')).to.equal('AI avatar');
    expect(shadow(el).querySelector('canvas')?.getAttribute('aria-hidden')).to.equal('true');
    el.setAttribute('label', 'Ada, the support agent');
    await el.updateComplete;
    expect(stage.getAttribute('aria-label')).to.equal('Ada, the support agent');
    el.setAttribute('label', '  ');
    await el.updateComplete;
    expect(stage.getAttribute('aria-label')).to.equal('AI avatar', 'an empty label falls back to the default');
  });

  it('disconnected, with a placeholder: the placeholder shows, the error slot does not; axe finds nothing', async () => {
    const { el } = make({ manual: '' }, '<img slot="placeholder" alt="Ada" src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><p slot="error">Could not connect</p>');
    await settle(el);
    expect(el.getAttribute('state')).to.equal('disconnected');
    expect(shown(layer(el, 'placeholder'))).to.equal(true);
    expect(shown(el.querySelector('[slot=placeholder]')!)).to.equal(true, 'the slotted placeholder is on screen');
    expect(shown(layer(el, 'error'))).to.equal(false);
    expect(shown(el.querySelector('[slot=error]')!)).to.equal(false, 'the slotted error is not');
    expect(shown(layer(el, 'audio-overlay'))).to.equal(false);
    expect(shown(layer(el, 'start-overlay'))).to.equal(false, 'no start button unless asked for');
    expect(liveRegion(el).textContent).to.equal('', 'nothing announced at load');
    await expect(el).shadowDom.to.be.accessible();
    await expect(el).to.be.accessible();
  });

  it('the placeholder goes with the first frame and comes back with the next connect', async () => {
    const { el } = make({ manual: '' }, '<span slot="placeholder">Loading</span>');
    await settle(el);
    expect(shown(layer(el, 'placeholder'))).to.equal(true);
    el.dispatchEvent(new CustomEvent('first-frame', { detail: {}, bubbles: true, composed: true })); // as the worker reports it
    await el.updateComplete;
    expect(shown(layer(el, 'placeholder'))).to.equal(false, 'hidden after the first frame');
    await el.connect({ url: REFUSED, token: fakeToken() }).catch(() => undefined);
    await el.updateComplete;
    expect(shown(layer(el, 'placeholder'))).to.equal(true, 'a new connect shows it again until its first frame');
  });

  it('failed: the error slot shows with error-code; the live region says so; axe finds nothing; a new connect hides it', async () => {
    const { el, errors, states } = make({ manual: '', 'log-level': 'none' }, '<p slot="error">Could not connect. <a href="#help">Help</a></p><span slot="placeholder">Loading</span>');
    await settle(el);
    const code = await el.connect({ url: REFUSED, token: fakeToken() }).then(() => 'resolved', (e: ErrorDetail) => e.code);
    await el.updateComplete;
    expect(states).to.deep.equal(['connecting', 'failed']);
    const fatal = errors.filter((e) => e.fatal).map((e) => e.code);
    expect(fatal).to.deep.equal([code]);
    expect(el.getAttribute('error-code')).to.equal(code);
    expect(shown(layer(el, 'error'))).to.equal(true);
    expect(shown(el.querySelector('[slot=error]')!)).to.equal(true);
    expect(liveRegion(el).textContent).to.equal('AI avatar: connection failed');
    await expect(el).shadowDom.to.be.accessible();
    await expect(el).to.be.accessible();
    el.setAttribute('error-code', 'made-up');
    expect(el.getAttribute('error-code')).to.equal(code, 'read-only: a page write is undone');
    await el.disconnect(); // failed -> disconnected: no call, no error
    await el.updateComplete;
    expect(el.getAttribute('state')).to.equal('disconnected');
    expect(el.hasAttribute('error-code')).to.equal(false);
    expect(shown(layer(el, 'error'))).to.equal(false);
    el.removeAttribute('error-code');
    expect(el.hasAttribute('error-code')).to.equal(false);
    el.setAttribute('error-code', 'made-up');
    expect(el.hasAttribute('error-code')).to.equal(false, 'read-only while absent too');
  });

  it('audio blocked: the overlay with its "Tap to hear" button shows; axe finds nothing; old part names kept', async () => {
    const { el } = make({ manual: '' });
    await settle(el);
    // What the room reports when the browser blocks the voice (the real path: test/e2e-autoplay).
    (el as unknown as { voice: { setPlaybackAllowed(allowed: boolean): void } }).voice.setPlaybackAllowed(false);
    await el.updateComplete;
    const button = shadow(el).querySelector('[part~=audio-button]')!;
    expect(shown(button)).to.equal(true);
    expect(button.getAttribute('part')!.split(' ')).to.include.members(['button', 'audio-button']);
    expect(layer(el, 'audio-overlay').getAttribute('part')!.split(' ')).to.include.members(['overlay', 'audio-overlay']);
    await expect(el).shadowDom.to.be.accessible();
    (el as unknown as { voice: { setPlaybackAllowed(allowed: boolean): void } }).voice.setPlaybackAllowed(true);
    await el.updateComplete;
    expect(shown(button)).to.equal(false);
  });

  it('start-button: shown while there is no call, accessible; a click connects; back when the call failed', async () => {
    const { el, states } = make({ manual: '', 'start-button': '', url: REFUSED, token: fakeToken(), 'log-level': 'none', label: 'Ada' });
    await settle(el);
    const button = shadow(el).querySelector<HTMLButtonElement>('[part~=start-button]')!;
    expect(shown(button)).to.equal(true);
    expect(button.getAttribute('aria-label')).to.equal('Start Ada');
    await expect(el).shadowDom.to.be.accessible();
    button.click();
    await waitFor('failed', () => states.includes('failed'));
    await el.updateComplete;
    expect(states).to.deep.equal(['connecting', 'failed']);
    expect(shown(button)).to.equal(true, 'failed: the start button is back (to try again)');
    el.removeAttribute('start-button');
    await el.updateComplete;
    expect(shown(button)).to.equal(false);
  });

  it('a page button in the start slot replaces the built-in one and connects', async () => {
    const { el, states } = make({ manual: '', 'start-button': '', url: REFUSED, token: fakeToken(), 'log-level': 'none' }, '<button slot="start">Talk to Ada</button>');
    await settle(el);
    const mine = el.querySelector('button')!;
    expect(shown(mine)).to.equal(true);
    expect(shown(shadow(el).querySelector('[part~=start-button]')!)).to.equal(false, 'the fallback is not rendered');
    mine.click();
    await waitFor('failed', () => states.includes('failed'));
    expect(states[0]).to.equal('connecting');
  });

  it('live region: the agent state (agent-state-changed, by name) is announced with the label; unknown states are not', async () => {
    const { el } = make({ manual: '', label: 'Ada' });
    await settle(el);
    const region = liveRegion(el);
    expect(region.getAttribute('role')).to.equal('status', 'role=status: polite and atomic');
    expect(region.getBoundingClientRect().width).to.be.at.most(1, 'visually hidden');
    const agent = (state: unknown) => el.dispatchEvent(new CustomEvent('agent-state-changed', { detail: { state }, bubbles: true, composed: true }));
    agent('listening');
    await el.updateComplete;
    expect(region.textContent).to.equal('Ada: listening');
    agent('thinking');
    await el.updateComplete;
    expect(region.textContent).to.equal('Ada: thinking');
    agent('speaking');
    await el.updateComplete;
    expect(region.textContent).to.equal('Ada: speaking');
    agent('<b>bad</b>');
    agent(42);
    await el.updateComplete;
    expect(region.textContent).to.equal('Ada: speaking', 'unknown and malformed states are not announced');
    await expect(el).shadowDom.to.be.accessible();
  });

  it('prefers-reduced-motion: the idle face holds still (blinks only), and follows a change of the preference', async () => {
    // A stand-in for matchMedia's reduced-motion query, so every browser here can switch it (WebDriver BiDi
    // cannot emulate media features; Chromium's emulation is tested in test/e2e/element-face.test.ts).
    const original = window.matchMedia;
    const query = Object.assign(new EventTarget(), { matches: false, media: '(prefers-reduced-motion: reduce)' });
    window.matchMedia = ((q: string) => (q.includes('prefers-reduced-motion') ? query : original.call(window, q))) as typeof matchMedia;
    try {
      const { el } = make({ manual: '' });
      await settle(el);
      /** A fingerprint of the lower face (mouth, chin, neck: not the eyes, which blink either way). */
      const lowerFace = async () => {
        const blob = await el.snapshot();
        const bitmap = await createImageBitmap(blob!);
        const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
        ctx.drawImage(bitmap, 0, 0);
        const { data } = ctx.getImageData(0, Math.round(bitmap.height * 0.5), bitmap.width, Math.round(bitmap.height * 0.5));
        let h = 0;
        for (let i = 0; i < data.length; i += 4) h = (Math.imul(h, 31) + (data[i]! >> 2) + (data[i + 1]! >> 2) + (data[i + 2]! >> 2)) | 0;
        return h;
      };
      const frames = async () => {
        const seen = new Set<number>();
        for (let i = 0; i < 8; i++) {
          seen.add(await lowerFace());
          await new Promise((r) => setTimeout(r, 200));
        }
        return seen.size;
      };
      expect(await frames()).to.be.greaterThan(1, 'no preference: the head drifts and breathes');
      query.matches = true;
      query.dispatchEvent(new Event('change'));
      await new Promise((r) => setTimeout(r, 300)); // the worker hears it and draws the next frame
      expect(await frames()).to.equal(1, 'reduced: the lower face holds still');
      query.matches = false;
      query.dispatchEvent(new Event('change'));
      await new Promise((r) => setTimeout(r, 300));
      expect(await frames()).to.be.greaterThan(1, 'back to no preference: it moves again');
    } finally {
      window.matchMedia = original;
    }
  });
});
