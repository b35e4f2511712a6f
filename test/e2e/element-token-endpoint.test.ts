// Credentials fetched at every connect: the `token-endpoint` attribute against a real LiveKit standard token
// endpoint (served by the test server: test/livekit-plugin.mjs, tokens minted with livekit-server-sdk), and
// the `tokenSource` property (a function, livekit-client's TokenSource.endpoint). Module build.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { TokenSource } from 'livekit-client';
import type { TokenFetcher } from '../../src/index.js';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { createAvatar } from './element-fixture.js';
import type { Recorded } from './element-fixture.js';

type Answer = 'expired' | 'wrong-secret' | 'http-500' | 'not-json' | 'no-token' | 'slow';
interface Logged { body: Record<string, string>; answer: string; token?: string }

let endpoints = 0;
/** A token endpoint of its own: `room` when the request names none; `then`: the first answers. */
async function tokenEndpoint(room: string, then: Answer[] = []): Promise<{ path: string; log: () => Promise<Logged[]> }> {
  const id = `${Date.now().toString(36)}-${endpoints++}`;
  const { path } = (await executeServerCommand<{ path: string }, unknown>('livekit-token-endpoint', { id, room, then }))!;
  return { path, log: async () => (await executeServerCommand<Logged[], unknown>('livekit-token-endpoint-log', { id }))! };
}

const create = (attrs: Record<string, string>) => createAvatar({ 'log-level': 'none', ...attrs });
const identities = async (room: string) => (await listParticipants(room)).map((p) => p.identity).sort();
const states = (events: Recorded[]) => events.filter((e) => e.type === 'connection-state-changed').map((e) => e.detail.state);
const errors = (events: Recorded[]) => events.filter((e) => e.type === 'error').map((e) => e.detail as { code: string; fatal: boolean; message: string });

describe('<spatius-avatar> token-endpoint and tokenSource', () => {
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  let cleanup: (() => Promise<void> | void)[] = [];
  before(() => addEventListener('unhandledrejection', onRejection));
  after(() => removeEventListener('unhandledrejection', onRejection));
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
    expect(rejections.map(String), 'no unhandled rejection').to.deep.equal([]);
  });

  it('only token-endpoint (no url, no token, no room): connects to the server and room the answer names', async () => {
    const room = uniqueRoom('endpoint-only');
    const endpoint = await tokenEndpoint(room);
    const { el } = create({ 'token-endpoint': endpoint.path });
    cleanup.push(() => el.remove());
    const connected = await oneEvent(el, 'connected');
    expect(connected.detail.room).to.equal(room);
    expect(el.getNativeClient()?.name).to.equal(room);
    const log = await endpoint.log();
    expect(log.map((l) => l.body), 'LiveKit standard request: nothing to name').to.deep.equal([{}]);
    expect(await identities(room)).to.have.length(1);
  });

  it('room and participant-name go into the request (room_name, participant_name)', async () => {
    const room = uniqueRoom('endpoint-room');
    const endpoint = await tokenEndpoint('not-this-room');
    const { el } = create({ 'token-endpoint': endpoint.path, room, 'participant-name': 'Ann' });
    cleanup.push(() => el.remove());
    expect((await oneEvent(el, 'connected')).detail.room).to.equal(room);
    expect((await endpoint.log()).map((l) => l.body)).to.deep.equal([{ room_name: room, participant_name: 'Ann' }]);
  });

  it('a fresh token for every connect and reconnect: reconnect(), a room change, disconnect() then connect()', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('endpoint-fresh');
    const room2 = uniqueRoom('endpoint-fresh2');
    const endpoint = await tokenEndpoint(room);
    const { el, events } = create({ 'token-endpoint': endpoint.path, url, room });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    const first = await identities(room); // the endpoint gives every token a new identity
    await el.reconnect();
    await waitFor('the old identity gone', async () => (await identities(room)).length === 1 && (await identities(room))[0] !== first[0]);
    el.setAttribute('room', room2); // a new call: rejoin
    await waitFor('connected to the new room', () => el.getNativeClient()?.name === room2 && el.getConnectionState() === 'connected');
    await el.disconnect();
    await el.connect();
    expect(el.getConnectionState()).to.equal('connected');
    const log = await endpoint.log();
    expect(log.map((l) => l.body.room_name)).to.deep.equal([room, room, room2, room2]);
    expect(await identities(room2)).to.have.length(1);
    expect(errors(events)).to.deep.equal([]);
  });

  it('a credentials-only change keeps the call: a new token-endpoint and participant-name are used at the next reconnect()', async () => {
    const room = uniqueRoom('endpoint-swap');
    const a = await tokenEndpoint(room);
    const b = await tokenEndpoint(room);
    const { el } = create({ 'token-endpoint': a.path });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    const native = el.getNativeClient();
    el.setAttribute('token-endpoint', b.path);
    await new Promise((r) => setTimeout(r, 300));
    el.setAttribute('participant-name', 'Cy');
    await new Promise((r) => setTimeout(r, 300));
    expect(el.getNativeClient(), 'the live call goes on').to.equal(native);
    expect(await b.log()).to.have.length(0);
    await el.reconnect();
    expect((await a.log()).length).to.equal(1);
    expect((await b.log()).map((l) => l.body)).to.deep.equal([{ participant_name: 'Cy' }]);
  });

  it('an expired token is fetched again once, then connects: no failed, no error', async () => {
    const room = uniqueRoom('endpoint-expired');
    const endpoint = await tokenEndpoint(room, ['expired']);
    const { el, events } = create({ 'token-endpoint': endpoint.path, room });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    expect((await endpoint.log()).map((l) => l.answer)).to.deep.equal(['expired', 'ok']);
    expect(states(events)).to.deep.equal(['connecting', 'connected']);
    expect(errors(events)).to.deep.equal([]);
  });

  it('refused twice: token-rejected, fatal, after exactly two fetches; no token in the message', async () => {
    const room = uniqueRoom('endpoint-refused');
    const endpoint = await tokenEndpoint(room, ['wrong-secret', 'wrong-secret']);
    const { el, events } = create({ 'token-endpoint': endpoint.path, room, manual: '' });
    cleanup.push(() => el.remove());
    const caught = await el.connect().then(() => undefined, (e: { code: string; message: string }) => e);
    expect(caught?.code).to.equal('token-rejected');
    expect(el.getConnectionState()).to.equal('failed');
    expect((await endpoint.log()).map((l) => l.answer)).to.deep.equal(['wrong-secret', 'wrong-secret']);
    const errs = errors(events);
    expect(errs.map((e) => [e.code, e.fatal])).to.deep.equal([['token-rejected', true]]);
    for (const text of [caught!.message, errs[0]!.message, JSON.stringify(events.map((e) => e.detail))]) expect(text).to.not.match(/eyJ/);
    // reconnect() fetches again (and retries again): the third answer is good
    await el.reconnect();
    expect(el.getConnectionState()).to.equal('connected');
    expect((await endpoint.log()).map((l) => l.answer)).to.deep.equal(['wrong-secret', 'wrong-secret', 'ok']);
  });

  it('fetched tokens (a refused one too) are in no console line at log-level="info", no event detail, no attribute or property', async () => {
    const room = uniqueRoom('endpoint-secret');
    const endpoint = await tokenEndpoint(room, ['wrong-secret']);
    const lines: string[] = [];
    const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
    const originals = methods.map((m) => [m, console[m]] as const);
    for (const [m, original] of originals) {
      console[m] = (...args: unknown[]) => {
        lines.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a) ?? String(a))).join(' '));
        original.apply(console, args);
      };
    }
    cleanup.push(() => originals.forEach(([m, original]) => (console[m] = original)));
    const { el, events } = createAvatar({ 'log-level': 'info', 'token-endpoint': endpoint.path, room });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    await el.reconnect();
    const tokens = (await endpoint.log()).map((l) => l.token!);
    expect(tokens).to.have.length(3);
    expect(lines.length, 'livekit-client logged at info').to.be.greaterThan(0);
    const parts = tokens.flatMap((t) => t.split('.').slice(1));
    const seen = [...lines, el.outerHTML, el.token, JSON.stringify(events.map((e) => e.detail))].join('\n');
    for (const part of parts) expect(seen.includes(part), 'a fetched token leaked').to.equal(false);
  });

  const failures: [string, Answer | 'dead', string][] = [
    ['nothing listens at the endpoint', 'dead', 'token-fetch-failed'],
    ['the endpoint answers HTTP 500', 'http-500', 'token-fetch-failed'],
    ['the answer is not JSON', 'not-json', 'token-response-invalid'],
    ['the answer has no participant_token', 'no-token', 'token-response-invalid'],
  ];
  for (const [what, answer, code] of failures) {
    it(`${what}: ${code}, fatal, state failed, one fetch, no unhandled rejection`, async () => {
      const room = uniqueRoom('endpoint-fails');
      const endpoint = await tokenEndpoint(room, answer === 'dead' ? [] : [answer]);
      const path = answer === 'dead' ? 'http://127.0.0.1:9/token' : endpoint.path;
      const { el, events } = create({ 'token-endpoint': path, room });
      cleanup.push(() => el.remove());
      const error = await waitFor('an error', () => errors(events)[0]);
      expect([error.code, error.fatal]).to.deep.equal([code, true]);
      await waitFor('failed', () => el.getConnectionState() === 'failed');
      expect((await endpoint.log()).length).to.equal(answer === 'dead' ? 0 : 1);
      expect(await identities(room)).to.deep.equal([]);
      expect(error.message).to.not.match(/eyJ|token endpoint down/);
    });
  }

  it('an abandoned connect never uses its late token: the room changes while the first token is fetched', async () => {
    const roomA = uniqueRoom('endpoint-late-a');
    const roomB = uniqueRoom('endpoint-late-b');
    const endpoint = await tokenEndpoint(roomA, ['slow']); // the first answer comes after 1.5 s
    const { el, events } = create({ 'token-endpoint': endpoint.path, room: roomA });
    cleanup.push(() => el.remove());
    await waitFor('the first request', async () => (await endpoint.log()).length === 1);
    el.setAttribute('room', roomB);
    await oneEvent(el, 'connected');
    expect(el.getNativeClient()?.name).to.equal(roomB);
    await new Promise((r) => setTimeout(r, 2500)); // past the slow answer
    expect(await identities(roomA), 'the late token for room A was never used').to.deep.equal([]);
    expect(el.getNativeClient()?.name).to.equal(roomB);
    expect(states(events)).to.deep.equal(['connecting', 'connected']);
    expect(errors(events)).to.deep.equal([]);
  });

  it('token-endpoint takes precedence over token', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('endpoint-precedence');
    const endpoint = await tokenEndpoint(room);
    const { el } = create({ url, token: await mintToken('static-viewer', 'another-room'), 'token-endpoint': endpoint.path });
    cleanup.push(() => el.remove());
    expect((await oneEvent(el, 'connected')).detail.room).to.equal(room);
    expect((await endpoint.log()).length).to.equal(1);
  });

  it('tokenSource: an async function, asked at every connect and reconnect with the room and name', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('source-fn');
    const calls: unknown[] = [];
    const fetcher: TokenFetcher = async (options) => {
      calls.push(options);
      return { serverUrl: url, participantToken: await mintToken(`fn-${calls.length}`, options.roomName ?? '') };
    };
    const { el, events } = create({ room, 'participant-name': 'Bo', manual: '' });
    cleanup.push(() => el.remove());
    el.tokenSource = fetcher;
    await el.connect();
    await el.reconnect();
    expect(calls).to.deep.equal([{ roomName: room, participantName: 'Bo' }, { roomName: room, participantName: 'Bo' }]);
    await waitFor('the second identity alone', async () => (await identities(room)).join() === 'fn-2');
    expect(errors(events)).to.deep.equal([]);
  });

  it("tokenSource: livekit-client's TokenSource.endpoint (its cache skipped: a fetch per connect), before token-endpoint", async () => {
    const room = uniqueRoom('source-lk');
    const theirs = await tokenEndpoint(room);
    const attribute = await tokenEndpoint(room);
    const { el } = create({ 'token-endpoint': attribute.path, manual: '' });
    cleanup.push(() => el.remove());
    el.tokenSource = TokenSource.endpoint(theirs.path);
    await el.connect();
    await el.reconnect();
    expect((await theirs.log()).length).to.equal(2);
    expect((await attribute.log()).length).to.equal(0);
  });

  it('tokenSource that throws: token-fetch-failed with the token redacted; connect() rejects with it', async () => {
    const { el, events } = create({ manual: '' });
    cleanup.push(() => el.remove());
    const token = await mintToken('x', 'y');
    el.tokenSource = () => Promise.reject(new Error(`backend refused ${token}`));
    const caught = await el.connect().then(() => undefined, (e: { code: string; message: string }) => e);
    expect(caught?.code).to.equal('token-fetch-failed');
    expect(caught?.message).to.not.include(token);
    expect(errors(events).map((e) => e.code)).to.deep.equal(['token-fetch-failed']);
    expect(errors(events)[0]!.message).to.not.include(token);
  });
});
