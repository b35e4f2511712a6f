// fetchCredentials: a token source is never waited on longer than the session lives or the fetch deadline
// allows (a source that never answers held the element's call machine for good), with a test clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import { fetchCredentials } from '../../../src/room/token-source.js';
import type { CredentialSource, Timers, TokenResponse } from '../../../src/room/token-source.js';

const ANSWER: TokenResponse = { serverUrl: 'ws://lk', participantToken: 'token' };

/** Timers that fire only when the test says. */
function testTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (callback, ms) => { pending.set(next, { callback, ms }); return next++; },
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const fireAll = () => { for (const [id, t] of [...pending]) { pending.delete(id); t.callback(); } };
  return { timers, pending, fireAll };
}

/** A source whose answer the test controls; records the signal it was given. */
function controlledSource() {
  const calls: AbortSignal[] = [];
  let resolve!: (a: TokenResponse) => void;
  let reject!: (e: unknown) => void;
  const source: CredentialSource = {
    fetch: (_request, signal) => { calls.push(signal); return new Promise((res, rej) => { resolve = res; reject = rej; }); },
  };
  return { source, calls, answer: (a: TokenResponse) => resolve(a), fail: (e: unknown) => reject(e) };
}

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: SpatiusAvatarError) => `${e.code}:${e.fatal}`);

test('an answer in time resolves, and the deadline timer is cleared', async () => {
  const { timers, pending } = testTimers();
  const s = controlledSource();
  const got = fetchCredentials(s.source, {}, new AbortController().signal, 1000, timers);
  assert.equal(pending.size, 1);
  assert.equal([...pending.values()][0]!.ms, 1000);
  s.answer(ANSWER);
  assert.deepEqual(await got, ANSWER);
  assert.equal(pending.size, 0);
  assert.equal(s.calls[0]!.aborted, false);
});

test('a source that never answers fails with token-fetch-failed (fatal) at the deadline, and its own signal aborts', async () => {
  const { timers, fireAll } = testTimers();
  const s = controlledSource();
  const got = codeOf(fetchCredentials(s.source, {}, new AbortController().signal, 15000, timers));
  fireAll();
  assert.equal(await got, 'token-fetch-failed:true');
  assert.equal(s.calls[0]!.aborted, true, 'an endpoint request is cancelled');
  s.answer(ANSWER); // late: dropped, nothing thrown
});

test('the session closing (its signal aborts) rejects at once with aborted (not fatal), even if the source never settles', async () => {
  const { timers, pending } = testTimers();
  const s = controlledSource();
  const session = new AbortController();
  const got = codeOf(fetchCredentials(s.source, {}, session.signal, 15000, timers));
  session.abort();
  assert.equal(await got, 'aborted:false');
  assert.equal(pending.size, 0, 'no deadline timer left');
  assert.equal(s.calls[0]!.aborted, true);
});

test('an already aborted signal never asks the source', async () => {
  const s = controlledSource();
  const session = new AbortController();
  session.abort();
  assert.equal(await codeOf(fetchCredentials(s.source, {}, session.signal)), 'aborted:false');
  assert.equal(s.calls.length, 0);
});

test("the source's own errors pass through; anything else becomes token-fetch-failed", async () => {
  const { timers } = testTimers();
  const a = controlledSource();
  const got = codeOf(fetchCredentials(a.source, {}, new AbortController().signal, 1000, timers));
  a.fail(new SpatiusAvatarError('token-response-invalid', 'no token'));
  assert.equal(await got, 'token-response-invalid:true');
  const b = controlledSource();
  const other = codeOf(fetchCredentials(b.source, {}, new AbortController().signal, 1000, timers));
  b.fail('boom');
  assert.equal(await other, 'token-fetch-failed:true');
});
