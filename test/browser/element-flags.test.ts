// The flag attributes (mic, muted, manual, captions, start-button) read "off" and "false" as off, as the
// README's on/off words say and as a framework writing `false` as text does (Vue's `:start-button="false"`):
// a review found `mic="off"` turned the microphone on (an HTML boolean attribute is on whatever its value).
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';

const FLAGS = { mic: 'mic', muted: 'muted', manual: 'manual', captions: 'captions', 'start-button': 'startButton' } as const;
type Flag = keyof typeof FLAGS;

async function make(attrs: Record<string, string>) {
  const el = document.createElement('spatius-avatar');
  const errors: ErrorDetail[] = [];
  el.addEventListener('error', (e) => errors.push(e.detail));
  if (!('manual' in attrs)) el.setAttribute('manual', ''); // no call in these tests
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.setAttribute('log-level', 'none');
  document.body.append(el);
  await el.updateComplete;
  return { el, errors };
}
const read = (el: SpatiusAvatarElement, flag: Flag) => el[FLAGS[flag]];

describe('<spatius-avatar> flag attributes', () => {
  afterEach(() => document.querySelectorAll('spatius-avatar').forEach((el) => el.remove()));

  for (const flag of Object.keys(FLAGS) as Flag[]) {
    it(`${flag}: "off" and "false" are off, "", "on", "true" and its own name are on, absent is off; nothing reported`, async () => {
      for (const [value, on] of [['off', false], ['false', false], ['OFF', false], ['', true], ['on', true], ['true', true], [flag, true]] as const) {
        const { el, errors } = await make({ [flag]: value });
        expect(read(el, flag), `${flag}="${value}"`).to.equal(on);
        expect(errors, `${flag}="${value}"`).to.deep.equal([]);
        el.remove();
      }
      if (flag === 'manual') return; // make() sets manual itself: absent is the other flags' case
      const { el } = await make({});
      expect(read(el, flag), 'absent').to.equal(false);
    });
  }

  it('another value is reported once (invalid-attribute, not fatal) and means off', async () => {
    const { el, errors } = await make({ mic: 'yes' });
    expect(el.mic).to.equal(false);
    expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal([['invalid-attribute', false]]);
    expect(errors[0]!.message).to.contain('mic="yes"').and.to.contain('using the default (off)');
  });

  it('mic="off" publishes nothing: the element asks for no microphone', async () => {
    let asked = 0;
    const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (c) => { asked++; return original(c); };
    try {
      const { el } = await make({ mic: 'off' });
      expect(el.mic).to.equal(false);
      expect(asked).to.equal(0);
    } finally {
      navigator.mediaDevices.getUserMedia = original;
    }
  });

  it('start-button="false" shows no start button', async () => {
    const { el } = await make({ 'start-button': 'false' });
    const overlay = el.shadowRoot!.querySelector<HTMLElement>('[part~=start-overlay]');
    expect(el.startButton).to.equal(false);
    expect(overlay === null || overlay.hidden, 'no start button').to.equal(true);
  });

  it('set as properties, flags still reflect (mic, muted, manual, captions): present when on, gone when off', async () => {
    const { el } = await make({});
    for (const flag of ['mic', 'muted', 'captions'] as const) {
      el[flag] = true;
      await el.updateComplete;
      expect(el.getAttribute(flag), `${flag} on`).to.equal('');
      el[flag] = false;
      await el.updateComplete;
      expect(el.hasAttribute(flag), `${flag} off`).to.equal(false);
    }
    el.manual = false;
    el.manual = true;
    await el.updateComplete;
    expect(el.getAttribute('manual')).to.equal('');
  });
});
