// What a torn-down element holds: nothing. Its worker and canvas go after the grace period, and methods
// called on it afterwards must not bring them back behind the page's back (a review found snapshot() on a
// detached element made a new worker that nothing would ever stop).
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { liveWorkers } from '../support/live-workers.js';


const GRACE_MS = 1000; // src/element/call-controller.ts TEARDOWN_GRACE_MS
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (what: string, probe: () => boolean, ms = 5000) => {
  const end = performance.now() + ms;
  while (!probe()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

/** What a promise rejects with (its code and fatal flag), or 'resolved'. */
const rejectionOf = (p: Promise<unknown>) =>
  p.then(() => 'resolved', (e: { code?: string; fatal?: boolean }) => ({ code: e.code, fatal: e.fatal }));

describe('<spatius-avatar> after its teardown', () => {
  it('snapshot() before the first render (never in a document) rejects not-in-document and starts no worker', async () => {
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const events: string[] = [];
    el.addEventListener('error', (e) => events.push(e.detail.code));
    expect(await rejectionOf(el.snapshot())).to.deep.equal({ code: 'not-in-document', fatal: false });
    await sleep(100);
    expect(liveWorkers.size, 'no worker made for an element never in a document').to.equal(0);
    expect(events, 'a method misuse rejects only').to.deep.equal([]);
  });

  it('snapshot() of a removed, torn-down element rejects not-in-document and starts no worker; back in the page it draws again', async () => {
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    document.body.append(el);
    await el.updateComplete;
    expect(liveWorkers.size, 'one worker from the first render').to.equal(1);
    expect(await el.snapshot()).to.be.instanceOf(Blob);

    el.remove();
    await sleep(GRACE_MS);
    await until('the teardown to stop the worker', () => liveWorkers.size === 0);
    const events: string[] = [];
    el.addEventListener('error', (e) => events.push(e.detail.code));
    expect(await rejectionOf(el.snapshot())).to.deep.equal({ code: 'not-in-document', fatal: false });
    await sleep(100);
    expect(liveWorkers.size, 'no worker made for a detached element').to.equal(0);
    expect(el.shadowRoot!.querySelector('canvas'), 'no canvas either').to.equal(null);
    expect(events, 'a method misuse rejects only').to.deep.equal([]);

    document.body.append(el); // back: the face comes back
    await el.updateComplete;
    expect(liveWorkers.size).to.equal(1);
    expect(await el.snapshot()).to.be.instanceOf(Blob);
    el.remove();
    await sleep(GRACE_MS);
    await until('the second teardown', () => liveWorkers.size === 0);
  });

  it('snapshot() within the grace period (a move in progress) still answers from the live worker', async () => {
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    document.body.append(el);
    await el.updateComplete;
    el.remove();
    expect(await el.snapshot()).to.be.instanceOf(Blob);
    expect(liveWorkers.size).to.equal(1);
    await sleep(GRACE_MS);
    await until('the teardown', () => liveWorkers.size === 0);
  });
});
