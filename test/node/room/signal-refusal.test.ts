import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isContentBlocked, signalOrigin, watchSignalRefusal } from '../../../src/room/signal-refusal.js';

const ORIGIN = 'ws://127.0.0.1:7880';

/** An `unhandledrejection`-like event with `reason`, cancelable as the browser's is. */
function rejection(reason: unknown): Event {
  return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
}

/** A `securitypolicyviolation`-like event. */
function violation(blockedURI: string, effectiveDirective = 'connect-src'): Event {
  return Object.assign(new Event('securitypolicyviolation'), { blockedURI, effectiveDirective });
}

/** Gecko's exception for a blocked load, as Firefox throws it from `new WebSocket()`. */
const blocked = () => Object.assign(new Error(''), { name: 'NS_ERROR_CONTENT_BLOCKED' });

/** A window stand-in with the page's own rejection listener, registered before the element's. */
function page() {
  const target = new EventTarget();
  const seenByPage: unknown[] = [];
  target.addEventListener('unhandledrejection', (e) => seenByPage.push((e as Event & { reason: unknown }).reason));
  return { target, seenByPage };
}

describe('the signal socket refused by the page CSP (Firefox throws)', () => {
  test("claims Gecko's content-blocked rejection once our origin's violation was seen: not reported, the page never sees it, the connect is told once", () => {
    const { target, seenByPage } = page();
    let refused = 0;
    watchSignalRefusal(ORIGIN, () => refused++, target);
    // The page's listener was registered first; Node's EventTarget has no capture phase, so it runs first here
    // (in a browser the capture listener runs first: test/csp/csp.test.ts). What is checked: cancelled, told.
    target.dispatchEvent(violation(`${ORIGIN}/rtc/v1?access_token=x`));
    const caught = rejection(blocked());
    target.dispatchEvent(caught);
    assert.equal(refused, 1);
    assert.equal(caught.defaultPrevented, true, 'not reported as unhandled');
    const again = rejection(blocked());
    target.dispatchEvent(violation(`${ORIGIN}/rtc/v1`));
    target.dispatchEvent(again);
    assert.equal(refused, 1, 'one claim, then it stops by itself');
    assert.equal(again.defaultPrevented, false);
    assert.equal(seenByPage.length, 2);
  });

  test('leaves alone: other rejections, a block with no violation seen, violations of another origin or directive; nothing after stop', () => {
    const target = new EventTarget();
    let refused = 0;
    const stop = watchSignalRefusal(ORIGIN, () => refused++, target);
    const cases = [
      () => rejection(new TypeError('a page bug')),
      () => rejection(blocked()), // no violation of our origin yet: another element's, or the page's own
    ];
    for (const make of cases) {
      const e = make();
      target.dispatchEvent(e);
      assert.equal(e.defaultPrevented, false);
    }
    for (const v of [violation('ws://127.0.0.1:78800/rtc'), violation('ws://other.example/rtc'), violation(`${ORIGIN}/rtc`, 'script-src')]) {
      target.dispatchEvent(v);
      const e = rejection(blocked());
      target.dispatchEvent(e);
      assert.equal(e.defaultPrevented, false, (v as Event & { blockedURI: string }).blockedURI);
    }
    // Ours, then the page's own socket to another origin refused: that rejection is the page's.
    target.dispatchEvent(violation(`${ORIGIN}/rtc`));
    target.dispatchEvent(violation('ws://page.example/socket'));
    const pages = rejection(blocked());
    target.dispatchEvent(pages);
    assert.equal(pages.defaultPrevented, false, 'the last connect-src violation decides');
    assert.equal(refused, 0);
    stop();
    target.dispatchEvent(violation(ORIGIN));
    const after = rejection(blocked());
    target.dispatchEvent(after);
    assert.equal(refused, 0, 'stopped: nothing claimed after the connect');
    assert.equal(after.defaultPrevented, false);
  });

  test('isContentBlocked reads the exception name only; signalOrigin names what connect-src must allow', () => {
    assert.equal(isContentBlocked(blocked()), true);
    for (const other of [undefined, null, 'NS_ERROR_CONTENT_BLOCKED', new Error('NS_ERROR_CONTENT_BLOCKED'), { name: 'SecurityError' }]) {
      assert.equal(isContentBlocked(other), false, String(other));
    }
    assert.equal(signalOrigin('https://lk.example.com:7443/path?x=1'), 'wss://lk.example.com:7443');
    assert.equal(signalOrigin('https://lk.example.com'), 'wss://lk.example.com');
    assert.equal(signalOrigin('ws://127.0.0.1:7880'), 'ws://127.0.0.1:7880');
    assert.equal(signalOrigin('not a url'), 'not a url');
  });

  test('without an event target (a server): nothing is watched', () => {
    const stop = watchSignalRefusal(ORIGIN, () => assert.fail('never'), {});
    stop();
  });
});
