// Error codes of docs/errors.md that no other test produces through the element: each checked for its
// code, its `fatal` flag and the state it leaves. missing-token (a connect without a token); mic-denied
// (the element in an iframe whose permission policy refuses the microphone: allow="microphone 'none'");
// insecure-context (the element in a page on a loopback origin the browser does not count as potentially
// trustworthy, so the page is not a secure context: insecureOrigin()). The map of every code to its test:
// docs/errors.md.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { createAvatar } from './element-fixture.js';

interface FrameReport {
  secure: boolean;
  origin: string;
  step: 'connect' | 'microphone';
  code?: string;
  message?: string;
  caught?: { name: string; code: string; fatal: boolean; message: string } | 'published';
  errors: { code: string; fatal: boolean; message: string }[];
  state?: string;
}

/**
 * An http origin on this machine that is not a secure context. Chromium: http://[::ffff:127.0.0.1], an
 * IPv4-mapped IPv6 loopback address it does not count as potentially trustworthy (no flag needed). Firefox
 * ESR: a page there gathers a single ICE candidate (TCP, ::ffff:127.0.0.1; measured) and cannot reach the
 * server, so its element never connects; Firefox gets http://spatius-insecure.test instead, a name its
 * `network.dns.localDomains` pref (test/firefox.mjs) resolves to loopback: not secure, and its ICE gathers
 * as any page's does.
 */
function insecureOrigin(): string {
  return navigator.userAgent.includes('Firefox/')
    ? `http://spatius-insecure.test:${location.port}`
    : `http://[::ffff:127.0.0.1]:${location.port}`;
}

/** Loads test/e2e/fixtures/avatar-frame.html from `origin` into an iframe and has its element connect. */
async function inFrame(origin: string, allow: string | undefined, url: string, token: string): Promise<FrameReport> {
  const frame = document.createElement('iframe');
  if (allow !== undefined) frame.allow = allow;
  const page = new URL('./fixtures/avatar-frame.html', import.meta.url);
  frame.src = new URL(page.pathname, origin).href;
  const next = () => new Promise<unknown>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer from ${frame.src}`)), 45000);
    const onMessage = (e: MessageEvent) => {
      if (e.source !== frame.contentWindow) return;
      clearTimeout(timer);
      removeEventListener('message', onMessage);
      resolve(e.data);
    };
    addEventListener('message', onMessage);
  });
  try {
    const ready = next();
    document.body.append(frame);
    await ready;
    const answer = next();
    frame.contentWindow!.postMessage({ url, token }, '*');
    return (await answer) as FrameReport;
  } finally {
    setTimeout(() => frame.remove(), 2000); // after its disconnect
  }
}

describe('<spatius-avatar> error codes', () => {
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  before(() => addEventListener('unhandledrejection', onRejection));
  after(() => removeEventListener('unhandledrejection', onRejection));

  it('missing-token: connect() without a token fails (fatal, state failed) before any network', async () => {
    const { el, events } = createAvatar({ url: await livekitUrl(), manual: '', 'log-level': 'none' });
    try {
      let caught: { code?: string; fatal?: boolean } | undefined;
      await el.connect().catch((e: { code?: string; fatal?: boolean }) => (caught = e));
      expect(caught?.code).to.equal('missing-token');
      expect(caught?.fatal).to.equal(true);
      expect(el.getConnectionState()).to.equal('failed');
      const errors = events.filter((e) => e.type === 'error').map((e) => [e.detail.code, e.detail.fatal]);
      expect(errors).to.deep.equal([['missing-token', true]]);
      expect(events.some((e) => e.type === 'connected')).to.equal(false);
    } finally {
      el.remove();
    }
  });

  it('room-mismatch: a room attribute that disagrees with the token fails (fatal, state failed) before any network', async () => {
    const room = uniqueRoom('mismatch');
    const { el, events } = createAvatar({ url: await livekitUrl(), token: await mintToken('viewer', room), room: `${room}-other`, 'log-level': 'none' });
    try {
      const error = await waitFor('an error', () => events.find((e) => e.type === 'error'));
      expect([error.detail.code, error.detail.fatal]).to.deep.equal(['room-mismatch', true]);
      expect(el.getConnectionState()).to.equal('failed');
      expect(el.getNativeClient()).to.equal(null);
    } finally {
      el.remove();
    }
  });

  it('mic-denied: in an iframe whose permission policy refuses the microphone, startPublishing() is mic-denied (not fatal) and the call goes on', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('mic-denied');
    const report = await inFrame(location.origin, "microphone 'none'", url, await mintToken('viewer', room));
    expect(report.step, JSON.stringify(report)).to.equal('microphone');
    expect(report.caught).to.deep.include({ name: 'SpatiusAvatarError', code: 'mic-denied', fatal: false });
    expect(report.errors.map((e) => [e.code, e.fatal])).to.deep.equal([['mic-denied', false]]);
    expect(report.state, 'listening goes on').to.equal('connected');
    expect(rejections, String(rejections)).to.deep.equal([]);
  });

  it('insecure-context: in a page on a non-secure http origin, startPublishing() is insecure-context (not fatal) and the call goes on', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('insecure');
    const report = await inFrame(insecureOrigin(), 'microphone *', url, await mintToken('viewer', room));
    expect(report.secure, `${report.origin} is not a secure context`).to.equal(false);
    expect(report.step, JSON.stringify(report)).to.equal('microphone');
    expect(report.caught).to.deep.include({ name: 'SpatiusAvatarError', code: 'insecure-context', fatal: false });
    expect(report.errors.map((e) => [e.code, e.fatal])).to.deep.equal([['insecure-context', false]]);
    expect(report.state).to.equal('connected');
  });
});
