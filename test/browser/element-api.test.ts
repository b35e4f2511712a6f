// The element's surface without a server: read-only state, values set before upgrade, invalid attributes
// reported once with the value really used, method misuse with stable codes, and the token's room as UTF-8.
import { expect } from '@open-wc/testing';
import { SpatiusAvatarElement } from '../../src/index.js';
import type { ErrorDetail } from '../../src/index.js';
import { readToken, validateConfig } from '../../src/room/avatar-room.js';

const make = (attrs: Record<string, string> = {}) => {
  const el = document.createElement('spatius-avatar');
  const errors: ErrorDetail[] = [];
  const states: string[] = [];
  el.addEventListener('error', (e) => errors.push(e.detail));
  el.addEventListener('connection-state-changed', (e) => states.push(e.detail.state));
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return { el, errors, states };
};
const settle = async (el: SpatiusAvatarElement) => {
  await el.updateComplete;
  await new Promise((r) => setTimeout(r, 20));
};
/** A JWT-shaped token whose payload is `payload` (unsigned: only the element's own reading is tested). */
const token = (payload: object) => {
  const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${b64(new TextEncoder().encode('{"alg":"HS256"}'))}.${b64(new TextEncoder().encode(JSON.stringify(payload)))}.sig`;
};

describe('<spatius-avatar> API without a server', () => {
  afterEach(() => document.querySelectorAll('spatius-avatar').forEach((el) => el.remove()));

  it('the state attribute is read-only: a page write is undone and getConnectionState() does not lie', async () => {
    const { el } = make();
    await settle(el);
    expect(el.getAttribute('state')).to.equal('disconnected');
    el.setAttribute('state', 'connected');
    expect(el.getAttribute('state')).to.equal('disconnected');
    expect(el.getConnectionState()).to.equal('disconnected');
    el.removeAttribute('state');
    expect(el.getAttribute('state')).to.equal('disconnected');
  });

  it('state written in saved HTML is replaced by the real state on upgrade', async () => {
    const holder = document.createElement('div');
    holder.innerHTML = '<spatius-avatar state="connected" manual></spatius-avatar>';
    document.body.append(holder);
    const el = holder.firstElementChild as SpatiusAvatarElement;
    await settle(el);
    expect(el.getAttribute('state')).to.equal('disconnected');
    expect(el.isRoomConnected).to.equal(false);
    holder.remove();
  });

  it('playback options set as properties before the element upgrades are honoured', async () => {
    const tag = 'spatius-avatar-late-upgrade';
    const el = document.createElement(tag) as SpatiusAvatarElement;
    el.enableJitterBuffer = false;
    el.maxBufferDelayMs = 120;
    el.renderer = 'none';
    document.body.append(el);
    customElements.define(tag, class extends SpatiusAvatarElement {});
    await settle(el);
    // An own property left on the instance would shadow the element's accessor: the element would never see it.
    for (const key of ['enableJitterBuffer', 'maxBufferDelayMs', 'renderer']) {
      expect(Object.prototype.hasOwnProperty.call(el, key), `${key} still shadows the accessor`).to.equal(false);
    }
    expect(el.enableJitterBuffer).to.equal(false);
    expect(el.maxBufferDelayMs).to.equal(120);
    expect(el.renderer).to.equal('none');
    expect(el.getAttribute('renderer')).to.equal('none', 'reflected');
    el.remove();
  });

  it('jitter-buffer and max-buffer-delay attributes set the typed properties', async () => {
    const { el } = make({ 'jitter-buffer': 'off', 'max-buffer-delay': '150' });
    await settle(el);
    expect(el.enableJitterBuffer).to.equal(false);
    expect(el.maxBufferDelayMs).to.equal(150);
    el.setAttribute('jitter-buffer', 'on');
    expect(el.enableJitterBuffer).to.equal(true);
  });

  it('volume="" is reported and the voice stays at full volume (was silently muted)', async () => {
    const { el, errors } = make({ volume: '' });
    await settle(el);
    const audio = el.shadowRoot!.querySelector('audio')!;
    expect(errors.map((e) => e.code)).to.deep.equal(['invalid-attribute']);
    expect(errors[0]!.fatal).to.equal(false);
    expect(el.volume).to.equal(1);
    expect(audio.volume).to.equal(1);
    expect(audio.muted).to.equal(false);
  });

  it('a negative volume: the report says the default, and the default (1) is what is used', async () => {
    const { el, errors } = make({ volume: '-0.5' });
    await settle(el);
    expect(errors).to.have.length(1);
    expect(errors[0]!.message).to.contain('(1)');
    expect(el.shadowRoot!.querySelector('audio')!.volume).to.equal(1);
  });

  it('an invalid look is reported (not silently replaced); each bad value once, not again at connect', async () => {
    const { el, errors } = make({ look: 'purple', 'stall-timeout': 'soon', manual: '' });
    await settle(el);
    expect(errors.map((e) => e.message.split('=')[0])).to.have.members(['look', 'stall-timeout']);
    expect(el.look).to.equal('aurora');
    expect(el.stallTimeoutMs).to.equal(3000);
    await el.connect({ url: 'nonsense', token: 'x' }).catch(() => undefined);
    await el.connect({ url: 'nonsense', token: 'x' }).catch(() => undefined);
    expect(errors.filter((e) => e.code === 'invalid-attribute')).to.have.length(2, 'reports do not repeat at each connect');
    el.setAttribute('look', 'sol');
    el.setAttribute('look', 'nope');
    await settle(el);
    expect(errors.filter((e) => e.code === 'invalid-attribute')).to.have.length(3, 'a new bad value is a new report');
  });

  it('reconnect() before any connect(): rejects no-previous-connection, not fatal, no event, no state change', async () => {
    const { el, errors, states } = make({ manual: '' });
    await settle(el);
    const error = await el.reconnect().then(() => undefined, (e: ErrorDetail) => e);
    expect(error?.code).to.equal('no-previous-connection');
    expect(error?.fatal).to.equal(false);
    expect(errors).to.deep.equal([]);
    expect(states).to.deep.equal([]);
    expect(el.getConnectionState()).to.equal('disconnected');
  });

  it('connect() before the element is in a document: rejects not-in-document (no TypeError)', async () => {
    const el = document.createElement('spatius-avatar');
    const error = await el.connect({ url: 'ws://127.0.0.1:9', token: 'x' }).then(() => undefined, (e: Error & ErrorDetail) => e);
    expect(error?.name).to.equal('SpatiusAvatarError');
    expect(error?.code).to.equal('not-in-document');
    expect(error?.fatal).to.equal(false);
    expect(el.getConnectionState()).to.equal('disconnected');
  });

  it('methods that need a call reject not-connected before connect(): not fatal, no event, no state change', async () => {
    const { el, errors, states } = make({ manual: '' });
    await settle(el);
    const before = states.length;
    const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: ErrorDetail) => `${e.code} fatal=${e.fatal}`);
    expect(await codeOf(el.startPublishing())).to.equal('not-connected fatal=false');
    const ctx = new AudioContext();
    const track = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    expect(await codeOf(el.publishAudio(track))).to.equal('not-connected fatal=false');
    expect(track.readyState).to.equal('live');
    await ctx.close();
    expect(await codeOf(el.disconnect())).to.equal('resolved', 'disconnect() never rejects');
    await settle(el);
    expect(errors, 'a method misuse rejects only').to.deep.equal([]);
    expect(states.slice(before), 'no state change').to.deep.equal([]);
    expect(el.getConnectionState()).to.equal('disconnected');
  });

  it('no OffscreenCanvas transfer (Safari before 16.4): a non-fatal unsupported-browser, the placeholder, no crash', async () => {
    const proto = HTMLCanvasElement.prototype as { transferControlToOffscreen?: unknown };
    const original = proto.transferControlToOffscreen;
    delete proto.transferControlToOffscreen;
    try {
      const { el, errors } = make({ manual: '' });
      await settle(el);
      expect(errors.map((e) => `${e.code} fatal=${e.fatal}`)).to.deep.equal(['unsupported-browser fatal=false']);
      expect(el.shadowRoot!.querySelector('[part=canvas]')).to.equal(null);
      expect(el.shadowRoot!.querySelector('[part=stage]')!.getBoundingClientRect().width).to.be.greaterThan(0);
      expect(await el.snapshot()).to.equal(null, 'nothing drawn, but the worker answers');
    } finally {
      proto.transferControlToOffscreen = original;
    }
  });

  it('no encoded-frame transform API: connect() fails with a fatal unsupported-browser, state failed', async () => {
    // (a browser without WebRTC has neither already: WebKitGTK here)
    const receiver = ((globalThis as { RTCRtpReceiver?: { prototype: object } }).RTCRtpReceiver?.prototype ?? {}) as { createEncodedStreams?: unknown };
    const streams = receiver.createEncodedStreams;
    const transform = (window as { RTCRtpScriptTransform?: unknown }).RTCRtpScriptTransform;
    delete receiver.createEncodedStreams;
    delete (window as { RTCRtpScriptTransform?: unknown }).RTCRtpScriptTransform;
    try {
      const { el, errors, states } = make({ manual: '' });
      await settle(el);
      const code = await el.connect({ url: 'ws://127.0.0.1:9', token: 'x' }).then(() => 'resolved', (e: ErrorDetail) => e.code);
      expect(code).to.equal('unsupported-browser');
      expect(errors.map((e) => `${e.code} fatal=${e.fatal}`)).to.deep.equal(['unsupported-browser fatal=true']);
      expect(states).to.deep.equal(['connecting', 'failed']);
    } finally {
      receiver.createEncodedStreams = streams;
      (window as { RTCRtpScriptTransform?: unknown }).RTCRtpScriptTransform = transform;
    }
  });

  it('playback options changed while the element is out of the page (a move) apply when it returns', async () => {
    const { el } = make({ manual: '' });
    await settle(el);
    expect(await el.snapshot()).to.be.instanceOf(Blob, 'the default face draws');
    el.remove();
    el.renderer = 'none';
    await el.updateComplete;
    document.body.append(el); // back within the grace period: the same worker
    await settle(el);
    expect(await el.snapshot()).to.equal(null, 'renderer="none" reached the worker');
  });

  it('a worker that cannot start: worker-failed (not fatal); connect() tries a new worker, then fails with it, fatal, state failed', async () => {
    const { el, errors, states } = make({ manual: '', 'worker-url': '/no-such-worker.js' });
    await settle(el);
    await new Promise((r) => setTimeout(r, 500)); // the failed worker script load
    expect(errors.map((e) => `${e.code} fatal=${e.fatal}`)).to.deep.equal(['worker-failed fatal=false']);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const code = await el.connect({ url: 'ws://127.0.0.1:9', token: 'x' }).then(() => 'resolved', (e: ErrorDetail) => `${e.code} fatal=${e.fatal}`);
      expect(code, `connect ${attempt}`).to.equal('worker-failed fatal=true');
    }
    // Each connect started a new worker (its own non-fatal report) and failed on it before any connection.
    expect(errors.map((e) => `${e.code} fatal=${e.fatal}`)).to.deep.equal([
      'worker-failed fatal=false', 'worker-failed fatal=false', 'worker-failed fatal=true', 'worker-failed fatal=false', 'worker-failed fatal=true']);
    expect(states).to.deep.equal(['connecting', 'failed', 'connecting', 'failed']);
  });

  it('the token is read as UTF-8: a room named in another script is not a room-mismatch', () => {
    const room = '会议室-ü-🙂';
    const t = token({ sub: 'viewer', video: { room } });
    expect(readToken(t).room).to.equal(room);
    expect(() => validateConfig({ url: 'wss://example.invalid', token: t, roomName: room })).to.not.throw();
    expect(() => validateConfig({ url: 'wss://example.invalid', token: t, roomName: 'other' })).to.throw(/room-mismatch|differs/);
  });
});
