// The element's wait before an automatic connect after automatic connects that failed in a row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUTO_RETRY_FIRST_MS, AUTO_RETRY_MAX_MS, autoRetryDelayMs } from '../../../src/element/auto-retry.js';

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
