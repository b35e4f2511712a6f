// The element's buttons from the keyboard, in every browser: reached with Tab, a visible focus ring
// (:focus-visible), Enter and Space activate them. The page's connect() is replaced by a counter here, so no
// call is made (WebKitGTK has no WebRTC); element-connecting-keyboard.test.ts presses Enter on a real connect.
import { expect } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/index.js';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';

const settle = async (el: SpatiusAvatarElement) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 20));
  await el.updateComplete;
};
/** The button has keyboard focus in the element's shadow root and shows a visible focus ring. */
const expectRing = (el: SpatiusAvatarElement, button: HTMLElement) => {
  expect(el.shadowRoot!.activeElement).to.equal(button, 'Tab reaches the button');
  expect(button.matches(':focus-visible')).to.equal(true, ':focus-visible');
  const style = getComputedStyle(button);
  expect(style.outlineStyle).to.equal('solid', 'a visible focus ring');
  expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
};

describe('<spatius-avatar> from the keyboard', () => {
  let holder: HTMLElement;
  let el: SpatiusAvatarElement;
  let connects = 0;
  const errors: ErrorDetail[] = [];
  beforeEach(async () => {
    errors.length = 0;
    connects = 0;
    holder = document.createElement('div');
    // An input after the element too: a Tab out of the document would give keyboard focus to the browser's
    // own UI (Firefox), where later key presses go.
    holder.innerHTML = '<input aria-label="before"><spatius-avatar manual start-button log-level="none"></spatius-avatar><input aria-label="after">';
    document.body.append(holder);
    el = holder.querySelector('spatius-avatar')!;
    el.connect = () => {
      connects++;
      return Promise.resolve();
    };
    el.addEventListener('error', (e) => errors.push(e.detail));
    await settle(el);
    holder.querySelector('input')!.focus();
  });
  afterEach(() => holder.remove());

  it('Tab reaches the start button, which shows a focus ring; Enter calls connect() once', async () => {
    const button = el.shadowRoot!.querySelector<HTMLElement>('[part~=start-button]')!;
    expect(getComputedStyle(button).outlineStyle).to.equal('none', 'no ring before focus');
    await sendKeys({ press: 'Tab' });
    expectRing(el, button);
    await sendKeys({ press: 'Enter' });
    await settle(el);
    expect(connects).to.equal(1);
    expect(errors).to.deep.equal([]);
  });

  it('Space activates the start button too', async () => {
    await sendKeys({ press: 'Tab' });
    await sendKeys({ press: ' ' });
    // The click comes with the key going up (after sendKeys returns, in Firefox).
    for (let i = 0; i < 50 && connects === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(connects).to.equal(1);
  });

  it('the "Tap to hear" button: Tab reaches it with a focus ring, Enter and Space call startAudio()', async () => {
    el.removeAttribute('start-button');
    (el as unknown as { voice: { setPlaybackAllowed(allowed: boolean): void } }).voice.setPlaybackAllowed(false);
    await settle(el);
    let started = 0;
    el.startAudio = () => {
      started++;
      return Promise.resolve();
    };
    const button = el.shadowRoot!.querySelector<HTMLElement>('[part~=audio-button]')!;
    await sendKeys({ press: 'Tab' });
    expectRing(el, button);
    await sendKeys({ press: 'Enter' });
    expect(started).to.equal(1);
    await sendKeys({ press: ' ' });
    for (let i = 0; i < 50 && started === 1; i++) await new Promise((r) => setTimeout(r, 20));
    expect(started, 'Space too').to.equal(2);
  });
});
