// The token endpoint's request and answer against livekit-client 2.23's own TokenSource.endpoint (the same
// local HTTP server answers both), the answer's checks and codes, and the retry-once policy.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenSource } from 'livekit-client';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import {
  customSource, describeEndpoint, endpointRequestBody, endpointSource, parseEndpointAnswer, readTokenResponse, retriesOnce,
} from '../../../src/room/token-source.js';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJleHAiOjQxMDI0NDQ4MDAsInN1YiI6InZpZXdlciJ9.c2ln';

/** One local endpoint: records each request; answers with the next queued (status, body), else a good answer. */
const seen: { method: string; type: string; body: string }[] = [];
const queue: { status: number; body: string }[] = [];
let base = '';
const server = createServer(async (req, res) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  seen.push({ method: req.method ?? '', type: String(req.headers['content-type']), body });
  const next = queue.shift() ?? { status: 200, body: JSON.stringify({ server_url: 'ws://lk', participant_token: JWT }) };
  res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
});
before(() => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => {
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?key=secret`;
  r();
})));
after(() => new Promise<void>((r) => server.close(() => r())));

const signal = new AbortController().signal;
const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: SpatiusAvatarError) => e.code);

describe('token endpoint: the same request and answer as livekit-client', () => {
  for (const request of [{ roomName: 'room-1', participantName: 'Ann' }, { roomName: 'room-1' }, {}]) {
    test(`request ${JSON.stringify(request)}: the same method, content type and body as TokenSource.endpoint`, async () => {
      seen.length = 0;
      const theirs = await TokenSource.endpoint(base).fetch(request, true);
      const ours = await endpointSource(base).fetch(request, signal);
      assert.equal(seen.length, 2);
      assert.deepEqual(seen[1], seen[0]);
      assert.deepEqual(JSON.parse(seen[1]!.body), JSON.parse(endpointRequestBody(request)));
      assert.deepEqual(ours, theirs);
      assert.deepEqual(ours, { serverUrl: 'ws://lk', participantToken: JWT });
    });
  }

  for (const answer of [
    { server_url: 'ws://a', participant_token: JWT },
    { serverUrl: 'ws://b', participantToken: JWT },
    { server_url: 'ws://c', participant_token: JWT, participant_name: 'x', room_name: 'r' },
  ]) {
    test(`answer ${Object.keys(answer).join(', ')}: read as livekit-client reads it`, async () => {
      queue.push({ status: 201, body: JSON.stringify(answer) }, { status: 201, body: JSON.stringify(answer) });
      const theirs = await TokenSource.endpoint(base).fetch({}, true);
      const ours = await endpointSource(base).fetch({}, signal);
      assert.deepEqual(ours, theirs);
    });
  }
});

describe('token endpoint failures: stable codes, no token and no body in the message', () => {
  const cases: [string, { status: number; body: string }, string][] = [
    ['HTTP 500', { status: 500, body: `boom ${JWT}` }, 'token-fetch-failed'],
    ['HTTP 401', { status: 401, body: 'no' }, 'token-fetch-failed'],
    ['not JSON', { status: 200, body: '<html>' }, 'token-response-invalid'],
    ['no participant_token', { status: 200, body: JSON.stringify({ server_url: 'ws://x' }) }, 'token-response-invalid'],
    ['an empty participant_token', { status: 200, body: JSON.stringify({ server_url: 'ws://x', participant_token: '' }) }, 'token-response-invalid'],
    ['a number for a token', { status: 200, body: JSON.stringify({ participant_token: 5 }) }, 'token-response-invalid'],
    ['server_url not a string', { status: 200, body: JSON.stringify({ server_url: 1, participant_token: JWT }) }, 'token-response-invalid'],
    ['null', { status: 200, body: 'null' }, 'token-response-invalid'],
    ['an array', { status: 200, body: '[]' }, 'token-response-invalid'],
  ];
  for (const [name, answer, code] of cases) {
    test(`${name}: ${code}, fatal`, async () => {
      queue.push(answer);
      const err = await endpointSource(base).fetch({}, signal).then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof SpatiusAvatarError);
      assert.equal(err.code, code);
      assert.equal(err.fatal, true);
      assert.ok(!err.message.includes(JWT) && !err.message.includes('boom'), err.message);
      assert.ok(!err.message.includes('secret'), 'the query is left out of the message');
    });
  }

  test('nothing listens: token-fetch-failed', async () => {
    assert.equal(await codeOf(endpointSource('http://127.0.0.1:9/token').fetch({}, signal)), 'token-fetch-failed');
  });

  test('a bad URL: token-fetch-failed', async () => {
    assert.equal(await codeOf(endpointSource('http://[nope/token').fetch({}, signal)), 'token-fetch-failed');
  });

  test('aborted (the connect was abandoned): aborted, not fatal', async () => {
    const abort = new AbortController();
    abort.abort();
    const err = await endpointSource(base).fetch({}, abort.signal).then(() => undefined, (e: SpatiusAvatarError) => e);
    assert.equal(err?.code, 'aborted');
    assert.equal(err?.fatal, false);
  });

  test('describeEndpoint keeps origin and path only', () => {
    assert.equal(describeEndpoint('https://x.example/api/token?sandbox=k#f'), 'the token endpoint https://x.example/api/token');
  });
});

describe('tokenSource: a livekit-client TokenSource or a function', () => {
  test('a function gets the request (as TokenSource.custom would) and is called at every fetch', async () => {
    const calls: unknown[] = [];
    const source = customSource((options) => {
      calls.push(options);
      return Promise.resolve({ serverUrl: 'ws://f', participantToken: `${JWT}${calls.length}` });
    });
    const a = await source.fetch({ roomName: 'r', participantName: 'p' }, signal);
    const b = await source.fetch({ roomName: 'r', participantName: 'p' }, signal);
    assert.deepEqual(calls, [{ roomName: 'r', participantName: 'p' }, { roomName: 'r', participantName: 'p' }]);
    assert.notEqual(a.participantToken, b.participantToken);
  });

  test('TokenSource.custom: its cache is skipped (force), a fresh token each time', async () => {
    let n = 0;
    const source = customSource(TokenSource.custom(() => ({ serverUrl: 'ws://c', participantToken: `${JWT}${++n}` })));
    await source.fetch({ roomName: 'r' }, signal);
    await source.fetch({ roomName: 'r' }, signal);
    assert.equal(n, 2);
  });

  test('TokenSource.literal and TokenSource.endpoint', async () => {
    assert.deepEqual(await customSource(TokenSource.literal({ serverUrl: 'ws://l', participantToken: JWT })).fetch({}, signal), { serverUrl: 'ws://l', participantToken: JWT });
    seen.length = 0;
    assert.equal((await customSource(TokenSource.endpoint(base)).fetch({ roomName: 'q' }, signal)).participantToken, JWT);
    assert.deepEqual(JSON.parse(seen[0]!.body), { room_name: 'q' });
  });

  test('a function that throws (a token in its message): token-fetch-failed, the token redacted', async () => {
    const source = customSource(() => Promise.reject(new Error(`backend said ${JWT}`)));
    const err = await source.fetch({}, signal).then(() => undefined, (e: SpatiusAvatarError) => e);
    assert.equal(err?.code, 'token-fetch-failed');
    assert.ok(!err.message.includes(JWT) && err.message.includes('<token>'), err.message);
  });

  test('a TokenSource.endpoint answering 500 with a token in its body: token-fetch-failed, the token redacted', async () => {
    queue.push({ status: 500, body: `bad ${JWT}` });
    const err = await customSource(TokenSource.endpoint(base)).fetch({}, signal).then(() => undefined, (e: SpatiusAvatarError) => e);
    assert.equal(err?.code, 'token-fetch-failed');
    assert.ok(!err.message.includes(JWT), err.message);
  });

  test('a function answering without a token: token-response-invalid', async () => {
    const source = customSource(() => ({ serverUrl: 'ws://x' }) as never);
    assert.equal(await codeOf(source.fetch({}, signal)), 'token-response-invalid');
  });
});

describe('answers and the retry policy', () => {
  test('readTokenResponse: a missing server_url is empty (the url attribute is used)', () => {
    assert.deepEqual(readTokenResponse({ participant_token: JWT }, 'x'), { serverUrl: '', participantToken: JWT });
    assert.deepEqual(parseEndpointAnswer(JSON.stringify({ participantToken: JWT, serverUrl: 'ws://s' }), 'x'), { serverUrl: 'ws://s', participantToken: JWT });
  });

  test('retriesOnce: a refused token from a source, once; never a static token or another code', () => {
    const rejected = new SpatiusAvatarError('token-rejected', 'x');
    assert.equal(retriesOnce(rejected, true, false), true);
    assert.equal(retriesOnce(rejected, true, true), false);
    assert.equal(retriesOnce(rejected, false, false), false);
    for (const code of ['connection-failed', 'room-mismatch', 'token-fetch-failed', 'token-response-invalid', 'invalid-url'] as const) {
      assert.equal(retriesOnce(new SpatiusAvatarError(code, 'x'), true, false), false, code);
    }
  });
});
