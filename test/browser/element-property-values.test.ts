// Values set as properties get the attributes' rules: a value outside its rule is reported once (the non-fatal
// `invalid-attribute`, naming the property and the value) and the default is used and read back. A review
// found `stallTimeoutMs = 0` reached the worker (the engine then stalled after every packet) and
// `renderer = 'bogus'` made the worker refuse the whole `configure` message.
import { expect } from '@open-wc/testing';
import { SpatiusAvatarElement } from '../../src/index.js';
import type { ErrorDetail } from '../../src/index.js';

type Validated = 'enableJitterBuffer' | 'maxBufferDelayMs' | 'stallTimeoutMs' | 'renderer' | 'look' | 'logLevel' | 'volume' | 'agentTimeoutMs';
const DEFAULTS: Record<Validated, unknown> = {
  enableJitterBuffer: true,
  maxBufferDelayMs: 80,
  stallTimeoutMs: 3000,
  renderer: 'default',
  look: 'aurora',
  logLevel: 'warning',
  volume: 1,
  agentTimeoutMs: 20000,
};
/** Values outside each property's rule: out of range, unknown, not finite, of another type. */
const BAD: Record<Validated, unknown[]> = {
  enableJitterBuffer: ['maybe', 1, {}],
  maxBufferDelayMs: [5000, -1, NaN, Infinity, 'abc', '', true],
  stallTimeoutMs: [0, 99, 600001, '50', NaN, -Infinity],
  renderer: ['bogus', 42, ''],
  look: ['purple', 'Aurora', false],
  logLevel: ['debug', 0],
  volume: [2, -0.5, NaN, 'loud', []],
  agentTimeoutMs: [-1, 600001, NaN, '-5'],
};

const make = (attrs: Record<string, string> = {}) => {
  const el = document.createElement('spatius-avatar');
  el.manual = true;
  const errors: ErrorDetail[] = [];
  el.addEventListener('error', (e) => errors.push(e.detail));
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return { el, errors };
};
const settle = async (el: SpatiusAvatarElement) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 20));
};
const set = (el: SpatiusAvatarElement, name: Validated, value: unknown) => {
  (el as unknown as Record<string, unknown>)[name] = value;
};
const get = (el: SpatiusAvatarElement, name: Validated) => (el as unknown as Record<string, unknown>)[name];
const show = (value: unknown) =>
  typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : String(value);

interface Configure { playback: { enableJitterBuffer: unknown; maxBufferDelayMs: unknown; stallTimeoutMs: unknown }; renderer: unknown }
/** Every `configure` message the page posts to a motion worker's port while `run` runs. */
const configuresDuring = async (run: () => Promise<void>): Promise<Configure[]> => {
  const sent: Configure[] = [];
  const proto = MessagePort.prototype as unknown as { postMessage: (...args: unknown[]) => void };
  const original = proto.postMessage;
  proto.postMessage = function (this: MessagePort, ...args: unknown[]) {
    const message = args[0] as { kind?: unknown; data?: Configure } | undefined;
    if (message?.kind === 'configure' && message.data) sent.push(structuredClone(message.data));
    original.apply(this, args);
  };
  try {
    await run();
  } finally {
    proto.postMessage = original;
  }
  return sent;
};

describe('<spatius-avatar> values set as properties', () => {
  afterEach(() => document.querySelectorAll('spatius-avatar').forEach((el) => el.remove()));

  it('a value outside its rule: one non-fatal invalid-attribute naming the property and value, and the default read back', async () => {
    for (const [name, values] of Object.entries(BAD) as [Validated, unknown[]][]) {
      for (const value of values) {
        const { el, errors } = make();
        await settle(el);
        set(el, name, value);
        expect(get(el, name), `${name} = ${show(value)} reads back the default at once`).to.deep.equal(DEFAULTS[name]);
        await settle(el);
        const what = `${name} = ${show(value)}`;
        expect(errors.map((e) => `${e.code} fatal=${e.fatal}`), what).to.deep.equal(['invalid-attribute fatal=false']);
        expect(errors[0]!.message, what).to.match(new RegExp(`^${name} = .* is not .*; using the default \\(${String(DEFAULTS[name])}\\)$`));
        expect(errors[0]!.message, what).to.contain(`${name} = ${show(value)} is not`);
        expect(get(el, name), what).to.deep.equal(DEFAULTS[name]);
        el.remove();
      }
    }
  });

  it("the reviewer's case, word for word: stallTimeoutMs = 0", async () => {
    const { el, errors } = make();
    await settle(el);
    el.stallTimeoutMs = 0;
    await settle(el);
    expect(errors.map((e) => e.message)).to.deep.equal(['stallTimeoutMs = 0 is not a number of ms from 100 to 600000; using the default (3000)']);
  });

  it('no out-of-range or unknown value reaches the worker; the valid options of the same update still do', async () => {
    const { el, errors } = make();
    await settle(el);
    expect(await el.snapshot()).to.be.instanceOf(Blob, 'the default face draws');
    const sent = await configuresDuring(async () => {
      el.stallTimeoutMs = 0;
      el.maxBufferDelayMs = 5000;
      el.agentTimeoutMs = -1;
      el.enableJitterBuffer = false; // valid, in the same update as the bad ones
      el.renderer = 'none';
      await settle(el);
      expect(await el.snapshot()).to.equal(null, 'the worker took the message: renderer "none" reached it');
      (el as unknown as { renderer: string }).renderer = 'bogus';
      await settle(el);
    });
    expect(sent.length).to.be.greaterThan(0);
    for (const data of sent) {
      const { enableJitterBuffer, maxBufferDelayMs, stallTimeoutMs } = data.playback;
      expect(typeof enableJitterBuffer).to.equal('boolean');
      expect(maxBufferDelayMs).to.be.a('number').within(0, 1000);
      expect(stallTimeoutMs).to.be.a('number').within(100, 600000);
      expect(data.renderer).to.be.oneOf(['default', 'none']);
    }
    expect(sent[0]).to.deep.equal({ playback: { enableJitterBuffer: false, maxBufferDelayMs: 80, stallTimeoutMs: 3000 }, renderer: 'none' });
    expect(sent.at(-1)).to.deep.equal({ playback: { enableJitterBuffer: false, maxBufferDelayMs: 80, stallTimeoutMs: 3000 }, renderer: 'default' });
    expect(errors.map((e) => e.message.split(' = ')[0]).sort()).to.deep.equal(['agentTimeoutMs', 'maxBufferDelayMs', 'renderer', 'stallTimeoutMs']);
    expect(el.agentTimeoutMs).to.equal(20000);
  });

  it('valid values still work: numbers, strings as the attribute reads them, booleans; null and undefined mean the default', async () => {
    const { el, errors } = make();
    await settle(el);
    el.volume = 0.5;
    el.maxBufferDelayMs = 0;
    el.stallTimeoutMs = 600000;
    el.agentTimeoutMs = 0;
    el.look = 'sol';
    el.logLevel = 'error';
    await settle(el);
    expect(el.shadowRoot!.querySelector('audio')!.volume).to.equal(0.5);
    expect([el.maxBufferDelayMs, el.stallTimeoutMs, el.agentTimeoutMs, el.look, el.logLevel]).to.deep.equal([0, 600000, 0, 'sol', 'error']);
    // What a framework passes from a template attribute (React 19 and Vue set custom elements' properties).
    set(el, 'maxBufferDelayMs', '50');
    set(el, 'volume', ' 0.25 ');
    set(el, 'enableJitterBuffer', 'off');
    set(el, 'renderer', 'none');
    await settle(el);
    expect(el.maxBufferDelayMs).to.equal(50);
    expect(el.volume).to.equal(0.25);
    expect(el.enableJitterBuffer).to.equal(false);
    expect(el.renderer).to.equal('none');
    expect(el.getAttribute('renderer')).to.equal('none', 'reflected');
    set(el, 'maxBufferDelayMs', null);
    set(el, 'volume', undefined);
    set(el, 'enableJitterBuffer', null);
    set(el, 'renderer', undefined);
    await settle(el);
    expect([el.maxBufferDelayMs, el.volume, el.enableJitterBuffer, el.renderer]).to.deep.equal([80, 1, true, 'default']);
    expect(errors).to.deep.equal([]);
  });

  it('a bad attribute is still reported once (not again by the property it sets), and a bad renderer property never reflects', async () => {
    const { el, errors } = make({ renderer: 'bogus', 'max-buffer-delay': '5000', 'jitter-buffer': 'maybe' });
    await settle(el);
    expect(errors.map((e) => e.message.split(/[=;]/)[0]).sort()).to.deep.equal(['jitter-buffer', 'max-buffer-delay', 'renderer']);
    expect([el.renderer, el.maxBufferDelayMs, el.enableJitterBuffer]).to.deep.equal(['default', 80, true]);
    errors.length = 0;
    el.renderer = 'none';
    await settle(el);
    expect(el.getAttribute('renderer')).to.equal('none');
    (el as unknown as { renderer: string }).renderer = 'bogus';
    await settle(el);
    expect(el.getAttribute('renderer')).to.equal('default', 'the default is reflected, not the bad value');
    expect(errors.map((e) => e.message)).to.deep.equal(['renderer = "bogus" is not default, none; using the default (default)']);
  });

  it('a bad value set before the element upgrades is reported once after it, and the default used', async () => {
    const tag = 'spatius-avatar-late-bad-values';
    const el = document.createElement(tag) as SpatiusAvatarElement;
    const errors: ErrorDetail[] = [];
    el.addEventListener('error', (e) => errors.push((e as CustomEvent<ErrorDetail>).detail));
    (el as unknown as Record<string, unknown>).stallTimeoutMs = 0;
    (el as unknown as Record<string, unknown>).maxBufferDelayMs = 120;
    el.setAttribute('manual', '');
    document.body.append(el);
    customElements.define(tag, class extends SpatiusAvatarElement {});
    await settle(el);
    expect(Object.prototype.hasOwnProperty.call(el, 'stallTimeoutMs')).to.equal(false);
    expect(el.stallTimeoutMs).to.equal(3000);
    expect(el.maxBufferDelayMs).to.equal(120);
    expect(errors.map((e) => e.message)).to.deep.equal(['stallTimeoutMs = 0 is not a number of ms from 100 to 600000; using the default (3000)']);
  });
});
