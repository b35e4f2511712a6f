// Faults against the real server (issue 13): the server gone for good then back (reconnect()), the avatar
// leaving and rejoining mid-conversation, and the motion track paused on purpose (muted by the server) told
// apart from a network stall. The server restarting on its port mid-conversation: element-server-restart.test.ts.
// Module build. Between `livekit-stop` and `livekit-start` no other server command may run (it would start a
// fresh server on new ports): tokens are minted before the stop.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { serverSuite } from './element-fixture.js';
import { create, expectIncreasing, freshSeqs, ofType, sleep, stallReasons, states, voicePlaying } from './faults-support.js';

describe('<spatius-avatar> faults', () => {
  const { rejections, cleanup } = serverSuite();

  it('the server stopped for good: disconnected with a reason; once it is back, reconnect() connects and the avatar plays', async function () {
    this.timeout(200000);
    const url = await livekitUrl();
    const room = uniqueRoom('server-gone');
    const pub = await startPublisher(url, room, 'avatar-agent');
    cleanup.push(async () => pub.stop());
    const viewerToken = await mintToken('viewer', room);
    const { el, events } = create({ url, token: viewerToken });
    cleanup.push(async () => el.remove());
    await waitFor('motion', () => freshSeqs(events).length > 10, 30000);
    const stoppedAt = performance.now();
    await executeServerCommand('livekit-stop');
    await waitFor('disconnected', () => ofType(events, 'disconnected').length > 0, 150000);
    const gaveUpAfter = performance.now() - stoppedAt;
    const reason = ofType(events, 'disconnected')[0]!.detail.reason as string;
    expect(reason).to.be.a('string').and.not.equal('');
    expect(states(events)).to.include('reconnecting');
    expect(el.getConnectionState()).to.equal('disconnected');
    await executeServerCommand('livekit-start');
    await pub.stop();
    const back = await startPublisher(url, room, 'avatar-agent');
    cleanup.push(async () => back.stop());
    const before = freshSeqs(events).length;
    await el.reconnect();
    expect(el.getConnectionState()).to.equal('connected');
    await waitFor('the avatar discovered again', () => ofType(events, 'avatar-discovered').length === 2, 30000);
    await waitFor('frames after reconnect()', () => freshSeqs(events).length > before + 25, 30000);
    expectIncreasing(freshSeqs(events).slice(before), 'frames after reconnect()');
    console.log(`[faults] gone: disconnected ${gaveUpAfter.toFixed(0)} ms after the stop, reason ${reason}`);
    expect(rejections, String(rejections)).to.deep.equal([]);
  });

  it('the avatar leaves mid-conversation: end transition and conversation-end, no stalled; it rejoins: discovered again, motion and voice play', async function () {
    this.timeout(90000);
    const url = await livekitUrl();
    const room = uniqueRoom('avatar-leaves');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const stallTimeout = 500;
    const { el, events } = create({ url, token: await mintToken('viewer', room), 'stall-timeout': String(stallTimeout) });
    cleanup.push(async () => el.remove());
    await waitFor('motion and voice', () => freshSeqs(events).length > 25 && voicePlaying(el, 'avatar-agent'), 30000);
    const leftAt = events.length;
    await pub.stop();
    await waitFor('conversation-end', () => ofType(events.slice(leftAt), 'conversation-end').length > 0, 30000);
    await waitFor('the idle pose', () => ofType(events.slice(leftAt), 'frame').some((e) => e.detail.state === 'idle'), 30000);
    const ending = ofType(events.slice(leftAt), 'frame').map((e) => e.detail as { state: string; weights: number[] });
    const out = ending.filter((p) => p.state === 'transition-out').map((p) => Math.max(...p.weights));
    expect(out.length, 'the end transition').to.be.greaterThan(10);
    for (let i = 1; i < out.length; i++) expect(out[i], `the face relaxes smoothly: ${out.join(', ')}`).to.be.at.most(out[i - 1]! + 1e-6);
    // Well past stall-timeout with nothing from the avatar (it is gone): before, `stalled` fired here.
    await sleep(stallTimeout * 6);
    const back = await startPublisher(url, room, 'avatar-agent', { audio: true });
    cleanup.push(async () => back.stop());
    await waitFor('the avatar discovered again', () => ofType(events, 'avatar-discovered').length === 2, 30000);
    const rejoined = freshSeqs(events).length;
    await waitFor('motion from the rejoined avatar', () => freshSeqs(events).length > rejoined + 25, 30000);
    await waitFor('its voice', () => voicePlaying(el, 'avatar-agent'), 30000);
    expectIncreasing(freshSeqs(events).slice(rejoined), 'frames after the rejoin');
    expect(stallReasons(events), 'no stall for an avatar that left').to.deep.equal([]);
    expect(ofType(events, 'avatar-discovered').map((e) => e.detail.identity)).to.deep.equal(['avatar-agent', 'avatar-agent']);
    expect(el.getConnectionState()).to.equal('connected');
  });

  it('the server mutes the motion track: stalled with reason paused, idle; unmuted: resumed; then silence is a no-motion stall', async function () {
    this.timeout(90000);
    const url = await livekitUrl();
    const room = uniqueRoom('track-paused');
    const pub = await startPublisher(url, room, 'avatar-agent');
    cleanup.push(async () => pub.stop());
    const { el, events } = create({ url, token: await mintToken('viewer', room), 'stall-timeout': '2000' });
    cleanup.push(async () => el.remove());
    await waitFor('motion', () => freshSeqs(events).length > 25, 30000);
    await executeServerCommand('livekit-mute-track', { room, identity: 'avatar-agent', name: 'motion', muted: true });
    await waitFor('stalled', () => ofType(events, 'stalled').length > 0, 30000);
    expect(stallReasons(events)).to.deep.equal(['paused']);
    await waitFor('the idle pose', () => {
      const last = ofType(events, 'frame').at(-1)?.detail as { state: string; weights: number[] } | undefined;
      return last?.state === 'stalled' && last.weights.every((w) => Math.abs(w) < 1e-6);
    }, 30000);
    const paused = freshSeqs(events).length;
    await pub.setMotionMuted(false); // the publisher takes its track back
    await waitFor('resumed', () => ofType(events, 'resumed').length > 0, 30000);
    await waitFor('frames after the pause', () => freshSeqs(events).length > paused + 25, 30000);
    expectIncreasing(freshSeqs(events).slice(paused), 'frames after the pause');
    expect(stallReasons(events)).to.deep.equal(['paused'], 'one stall for the pause');
    pub.setFramesFlowing(false); // the publisher goes quiet, its track still published and unmuted
    await waitFor('a second stall', () => ofType(events, 'stalled').length > 1, 30000);
    expect(stallReasons(events)).to.deep.equal(['paused', 'no-motion']);
    expect(el.getConnectionState()).to.equal('connected');
  });
});
