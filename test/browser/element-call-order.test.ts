// Orders of calls and DOM moves a second reader found wrong (each seen failing before its fix), without a
// server: a token source that never answers, a connect whose element leaves in the same task, an element in
// a document that goes away (an iframe removed) or has no window, credentials re-assigned on every failure,
// and the motion worker dying while the call is being made.
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hung = () => new Promise<never>(() => undefined);
const SERVER = 'ws://127.0.0.1:9';

function watch(el: SpatiusAvatarElement) {
  const errors: ErrorDetail[] = [];
  const events: string[] = [];
  el.addEventListener('error', (e) => errors.push(e.detail));
  el.addEventListener('connection-state-changed', (e) => events.push(`state:${e.detail.state}`));
  el.addEventListener('disconnected', (e) => events.push(`disconnected:${e.detail.reason}`));
  return { errors, events };
}

async function manualElement(): Promise<SpatiusAvatarElement> {
  const el = document.createElement('spatius-avatar');
  el.manual = true;
  el.logLevel = 'none';
  document.body.append(el);
  await el.updateComplete;
  return el;
}

/** The page's `error` events from ResizeObserver loops (a stage left observing a document that went away). */
const resizeLoopErrors: string[] = [];
const onWindowError = (e: ErrorEvent) => {
  if (String(e.message).includes('ResizeObserver')) resizeLoopErrors.push(e.message);
};

describe('<spatius-avatar> call orders and DOM moves', () => {
  before(() => addEventListener('error', onWindowError));
  after(() => removeEventListener('error', onWindowError));
  afterEach(() => document.querySelectorAll('spatius-avatar').forEach((el) => el.remove()));

  it('a token source that never answers: disconnect() resolves at once, and a later connect() is carried out', async () => {
    const el = await manualElement();
    const first = el.connect({ url: SERVER, tokenSource: hung }).then(() => 'resolved', (e: ErrorDetail) => e.code);
    await wait(200);
    expect(el.getConnectionState()).to.equal('connecting');
    const down = await Promise.race([el.disconnect().then(() => 'resolved'), wait(3000).then(() => 'pending after 3 s')]);
    expect(down).to.equal('resolved');
    expect(await first).to.equal('aborted');
    expect(el.getConnectionState()).to.equal('disconnected');
    let asked = 0;
    el.connect({ url: SERVER, tokenSource: () => { asked++; return hung(); } }).catch(() => undefined);
    await wait(500);
    expect(asked, 'the next connect asks its source').to.equal(1);
    expect(el.getConnectionState()).to.equal('connecting');
  });

  it('a token source that never answers: another call replaces it at once', async () => {
    const el = await manualElement();
    const first = el.connect({ url: SERVER, tokenSource: hung }).then(() => 'resolved', (e: ErrorDetail) => e.code);
    await wait(200);
    let asked = 0;
    el.connect({ url: 'ws://127.0.0.1:10', tokenSource: () => { asked++; return hung(); } }).catch(() => undefined);
    expect(await first).to.equal('aborted');
    await wait(300);
    expect(asked).to.equal(1);
  });

  it('append, connect(), remove in one task, back the next task: the call goes on (a move), no error', async () => {
    const el = document.createElement('spatius-avatar');
    el.manual = true;
    el.logLevel = 'none';
    const { errors } = watch(el);
    let asked = 0;
    document.body.append(el);
    el.connect({ url: SERVER, tokenSource: () => { asked++; return hung(); } }).catch(() => undefined);
    el.remove();
    await wait(0);
    document.body.append(el);
    await wait(500);
    expect({ state: el.getConnectionState(), errors: errors.map((e) => e.code), asked }).to.deep.equal({ state: 'connecting', errors: [], asked: 1 });
  });

  it('append, connect(), remove in one task, never back: element-removed after the grace, no error, no source asked', async () => {
    const el = document.createElement('spatius-avatar');
    el.manual = true;
    el.logLevel = 'none';
    const { errors, events } = watch(el);
    let asked = 0;
    document.body.append(el);
    const result = el.connect({ url: SERVER, tokenSource: () => { asked++; return hung(); } }).then(() => 'resolved', (e: ErrorDetail) => `${e.code}:${e.fatal}`);
    el.remove();
    expect(await result).to.equal('aborted:false');
    expect(events).to.include('disconnected:element-removed');
    expect(el.getConnectionState()).to.equal('disconnected');
    expect(errors).to.deep.equal([]);
    expect(asked).to.equal(0);
  });

  it('moved into an iframe, then the iframe is removed: the call ends at once, and the stage stops observing', async () => {
    const iframe = document.createElement('iframe');
    document.body.append(iframe);
    await wait(50);
    const idoc = iframe.contentDocument!;
    const el = await manualElement();
    idoc.body.append(idoc.adoptNode(el));
    await wait(50);
    el.connect({ url: SERVER, tokenSource: hung }).catch(() => undefined);
    await wait(200);
    expect(el.getConnectionState()).to.equal('connecting');
    iframe.remove();
    await wait(300);
    expect(el.isConnected, 'still connected to the dead document').to.equal(true);
    // (Chromium delivers no event to an element of a document that went away: the state is what can be read.)
    expect(el.getConnectionState()).to.equal('disconnected');
    expect(el.getNativeClient(), 'no Room').to.equal(null);
    const before = resizeLoopErrors.length;
    await wait(500);
    expect(resizeLoopErrors.length - before, 'no ResizeObserver loop errors on the page').to.equal(0);
    await el.connect({ url: SERVER, tokenSource: hung }).then(() => expect.fail('resolved'), (e: ErrorDetail) => expect(e.code).to.equal('not-in-document'));
  });

  it('moved into a document with no window: the call ends after the grace; connect() there is refused', async () => {
    const el = await manualElement();
    const { events } = watch(el);
    el.connect({ url: SERVER, tokenSource: hung }).catch(() => undefined);
    await wait(200);
    const inert = document.implementation.createHTMLDocument('inert');
    inert.body.append(el);
    await wait(1500);
    expect(el.getConnectionState()).to.equal('disconnected');
    expect(events).to.include('disconnected:element-removed');
    await el.connect({ url: SERVER, tokenSource: hung }).then(() => expect.fail('resolved'), (e: ErrorDetail) => expect(e.code).to.equal('not-in-document'));
    document.body.append(document.adoptNode(el)); // back in the page: it works again
    await el.updateComplete;
    el.connect({ url: SERVER, tokenSource: hung }).catch(() => undefined);
    await wait(200);
    expect(el.getConnectionState()).to.equal('connecting');
  });

  it('new credentials on every failure (a framework re-render): the retries slow down (at most 3 attempts in 2 s)', async () => {
    const el = document.createElement('spatius-avatar');
    el.logLevel = 'none';
    let asked = 0;
    const source = () => () => { asked++; return Promise.reject(new Error('backend down')); };
    el.addEventListener('error', () => { el.tokenSource = source(); });
    el.url = SERVER;
    el.tokenSource = source();
    document.body.append(el);
    await wait(2000);
    el.remove();
    // the first connect, the first retry at once, then 1 s later one more (src/element/auto-retry.ts)
    expect(asked).to.be.within(2, 3);
  });

  it('an explicit connect() starts the count again: after it, new credentials connect at once', async () => {
    const el = document.createElement('spatius-avatar');
    el.logLevel = 'none';
    const asks: number[] = [];
    const failing = () => () => { asks.push(performance.now()); return Promise.reject(new Error('backend down')); };
    el.url = SERVER;
    el.tokenSource = failing();
    document.body.append(el);
    await wait(100);
    el.tokenSource = failing(); // the first retry: at once
    await wait(100);
    expect(asks.length, 'two automatic attempts failed').to.equal(2);
    // the next automatic connect would wait 1 s; an explicit one (which fails too) starts the count again
    await el.connect({ tokenSource: failing() }).catch(() => undefined);
    const before = asks.length;
    const at = performance.now();
    el.tokenSource = failing();
    await wait(300);
    expect(asks.length, 'the automatic connect after connect() came at once').to.equal(before + 1);
    expect(asks.at(-1)! - at).to.be.below(250);
  });

  it('another call while an automatic retry waits: asked at once (the last request wins)', async () => {
    const el = document.createElement('spatius-avatar');
    el.logLevel = 'none';
    const asks: string[] = [];
    const source = (name: string) => (options: { roomName?: string }) => {
      asks.push(`${name}:${options.roomName}`);
      return Promise.reject(new Error('backend down'));
    };
    el.url = SERVER;
    el.room = 'A';
    el.tokenSource = source('first');
    document.body.append(el);
    await wait(100);
    el.tokenSource = source('second'); // fails at once: the next automatic retry waits 1 s
    await wait(100);
    expect(asks).to.deep.equal(['first:A', 'second:A']);
    el.room = 'B';
    await wait(200);
    expect(asks.at(-1), 'room B asked for within 200 ms').to.equal('second:B');
  });

  it('moved while an automatic retry waits: the retry still comes', async () => {
    const el = document.createElement('spatius-avatar');
    el.logLevel = 'none';
    let asked = 0;
    const failing = () => () => { asked++; return Promise.reject(new Error('backend down')); };
    el.url = SERVER;
    el.tokenSource = failing();
    document.body.append(el);
    await wait(100);
    el.tokenSource = failing();
    await wait(100);
    expect(asked).to.equal(2);
    el.tokenSource = failing(); // a retry 1 s from now
    await wait(50);
    const box = document.createElement('div');
    document.body.append(box);
    box.append(el); // a move
    await wait(1500);
    expect(asked, 'the waiting retry was made after the move').to.equal(3);
    box.remove();
  });

  it('disconnect() while a connect waits for the element to come back resolves at once', async () => {
    const el = document.createElement('spatius-avatar');
    el.manual = true;
    el.logLevel = 'none';
    let asked = 0;
    document.body.append(el);
    const result = el.connect({ url: SERVER, tokenSource: () => { asked++; return hung(); } }).then(() => 'resolved', (e: ErrorDetail) => e.code);
    el.remove();
    await wait(50);
    const started = performance.now();
    await el.disconnect();
    expect(performance.now() - started, 'not held until the removal grace ends').to.be.below(500);
    expect(await result).to.equal('aborted');
    document.body.append(el);
    await wait(200);
    expect(asked, 'the abandoned connect never asks its source').to.equal(0);
    expect(el.getConnectionState()).to.equal('disconnected');
  });

  it('the motion worker dies while the call is being made: connect() fails with worker-failed (fatal), state failed', async () => {
    // A worker that never answers the handshake and crashes 300 ms in.
    const url = URL.createObjectURL(new Blob(['setTimeout(() => { throw new Error("boom"); }, 300);'], { type: 'text/javascript' }));
    const el = document.createElement('spatius-avatar');
    el.manual = true;
    el.logLevel = 'none';
    el.setAttribute('worker-url', url);
    const { errors, events } = watch(el);
    document.body.append(el);
    await el.updateComplete;
    const result = el.connect({ url: SERVER, tokenSource: hung }).then(() => 'resolved', (e: ErrorDetail) => `${e.code}:${e.fatal}`);
    expect(await result).to.equal('worker-failed:true');
    expect(el.getConnectionState()).to.equal('failed');
    expect(errors.map((e) => `${e.code}:${e.fatal}`)).to.deep.equal(['worker-failed:false', 'worker-failed:true']);
    expect(events.filter((e) => e.startsWith('disconnected'))).to.deep.equal([]);
    URL.revokeObjectURL(url);
  });
});
