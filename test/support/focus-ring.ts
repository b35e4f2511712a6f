import { expect } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';

/** The button has keyboard focus in the element's shadow root and shows a visible focus ring. */
export const expectRing = (el: SpatiusAvatarElement, button: HTMLElement) => {
  expect(el.shadowRoot!.activeElement).to.equal(button, 'Tab reaches the button');
  expect(button.matches(':focus-visible')).to.equal(true, ':focus-visible');
  const style = getComputedStyle(button);
  expect(style.outlineStyle).to.equal('solid', 'a visible focus ring');
  expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
};
