// The element's wait before an automatic connect after automatic connects that failed in a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTO_RETRY_FIRST_MS, AUTO_RETRY_MAX_MS, AutoRetry, autoRetryDelayMs } from '../../../src/element/auto-retry.js';

test('no wait before the first connect and the first retry', () => {
  assert.equal(autoRetryDelayMs(0), 0);
  assert.equal(autoRetryDelayMs(1), 0);
});

test('then the wait doubles from the first step up to the ceiling, and stays there', () => {
  const waits = [2, 3, 4, 5, 6, 7, 8, 20, 100].map(autoRetryDelayMs);
  assert.equal(waits[0], AUTO_RETRY_FIRST_MS);
  for (let i = 1; i < waits.length; i++) assert.ok(waits[i]! >= waits[i - 1]!, `never shorter: ${waits}`);
  assert.equal(waits[1], 2 * AUTO_RETRY_FIRST_MS);
  assert.equal(waits.at(-1), AUTO_RETRY_MAX_MS);
  assert.ok(waits.every((w) => w <= AUTO_RETRY_MAX_MS));
});

test('a storm of failures makes at most a handful of attempts a minute once the ceiling is reached', () => {
  let t = 0;
  let attempts = 0;
  for (let failures = 0; t < 10 * 60_000; failures++) {
    t += autoRetryDelayMs(failures);
    attempts++;
  }
  // 10 minutes: the first few quickly, then one every 30 s
  assert.ok(attempts < 30, `${attempts} attempts in 10 minutes`);
});

/** Timers that fire only when the test says. */
function testTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  return {
    pending,
    timers: {
      setTimeout: (callback: () => void, ms: number) => { pending.set(next, { callback, ms }); return next++; },
      clearTimeout: (handle: unknown) => void pending.delete(handle as number),
    },
    fire: () => { for (const [id, t] of [...pending]) { pending.delete(id); t.callback(); } },
  };
}

test('AutoRetry: at once until two failures in a row, then one waiting attempt, still wanted when it fires', () => {
  const { timers, pending, fire } = testTimers();
  const retry = new AutoRetry(timers);
  let attempts = 0;
  const attempt = () => void attempts++;
  retry.schedule(attempt, () => true);
  retry.settled(true);
  retry.schedule(attempt, () => true);
  assert.equal(attempts, 2, 'the first connect and the first retry at once');
  retry.settled(true);
  retry.schedule(attempt, () => true);
  retry.schedule(attempt, () => true); // replaces the waiting one
  assert.equal(attempts, 2);
  assert.equal(pending.size, 1, 'one attempt waits');
  assert.equal([...pending.values()][0]!.ms, AUTO_RETRY_FIRST_MS);
  fire();
  assert.equal(attempts, 3);
  retry.settled(false); // a success: at once again
  retry.schedule(attempt, () => true);
  assert.equal(attempts, 4);
});

test('AutoRetry: a waiting attempt no longer wanted is dropped; reset() and cancel() leave nothing waiting', () => {
  const { timers, pending, fire } = testTimers();
  const retry = new AutoRetry(timers);
  let attempts = 0;
  retry.settled(true);
  retry.settled(true);
  retry.schedule(() => void attempts++, () => false);
  fire();
  assert.equal(attempts, 0, 'not wanted any more when its turn came');
  retry.schedule(() => void attempts++, () => true);
  retry.cancel();
  assert.equal(pending.size, 0);
  retry.schedule(() => void attempts++, () => true);
  retry.reset();
  assert.equal(pending.size, 0);
  retry.schedule(() => void attempts++, () => true);
  assert.equal(attempts, 1, 'after reset(): at once');
});
