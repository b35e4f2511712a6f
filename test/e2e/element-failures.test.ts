// The element when things go wrong: reconnect() after failed and after
// stalled, and no unhandled promise rejection from attribute-driven connects. Module build.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar } from './element-fixture.js';

// these tests fail on purpose: keep livekit-client's console quiet
const create = (attrs: Record<string, string>) => createAvatar({ 'log-level': 'none', ...attrs });

describe('<spatius-avatar> failures', () => {
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  // Firefox reports a refused WebSocket to the automation as a page error (WebDriver BiDi log entry, puppeteer's
  // 'pageerror'), though nothing is thrown in the page: what the product throws would land here.
  const thrown: string[] = [];
  const onError = (e: ErrorEvent) => thrown.push(e.message);
  let cleanup: (() => Promise<void>)[] = [];
  before(() => {
    addEventListener('unhandledrejection', onRejection);
    addEventListener('error', onError);
  });
  after(() => {
    removeEventListener('unhandledrejection', onRejection);
    removeEventListener('error', onError);
  });
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    cleanup = [];
  });

  it('attribute-driven connects that fail give the right error code and leave no unhandled rejection', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('rejections');
    const bad = [
      { attrs: { url: 'nonsense', token: 'x' }, code: 'invalid-url' },
      { attrs: { url, token: await mintToken('viewer', room, { wrongSecret: true }) }, code: 'token-rejected' },
      { attrs: { url: 'ws://127.0.0.1:9', token: await mintToken('viewer', room) }, code: 'connection-failed' }, // nothing listens on port 9
    ];
    const codes: unknown[] = [];
    for (const { attrs } of bad) {
      const { el, events } = create(attrs);
      cleanup.push(async () => el.remove());
      const error = await waitFor('an error', () => events.find((e) => e.type === 'error'), 40000);
      expect(error.detail.fatal, `${attrs.url}: fatal`).to.equal(true);
      expect(el.getConnectionState()).to.equal('failed');
      codes.push(error.detail.code);
    }
    expect(codes, `codes: ${codes.join(', ')}`).to.deep.equal(bad.map((b) => b.code));
    await new Promise((r) => setTimeout(r, 500));
    expect(rejections, String(rejections)).to.deep.equal([]);
    expect(thrown).to.deep.equal([]);
  });

  it('reconnect() after failed uses the last config; connect() with a new token recovers', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('recover');
    const { el, events } = create({ url, token: await mintToken('viewer', room, { wrongSecret: true }), manual: '' });
    cleanup.push(async () => el.remove());
    await el.connect().catch(() => undefined);
    expect(el.getConnectionState()).to.equal('failed');
    let caught: { code?: string } | undefined;
    await el.reconnect().catch((e) => (caught = e));
    expect(caught?.code).to.equal('token-rejected', 'the same (bad) config again');
    await el.connect({ token: await mintToken('viewer', room) });
    expect(el.getConnectionState()).to.equal('connected');
    await el.disconnect();
    await el.reconnect(); // the last config is now the good one
    expect(el.getConnectionState()).to.equal('connected');
    expect(events.filter((e) => e.type === 'connected').length).to.equal(2);
  });

  it('reconnect() after stalled connects again', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('stall-reconnect');
    const pub = await startPublisher(url, room, 'avatar-agent');
    const { el } = create({ url, token: await mintToken('viewer', room), 'stall-timeout': '500' });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    await waitFor('motion', () => (el.stats?.rendered ?? 0) > 0 || el.avatar);
    // The avatar goes quiet with its track still published (an avatar that leaves ends its conversation
    // without a stall: element-faults.test.ts).
    cleanup.push(async () => pub.stop());
    const stalled = oneEvent(el, 'stalled');
    pub.setFramesFlowing(false);
    expect((await stalled).detail.reason).to.equal('no-motion');
    const before = el.getNativeClient();
    await el.reconnect();
    expect(el.getConnectionState()).to.equal('connected');
    expect(el.getNativeClient()).to.not.equal(before);
  });
  // A server that dies mid-call (reconnecting, then disconnected with a reason, no unhandled rejection) is
  // element-faults.test.ts's 'the server stopped for good', which also reconnects once the server is back.
});
