// The call lifecycle under the orders of calls and DOM moves that frameworks and CMS templates produce,
// against the real server (issue: "A lifecycle you can trust"). Each test names the finding it covers.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import { Room } from 'livekit-client';
import { MotionPublisher } from '../../dist/publisher.js';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';
import { createAvatar } from './element-fixture.js';
import type { Recorded } from './element-fixture.js';
import { peerConnections } from './peer-connections.js';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';

const GRACE_MS = 1000; // the element's teardown grace (src/element/call-controller.ts)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const identities = async (room: string) => (await listParticipants(room)).map((p) => p.identity).sort();
const states = (events: Recorded[]) => events.filter((e) => e.type === 'connection-state-changed').map((e) => e.detail.state as string);
const fatalErrors = (events: Recorded[]) => events.filter((e) => e.type === 'error' && (e.detail as unknown as ErrorDetail).fatal);

describe('<spatius-avatar> lifecycle', () => {
  const rejections: unknown[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  let cleanup: (() => unknown)[] = [];
  before(() => addEventListener('unhandledrejection', onRejection));
  after(() => removeEventListener('unhandledrejection', onRejection));
  afterEach(async () => {
    for (const c of cleanup.reverse()) await Promise.resolve(c()).catch(() => undefined);
    cleanup = [];
    expect(rejections.map(String)).to.deep.equal([]);
  });
  const manualAvatar = async (room: string, identity = 'viewer') => {
    const { el, events } = createAvatar({ url: await livekitUrl(), token: await mintToken(identity, room), room, manual: '', 'log-level': 'none' });
    cleanup.push(() => el.remove());
    return { el, events };
  };

  /** How many peer connections one call makes (the server's topology decides: one or two). */
  let perCall = 0;
  before(async () => {
    const room = uniqueRoom('baseline');
    const { el } = createAvatar({ url: await livekitUrl(), token: await mintToken('viewer', room), room, manual: '', 'log-level': 'none' });
    const start = peerConnections.length;
    await el.connect();
    await sleep(1000);
    perCall = peerConnections.length - start;
    el.remove();
    await el.disconnect();
  });
  /** Peer connections made since `start` that are still open, and all made. */
  const made = (start: number) => peerConnections.slice(start);

  it('connect() twice in one task: one Room, one participant, no failed', async () => {
    const room = uniqueRoom('twice');
    const { el, events } = await manualAvatar(room);
    const start = peerConnections.length;
    const [a, b] = await Promise.allSettled([el.connect(), el.connect()]);
    await sleep(1000);
    expect(made(start).length, 'the peer connections of one call, not two (a leaked Room makes its own)').to.equal(perCall);
    expect([a.status, b.status]).to.deep.equal(['fulfilled', 'fulfilled']);
    expect(el.getConnectionState()).to.equal('connected');
    expect(await identities(room)).to.deep.equal(['viewer']);
    expect(states(events)).to.deep.equal(['connecting', 'connected']);
    expect(events.filter((e) => e.type === 'connected')).to.have.length(1);
  });

  it('a second connect() to another room while the first is connecting: the first aborts, no failed, no fatal error', async () => {
    const roomA = uniqueRoom('first');
    const roomB = uniqueRoom('second');
    const { el, events } = await manualAvatar(roomA);
    const first = el.connect().then(() => 'resolved', (e: ErrorDetail) => `${e.code} fatal=${e.fatal}`);
    await sleep(5); // the first is on its way
    await el.connect({ roomName: roomB, token: await mintToken('viewer', roomB) });
    expect(await first).to.equal('aborted fatal=false');
    expect(el.getConnectionState()).to.equal('connected');
    expect(el.getNativeClient()!.name).to.equal(roomB);
    expect(states(events)).to.not.include('failed');
    expect(fatalErrors(events)).to.deep.equal([]);
    await waitFor('nobody left in the first room', async () => (await identities(roomA)).length === 0);
    expect(await identities(roomB)).to.deep.equal(['viewer']);
  });

  it('connect(); disconnect(); in one task: ends disconnected, nobody in the room', async () => {
    const room = uniqueRoom('connect-disconnect');
    const { el, events } = await manualAvatar(room);
    const connecting = el.connect().then(() => 'resolved', (e: ErrorDetail) => e.code);
    await el.disconnect();
    expect(await connecting).to.equal('aborted');
    await sleep(1500);
    expect(el.getConnectionState()).to.equal('disconnected');
    expect(el.getNativeClient()).to.equal(null);
    expect(await identities(room)).to.deep.equal([]);
    expect(states(events)).to.not.include('failed');
  });

  it('React StrictMode: mount, unmount, mount in one task (attributes and connect()): one call', async () => {
    const room = uniqueRoom('strict-mode');
    const url = await livekitUrl();
    const token = await mintToken('viewer', room);
    const el = document.createElement('spatius-avatar');
    const seen: string[] = [];
    el.addEventListener('connection-state-changed', (e) => seen.push(e.detail.state));
    cleanup.push(() => el.remove());
    // mount: attributes (auto-connect) and the component's effect calling connect(); unmount; mount again
    el.setAttribute('url', url);
    el.setAttribute('token', token);
    el.setAttribute('log-level', 'none');
    const start = peerConnections.length;
    document.body.append(el);
    const p1 = el.connect().catch(() => undefined);
    el.remove();
    void el.disconnect();
    document.body.append(el);
    const p2 = el.connect();
    await p2;
    await p1;
    await sleep(GRACE_MS + 300);
    expect(el.getConnectionState()).to.equal('connected');
    expect(await identities(room)).to.deep.equal(['viewer']);
    expect(seen).to.not.include('failed');
    expect(made(start).length, 'one call made').to.equal(perCall);
    expect(made(start).filter((pc) => pc.signalingState !== 'closed').length).to.equal(perCall);
  });

  it('removed, then re-added after the grace period: connects again by itself', async function () {
    this.timeout(30000);
    const room = uniqueRoom('readd');
    const { el, events } = createAvatar({ url: await livekitUrl(), token: await mintToken('viewer', room), 'log-level': 'none' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    el.remove();
    await waitFor('left after the grace', async () => (await identities(room)).length === 0);
    expect(el.getConnectionState()).to.equal('disconnected');
    document.body.append(el);
    await waitFor('connected again', () => el.getConnectionState() === 'connected');
    expect(await identities(room)).to.deep.equal(['viewer']);
    expect(events.filter((e) => e.type === 'connected')).to.have.length(2);
    expect(events.find((e) => e.type === 'disconnected')!.detail.reason).to.equal('element-removed');
  });

  it('moved within the grace period: the call goes on (same Room)', async () => {
    const room = uniqueRoom('move');
    const { el, events } = createAvatar({ url: await livekitUrl(), token: await mintToken('viewer', room), 'log-level': 'none' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    const native = el.getNativeClient();
    const box = document.createElement('div');
    document.body.append(box);
    cleanup.push(() => box.remove());
    box.append(el); // a move: disconnectedCallback then connectedCallback
    await sleep(GRACE_MS + 500);
    expect(el.getNativeClient()).to.equal(native);
    expect(events.filter((e) => e.type === 'disconnected')).to.have.length(0);
  });

  it('changing token while connected (a template refresh) keeps the live call', async () => {
    const room = uniqueRoom('token-refresh');
    const { el, events } = createAvatar({ url: await livekitUrl(), token: await mintToken('viewer', room), 'log-level': 'none' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    const native = el.getNativeClient();
    el.setAttribute('token', await mintToken('viewer', room, { ttl: '20m' }));
    await sleep(1500);
    expect(el.getNativeClient()).to.equal(native, 'the same Room');
    expect(states(events)).to.deep.equal(['connecting', 'connected']);
    expect(events.filter((e) => e.type === 'disconnected')).to.have.length(0);
    // changing the room rejoins
    const other = uniqueRoom('token-refresh-other');
    el.setAttribute('token', await mintToken('viewer', other));
    el.setAttribute('room', other);
    await waitFor('in the other room', () => el.getNativeClient()?.name === other && el.getConnectionState() === 'connected');
    await waitFor('the first room empty', async () => (await identities(room)).length === 0);
  });

  it('connect() with a config that cannot work (invalid-url, room-mismatch, missing-token) while connected rejects, not fatal, and keeps the live call', async () => {
    const room = uniqueRoom('bad-request');
    const { el, events } = await manualAvatar(room);
    await el.connect();
    const native = el.getNativeClient();
    const refused = (p: Promise<void>) => p.then(() => 'resolved', (e: ErrorDetail) => `${e.code} fatal=${e.fatal}`);
    expect(await refused(el.connect({ url: 'bad' }))).to.equal('invalid-url fatal=false');
    expect(await refused(el.connect({ roomName: uniqueRoom('not-the-token-room') }))).to.equal('room-mismatch fatal=false');
    expect(await refused(el.connect({ roomName: uniqueRoom('no-token'), token: '' }))).to.equal('missing-token fatal=false');
    await sleep(500);
    expect(el.getNativeClient()).to.equal(native, 'the same Room');
    expect(el.getConnectionState()).to.equal('connected');
    expect(states(events)).to.deep.equal(['connecting', 'connected']);
    expect(events.filter((e) => e.type === 'disconnected' || e.type === 'error')).to.have.length(0);
    expect(await identities(room)).to.deep.equal(['viewer']);
    await el.reconnect(); // to the live call's config, not a refused one
    expect(el.getNativeClient()!.name).to.equal(room);
  });

  it('stalled fires when the motion track dies while the avatar is idle (IDLE packets stop)', async function () {
    this.timeout(40000);
    const url = await livekitUrl();
    const room = uniqueRoom('idle-stall');
    const agent = new Room({ adaptiveStream: false, dynacast: false });
    cleanup.push(() => agent.disconnect());
    await agent.connect(url, await mintToken('avatar-agent', room));
    const publisher = new MotionPublisher(agent);
    await publisher.start(); // IDLE between conversations, no conversation at all
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), 'stall-timeout': '1000', 'log-level': 'none' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'avatar-discovered');
    await sleep(2500);
    expect(events.filter((e) => e.type === 'stalled'), 'IDLE flowing: no stall').to.have.length(0);
    // The motion track dies: no more packets, the track still published and live (an unpublished or ended
    // track ends without a stall: element-faults.test.ts). The publisher's sender-transform worker goes, so
    // no encoded frame gets through. (Stopping the MediaStreamTrack is an ended track in Firefox, and
    // Firefox's encoder repeats frames of a still canvas, so stopping the drawing is not enough there.)
    cleanup.push(() => publisher.stop());
    (publisher as unknown as { worker: Worker }).worker.terminate();
    await waitFor('stalled', () => events.some((e) => e.type === 'stalled'), 15000);
    expect(events.find((e) => e.type === 'stalled')!.detail.reason).to.equal('no-motion');
    expect(events.filter((e) => e.type === 'conversation-start')).to.have.length(0, 'it stalled while idle');
    expect(el.getConnectionState()).to.equal('connected', 'a stall is not a disconnection');
  });

  it('after disconnect() nothing stalls and the face returns to neutral (the worker is reset)', async function () {
    this.timeout(30000);
    const url = await livekitUrl();
    const room = uniqueRoom('no-stall-after');
    const agent = new Room({ adaptiveStream: false, dynacast: false });
    cleanup.push(() => agent.disconnect());
    await agent.connect(url, await mintToken('avatar-agent', room));
    const publisher = new MotionPublisher(agent);
    await publisher.start();
    cleanup.push(() => publisher.stop());
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), 'stall-timeout': '500', 'log-level': 'none' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'avatar-discovered');
    await sleep(1000); // IDLE packets reach the engine (the one that led to discovery came before the selection)
    await el.disconnect();
    await sleep(1500);
    expect(events.filter((e) => e.type === 'stalled').map((e) => e.type), 'no stall on a disconnected element').to.deep.equal([]);
  });

  it("disconnect() and removal never stop the page's publishAudio() track; the element's own microphone is stopped", async function () {
    this.timeout(30000);
    const room = uniqueRoom('page-track');
    const { el } = createAvatar({ url: await livekitUrl(), token: await mintToken('viewer', room), 'log-level': 'none' });
    cleanup.push(() => el.remove());
    await oneEvent(el, 'connected');
    const ctx = new AudioContext();
    cleanup.push(() => ctx.close());
    const track = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    await el.publishAudio(track);
    await el.disconnect();
    expect(track.readyState).to.equal('live', 'after disconnect()');
    await el.connect();
    await el.publishAudio(track);
    await el.reconnect();
    expect(track.readyState).to.equal('live', 'after reconnect()');
    await el.publishAudio(track);
    await el.startPublishing();
    const mic = el.getNativeClient()!.localParticipant.getTrackPublications().find((p) => p.source === 'microphone')!.track!.mediaStreamTrack;
    el.remove();
    await waitFor('left the room', async () => (await identities(room)).length === 0);
    expect(track.readyState).to.equal('live', 'after removal');
    expect(mic.readyState).to.equal('ended', 'the microphone the element opened is released');
  });

  it('a room named in another script connects (the token is read as UTF-8)', async () => {
    const room = uniqueRoom('会议室-ü');
    const { el, events } = createAvatar({ url: await livekitUrl(), token: await mintToken('viewer', room), room, 'log-level': 'none' });
    cleanup.push(() => el.remove());
    await waitFor('connected or an error', () => el.getConnectionState() === 'connected' || events.some((e) => e.type === 'error'));
    expect(events.filter((e) => e.type === 'error').map((e) => e.detail.code)).to.deep.equal([]);
    expect(el.getNativeClient()!.name).to.equal(room);
  });

  it('disconnect() at any moment of a connect leaves no peer connection open (livekit-client leaves one; the room closes it)', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    for (const delay of [0, 5, 15, 30, 60, 120]) {
      const room = uniqueRoom('abort-pc');
      const { el } = await manualAvatar(room);
      const before = peerConnections.length;
      const connecting = el.connect({ url, token: await mintToken('viewer', room) }).catch(() => undefined);
      await sleep(delay);
      await el.disconnect();
      await connecting;
      const made = peerConnections.slice(before);
      expect(made.map((pc) => pc.signalingState), `disconnect ${delay} ms into connect()`).to.deep.equal(made.map(() => 'closed'));
      el.remove();
    }
  });

  it('connect() before the element is in a document rejects not-in-document; in the document it connects', async () => {
    const room = uniqueRoom('not-in-doc');
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const url = await livekitUrl();
    const token = await mintToken('viewer', room);
    const code = await el.connect({ url, token }).then(() => 'resolved', (e: ErrorDetail) => e.code);
    expect(code).to.equal('not-in-document');
    el.manual = true;
    document.body.append(el);
    cleanup.push(() => el.remove());
    await el.connect({ url, token }); // same task as the append: the shadow DOM is waited for
    expect(el.getConnectionState()).to.equal('connected');
  });
});
