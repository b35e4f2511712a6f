// The token fetching code as a lazy chunk (src/room/lazy-token-source.ts, issue 14): loaded on the first
// fetch only, once; a chunk that cannot be loaded fails that fetch with token-fetch-failed and is tried again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import { lazySource } from '../../../src/room/lazy-token-source.js';
import * as tokenSource from '../../../src/room/token-source.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDAsInN1YiI6InZpZXdlciJ9.c2ln';
const signal = new AbortController().signal;

describe('lazySource: the token code is loaded on the first fetch', () => {
  test('nothing is loaded before a fetch; then once, for every fetch; the answer is the source\'s', async () => {
    let loads = 0;
    const source = lazySource(
      (m) => m.customSource(() => ({ serverUrl: 'ws://lk', participantToken: JWT })),
      async () => { loads += 1; return tokenSource; },
    );
    assert.equal(loads, 0);
    assert.deepEqual(await source.fetch({ roomName: 'r' }, signal), { serverUrl: 'ws://lk', participantToken: JWT });
    assert.deepEqual(await source.fetch({ roomName: 'r' }, signal), { serverUrl: 'ws://lk', participantToken: JWT });
    assert.equal(loads, 1);
  });

  test('the real chunk: the default loader imports src/room/token-source.ts; its errors keep their codes', async () => {
    const source = lazySource((m) => m.customSource(() => ({ serverUrl: 'ws://lk', participantToken: '' })));
    await assert.rejects(source.fetch({}, signal), (e: unknown) => e instanceof SpatiusAvatarError && e.code === 'token-response-invalid');
  });

  test('a chunk that cannot be loaded: token-fetch-failed (fatal), and the next fetch loads again', async () => {
    let loads = 0;
    const source = lazySource(
      (m) => m.customSource(() => ({ serverUrl: 'ws://lk', participantToken: JWT })),
      async () => {
        loads += 1;
        if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
        return tokenSource;
      },
    );
    await assert.rejects(source.fetch({}, signal), (e: unknown) =>
      e instanceof SpatiusAvatarError && e.code === 'token-fetch-failed' && e.fatal && /could not be loaded \(Failed to fetch/.test(e.message));
    assert.equal((await source.fetch({}, signal)).participantToken, JWT);
    assert.equal(loads, 2);
  });
});
