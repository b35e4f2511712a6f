// An impaired network (issue 13): the viewer reaches livekit-server through the UDP relay of
// test/support/udp-relay.mjs (started by the test plugin, `livekit-relay-start`), its peer connections
// pointed there by test/support/relay-peer-connection.ts. The publisher joins first, directly. First the
// impairment is shown to take effect in the viewer's getStats; then motion keeps rendering in order with
// every missing seq counted in the element's stats. The full table per profile: `npm run bench -- network`.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from '../e2e/livekit.js';
import { startPublisher } from '../e2e/test-publisher.js';
import { createAvatar } from '../e2e/element-fixture.js';
import type { Recorded } from '../e2e/element-fixture.js';
import { routeThroughRelay } from '../support/relay-peer-connection.js';
import { jitterBufferMs, lossShare, receiverFigures } from './network-stats.js';
import type { NetworkFigures } from './network-stats.js';

interface Relay { id: number; host: string; port: number; serverUdpPort: number }
/**
 * Firefox pairs none of its host candidates (the machine's LAN address) with a loopback one: its relay is on
 * the LAN address; and its publisher's voice is the fake microphone (test-publisher.ts).
 */
const FIREFOX = navigator.userAgent.includes('Firefox/');
interface DirectionStats { packets: number; media: number; dropped: number; reordered: number; meanDelayMs: number }

const create = (attrs: Record<string, string>) => createAvatar({ 'log-level': 'none', renderer: 'none', ...attrs });
const freshSeqs = (events: Recorded[]) => events.filter((e) => e.type === 'frame' && e.detail.fresh).map((e) => e.detail.seq as number);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A viewer through a relay with `down` (server -> browser) impaired: plays for `ms`, then its figures. Checks
 * on the way that the motion frames rendered are in seq order; the stats at every update (the worker's, once
 * a second, ordered with the poses) are returned with the seqs missing between the frames fired before it.
 */
async function viewThroughRelay(down: Record<string, number>, ms: number, cleanup: (() => Promise<void>)[]) {
  const url = await livekitUrl();
  const room = uniqueRoom('network');
  const pub = await startPublisher(url, room, 'avatar-agent', { audio: FIREFOX ? 'microphone' : true });
  cleanup.push(async () => pub.stop());
  const relay = (await executeServerCommand<Relay, object>('livekit-relay-start', { down, seed: 13, lan: FIREFOX }))!;
  cleanup.push(async () => void (await executeServerCommand('livekit-relay-stop', { id: relay.id })));
  const undo = routeThroughRelay(relay.serverUdpPort, relay.port, relay.host);
  cleanup.push(async () => undo());
  const { el, events } = create({ url, token: await mintToken('viewer', room) });
  cleanup.push(async () => el.remove());
  // The element's peer connections are made while it connects (after append): then the page goes direct again.
  await waitFor('connected', () => events.some((e) => e.type === 'connected'), 30000).catch(async (err: Error) => {
    // Which side went quiet: checks relayed up but nothing down means the server did not answer them.
    const stats = await executeServerCommand('livekit-relay-stats', { id: relay.id });
    throw new Error(`${err.message}; the relay's counters: ${JSON.stringify(stats)}`);
  });
  undo();
  const checks: { skipped: number; lost: number; late: number; gaps: number }[] = [];
  let gaps = 0, prev = -1;
  let last: object | undefined;
  el.addEventListener('frame', (e) => {
    const s = el.stats; // a new object at each update
    if (s && s !== last && s.rendered > 0) checks.push({ skipped: s.skipped, lost: s.lost, late: s.dropped.late, gaps });
    last = s;
    const d = (e as CustomEvent<{ fresh: boolean; seq: number }>).detail;
    if (!d.fresh) return;
    if (prev >= 0) gaps += d.seq - prev - 1;
    prev = d.seq;
  });
  await waitFor('motion', () => freshSeqs(events).length > 10, 30000);
  const start = await receiverFigures(el.getNativeClient(), 'avatar-agent');
  await sleep(ms);
  const end = await receiverFigures(el.getNativeClient(), 'avatar-agent');
  const relayStats = (await executeServerCommand<{ up: DirectionStats; down: DirectionStats; flows: number }, object>('livekit-relay-stats', { id: relay.id }))!;
  const seqs = freshSeqs(events);
  for (let i = 1; i < seqs.length; i++) expect(seqs[i], `frames in seq order: ${seqs.slice(Math.max(0, i - 3), i + 2).join(', ')}`).to.be.greaterThan(seqs[i - 1]!);
  return { el, events, relay, relayStats, start, end, checks, seqs };
}

function summary(f: NetworkFigures): string {
  const a = f.audio!, v = f.video!;
  return `audio loss ${(100 * lossShare(a)).toFixed(1)} %, jitter ${(1000 * a.jitter).toFixed(1)} ms, jitter buffer ${jitterBufferMs(a).toFixed(0)} ms, `
    + `concealed ${(100 * a.concealedSamples / Math.max(1, a.totalSamplesReceived)).toFixed(2)} %; video loss ${(100 * lossShare(v)).toFixed(1)} %, `
    + `jitter ${(1000 * v.jitter).toFixed(1)} ms, nacks ${v.nackCount}`;
}

describe('<spatius-avatar> through an impaired network (UDP relay)', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    cleanup = [];
  });

  it('a clean relay: the media goes through it, with no loss and loopback jitter', async function () {
    this.timeout(60000);
    const r = await viewThroughRelay({}, 4000, cleanup);
    expect(r.end.remotePorts.length, 'a selected candidate pair').to.be.greaterThan(0);
    expect(r.end.remotePorts.every((p) => p === r.relay.port), `remote ports ${r.end.remotePorts} vs the relay's ${r.relay.port}`).to.equal(true);
    expect(r.relayStats.down.media, 'media packets relayed to the viewer').to.be.greaterThan(200);
    expect(r.relayStats.down.dropped).to.equal(0);
    expect(r.end.audio!.packetsLost).to.equal(0);
    expect(r.end.audio!.jitter, 'audio jitter (s)').to.be.below(0.01);
    console.log(`[network] clean relay: ${summary(r.end)}`);
  });

  it('5 % loss and 100 ms jitter take effect in getStats; motion renders in order and every missing seq is counted', async function () {
    this.timeout(90000);
    const r = await viewThroughRelay({ lossRate: 0.05, jitterMs: 100 }, 10000, cleanup);
    expect(r.end.remotePorts.every((p) => p === r.relay.port), `remote ports ${r.end.remotePorts} vs the relay's ${r.relay.port}`).to.equal(true);
    const down = r.relayStats.down;
    expect(down.dropped / down.media, 'the relay dropped about 5 %').to.be.within(0.03, 0.07);
    const a = r.end.audio!, a0 = r.start.audio!;
    const lost = a.packetsLost - a0.packetsLost, got = a.packetsReceived - a0.packetsReceived;
    // Opus packets are not retransmitted: the loss shows as lost (RED may hide none of it in packetsLost).
    expect(lost / (lost + got), `audio loss in the window (${lost} of ${lost + got})`).to.be.within(0.02, 0.09);
    expect(a.jitter, 'audio interarrival jitter (s)').to.be.above(0.015);
    expect(a.concealedSamples - a0.concealedSamples, 'concealed voice samples').to.be.greaterThan(0);
    const jb = (1000 * (a.jitterBufferDelay - a0.jitterBufferDelay)) / Math.max(1, a.jitterBufferEmittedCount - a0.jitterBufferEmittedCount);
    expect(jb, 'NetEq holds more than on loopback (ms)').to.be.above(60);
    expect(r.end.video!.jitter, 'video interarrival jitter (s)').to.be.above(0.015);
    expect(r.seqs.length, 'motion kept rendering').to.be.greaterThan(150);
    expect(r.checks.length, 'stats updates seen').to.be.greaterThan(5);
    // Every seq missing between the frames shown was passed over by the buffer (skipped), and is either lost
    // for good or came later and was dropped as late.
    expect(r.checks.map((c) => c.skipped), 'stats.skipped at each update = the seqs missing between the frames fired').to.deep.equal(r.checks.map((c) => c.gaps));
    expect(r.checks.map((c) => c.lost + c.late), 'lost + dropped late = skipped').to.deep.equal(r.checks.map((c) => c.skipped));
    expect(r.checks.at(-1)!.skipped, '100 ms jitter over an 80 ms ceiling: some frames passed over').to.be.greaterThan(0);
    const s = (r.el as SpatiusAvatarElement).stats!;
    console.log(`[network] 5 % loss, 100 ms jitter: ${summary(r.end)}; window NetEq ${jb.toFixed(0)} ms; relay dropped ${down.dropped}/${down.media}; `
      + `motion rendered ${s.rendered}, skipped ${s.skipped} (lost ${s.lost}, late ${s.dropped.late}), starved ${s.starved}, added delay ${s.meanAddedDelayMs.toFixed(0)} ms`);
  });
});
