import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isContentBlocked, signalOrigin, watchSignalRefusal } from '../../../src/room/signal-refusal.js';

/** An `unhandledrejection`-like event with `reason`, cancelable as the browser's is. */
function rejection(reason: unknown): Event {
  return Object.assign(new Event('unhandledrejection', { cancelable: true }), { reason });
}

/** Gecko's exception for a blocked load, as Firefox throws it from `new WebSocket()`. */
const blocked = Object.assign(new Error(''), { name: 'NS_ERROR_CONTENT_BLOCKED' });

describe('the signal socket refused by the page CSP (Firefox throws)', () => {
  test("catches only Gecko's content-blocked rejection: not reported, later listeners not called, the connect told", () => {
    const target = new EventTarget();
    let refused = 0;
    const stop = watchSignalRefusal(() => refused++, target);
    const seenByPage: unknown[] = [];
    target.addEventListener('unhandledrejection', (e) => seenByPage.push((e as Event & { reason: unknown }).reason));
    const caught = rejection(blocked);
    target.dispatchEvent(caught);
    assert.equal(refused, 1);
    assert.equal(caught.defaultPrevented, true, 'not reported as unhandled');
    assert.deepEqual(seenByPage, [], 'the page never sees it');
    const other = new TypeError('a page bug');
    const passed = rejection(other);
    target.dispatchEvent(passed);
    assert.equal(refused, 1, 'any other rejection is left alone');
    assert.equal(passed.defaultPrevented, false);
    assert.deepEqual(seenByPage, [other]);
    stop();
    const after = rejection(blocked);
    target.dispatchEvent(after);
    assert.equal(refused, 1, 'stopped: nothing caught after the connect');
    assert.equal(after.defaultPrevented, false);
  });

  test('isContentBlocked reads the exception name only; signalOrigin names what connect-src must allow', () => {
    assert.equal(isContentBlocked(blocked), true);
    for (const other of [undefined, null, 'NS_ERROR_CONTENT_BLOCKED', new Error('NS_ERROR_CONTENT_BLOCKED'), { name: 'SecurityError' }]) {
      assert.equal(isContentBlocked(other), false, String(other));
    }
    assert.equal(signalOrigin('https://lk.example.com:7443/path?x=1'), 'wss://lk.example.com:7443');
    assert.equal(signalOrigin('ws://127.0.0.1:7880'), 'ws://127.0.0.1:7880');
    assert.equal(signalOrigin('not a url'), 'not a url');
  });

  test('without an event target (a server): nothing is watched', () => {
    const stop = watchSignalRefusal(() => assert.fail('never'), {});
    stop();
  });
});
