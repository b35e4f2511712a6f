// The start button pressed with Enter on a real connect (focus moves to the avatar, the overlay goes), and
// the `connecting` state (a WebSocket that never opens holds it) audited with axe. Not in WebKitGTK: without
// WebRTC a connect fails at once (web-test-runner.config.mjs); the keys themselves are tested in every
// browser by element-keyboard.test.ts.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';

const settle = async (el: SpatiusAvatarElement) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 20));
  await el.updateComplete;
};
const fakeToken = () => {
  const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${b64({ alg: 'HS256' })}.${b64({ sub: 'viewer', video: { room: 'r', roomJoin: true } })}.sig`;
};

/** A WebSocket that never opens, so a connect stays `connecting` (until the test disconnects). */
class SilentWebSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = 0;
  binaryType = 'arraybuffer';
  onopen: unknown = null;
  onmessage: unknown = null;
  onerror: unknown = null;
  onclose: unknown = null;
  constructor(readonly url: string) {
    super();
  }
  send(): void {}
  close(code = 1000): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code, reason: '', wasClean: true }));
  }
}

describe('<spatius-avatar> connecting, from the keyboard', () => {
  const original = window.WebSocket;
  let holder: HTMLElement;
  let el: SpatiusAvatarElement;
  const errors: ErrorDetail[] = [];
  beforeEach(async () => {
    (window as { WebSocket: unknown }).WebSocket = SilentWebSocket;
    errors.length = 0;
    holder = document.createElement('div');
    // An input after the element too: a Tab out of the document would give keyboard focus to the browser's
    // own UI (Firefox), where later key presses go.
    holder.innerHTML = '<input aria-label="before"><spatius-avatar manual start-button log-level="none"></spatius-avatar><input aria-label="after">';
    document.body.append(holder);
    el = holder.querySelector('spatius-avatar')!;
    el.setAttribute('url', 'wss://example.invalid');
    el.setAttribute('token', fakeToken());
    el.addEventListener('error', (e) => errors.push(e.detail));
    await settle(el);
    holder.querySelector('input')!.focus();
  });
  afterEach(async () => {
    holder.remove();
    await el.disconnect();
    window.WebSocket = original;
  });

  it('Enter on the start button connects, the overlay goes and focus moves to the avatar; Tab then leaves the element', async () => {
    const button = el.shadowRoot!.querySelector<HTMLElement>('[part~=start-button]')!;
    await sendKeys({ press: 'Tab' });
    expect(el.shadowRoot!.activeElement).to.equal(button, 'Tab reaches the button');
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(el.getAttribute('state')).to.equal('connecting');
    expect(button.getBoundingClientRect().width).to.equal(0, 'the start overlay is gone');
    const stage = el.shadowRoot!.querySelector('[part=stage]');
    expect(el.shadowRoot!.activeElement).to.equal(stage, 'focus stays in the element: on the avatar (role img)');
    expect(getComputedStyle(stage!).outlineStyle).to.equal('none', 'the stage is not a control: no ring');
    await sendKeys({ press: 'Tab' });
    expect(document.activeElement?.getAttribute('aria-label')).to.equal('after', 'the stage is not in the tab order: Tab leaves the element');
    expect(errors).to.deep.equal([]);
  });

  it('connecting (held by a WebSocket that never opens): axe finds nothing; the live region says nothing yet', async () => {
    const connecting = el.connect({ url: 'wss://example.invalid', token: fakeToken() }).catch((e: ErrorDetail) => e.code);
    await settle(el);
    expect(el.getAttribute('state')).to.equal('connecting');
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.equal('');
    await expect(el).shadowDom.to.be.accessible();
    expect(el.getAttribute('state')).to.equal('connecting', 'still connecting after the audit');
    await el.disconnect();
    expect(await connecting).to.equal('aborted');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[role=status]')!.textContent).to.equal('AI avatar: disconnected');
  });
});
