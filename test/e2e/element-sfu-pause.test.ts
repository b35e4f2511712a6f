// The SFU stops sending the motion track while the avatar stays (issue 13): the server unsubscribes the viewer
// from it (RoomServiceClient.updateSubscriptions) and subscribes it again, or the viewer's client disables it
// (RemoteTrackPublication.setEnabled: the SFU pauses forwarding). The element must tell this apart from a
// network stall: `stalled` with reason `paused` at once (not `no-motion` after stall-timeout), one stall, then
// `resumed` and frames in order when the track comes back. (The server muting the track: element-faults.)
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar } from './element-fixture.js';
import type { Recorded } from './element-fixture.js';

const create = (attrs: Record<string, string>) => createAvatar({ 'log-level': 'none', renderer: 'none', ...attrs });
const ofType = (events: Recorded[], type: string) => events.filter((e) => e.type === type);
const freshSeqs = (events: Recorded[]) => ofType(events, 'frame').filter((e) => e.detail.fresh).map((e) => e.detail.seq as number);
const stallReasons = (events: Recorded[]) => ofType(events, 'stalled').map((e) => e.detail.reason as string);
const story = (events: Recorded[]) => events.filter((e) => e.type !== 'frame').map((e) => e.type + (e.type === 'stalled' ? `:${e.detail.reason}` : '')).join(' ');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectIncreasing(seqs: number[], what: string): void {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i], `${what}: ${seqs.slice(Math.max(0, i - 3), i + 2).join(', ')}`).to.be.greaterThan(seqs[i - 1]!);
}

describe('<spatius-avatar> when the SFU pauses the motion track', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    cleanup = [];
  });

  async function playing(prefix: string) {
    const url = await livekitUrl();
    const room = uniqueRoom(prefix);
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    cleanup.push(async () => pub.stop());
    // stall-timeout 1 s: a no-motion stall would come within the pause; it must not
    const { el, events } = create({ url, token: await mintToken('viewer', room), 'stall-timeout': '1000' });
    cleanup.push(async () => el.remove());
    await waitFor('motion', () => freshSeqs(events).length > 25, 30000);
    return { room, pub, el, events };
  }

  /** Paused for 3 s (three stall-timeouts): one `paused` stall, idle; back: `resumed`, frames in order. */
  async function expectPauseAndResume(events: Recorded[], pause: () => Promise<void>, resume: () => Promise<void>) {
    const before = events.length;
    const pausedAt = performance.now();
    await pause();
    await waitFor('stalled', () => ofType(events.slice(before), 'stalled').length > 0, 10000);
    const stalledAfter = performance.now() - pausedAt;
    await sleep(3000);
    expect(stallReasons(events), `one paused stall, not no-motion (${story(events.slice(before))})`).to.deep.equal(['paused']);
    expect(ofType(events.slice(before), 'conversation-end'), `the avatar did not end its conversation (${story(events.slice(before))})`).to.deep.equal([]);
    const last = ofType(events, 'frame').at(-1)?.detail as { state: string; weights: number[] } | undefined;
    expect(last?.state, 'idle while paused').to.equal('stalled');
    expect(last!.weights.every((w) => Math.abs(w) < 1e-6), 'the neutral face').to.equal(true);
    const paused = freshSeqs(events).length;
    await resume();
    await waitFor('resumed', () => ofType(events.slice(before), 'resumed').length > 0, 20000);
    await waitFor('frames after the pause', () => freshSeqs(events).length > paused + 25, 20000);
    expectIncreasing(freshSeqs(events).slice(paused), 'frames after the pause');
    expect(stallReasons(events), story(events.slice(before))).to.deep.equal(['paused']);
    return { stalledAfter, story: story(events.slice(before)) };
  }

  it('the server unsubscribes the viewer from the motion track, then subscribes it again: stalled (paused), resumed', async function () {
    this.timeout(90000);
    const { room, el, events } = await playing('sfu-unsubscribe');
    const set = (subscribe: boolean) => executeServerCommand('livekit-unsubscribe', { room, identity: 'viewer', publisher: 'avatar-agent', name: 'motion', subscribe });
    const r = await expectPauseAndResume(events, async () => void (await set(false)), async () => void (await set(true)));
    expect(el.getConnectionState()).to.equal('connected');
    console.log(`[sfu-pause] server unsubscribe: stalled ${r.stalledAfter.toFixed(0)} ms after the call; ${r.story}`);
  });

  it('the viewer disables the motion track (the SFU stops forwarding it), then enables it: stalled (paused), resumed', async function () {
    this.timeout(90000);
    const { el, events } = await playing('sfu-disable');
    const publication = () => {
      const p = el.getNativeClient()!.remoteParticipants.get('avatar-agent')!;
      return [...p.videoTrackPublications.values()].find((t) => t.trackName === 'motion')!;
    };
    const r = await expectPauseAndResume(events, async () => publication().setEnabled(false), async () => publication().setEnabled(true));
    expect(el.getConnectionState()).to.equal('connected');
    console.log(`[sfu-pause] viewer setEnabled(false): stalled ${r.stalledAfter.toFixed(0)} ms after the call; ${r.story}`);
  });
});
