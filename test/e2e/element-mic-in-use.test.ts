// mic-in-use: the microphone is held by another application. The real server, a real avatar (motion and
// voice), the real element and livekit-client; only the page's getUserMedia is stubbed (busy-microphone.ts,
// imported first: the one browser API an e2e test stubs, because a busy device cannot be made on this
// machine: it has no audio device and the fake capture devices always start). It rejects as each browser
// does for a device it cannot open or start (Chromium: NotReadableError; Firefox: NotReadableError, or
// AbortError when the device would not start).
import { busy, busyErrors, capturing, free, refused } from './busy-microphone.js';
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { serverSuite } from './element-fixture.js';
import type { Recorded } from './element-fixture.js';
import { create, expectIncreasing, freshSeqs, ofType, states, voicePlaying } from './faults-support.js';

const SOURCE_MICROPHONE = 2; // livekit protocol TrackSource.MICROPHONE

const errors = (events: Recorded[]) => ofType(events, 'error').map((e) => e.detail as unknown as ErrorDetail);
const microphonePublication = (el: SpatiusAvatarElement) =>
  el.getNativeClient()?.localParticipant.getTrackPublication('microphone' as never);
async function viewerMicrophoneOnServer(room: string): Promise<boolean> {
  const viewer = (await listParticipants(room)).find((p) => p.identity === 'viewer');
  if (!viewer) throw new Error(`the server does not list the viewer in ${room}`);
  return viewer.tracks.some((t) => t.source === SOURCE_MICROPHONE);
}

/** The call goes on: 25 more fresh frames from the avatar, in order, and its voice still playing. */
async function callGoesOn(el: SpatiusAvatarElement, events: Recorded[], what: string): Promise<void> {
  const from = freshSeqs(events).length;
  await waitFor(`25 more frames ${what}`, () => freshSeqs(events).length >= from + 25, 15000);
  expectIncreasing(freshSeqs(events).slice(from - 1), `frames ${what}`);
  expect(voicePlaying(el, 'avatar-agent'), `the avatar's voice ${what}`).to.equal(true);
}

describe('<spatius-avatar> with a microphone another application holds', () => {
  const { rejections, cleanup } = serverSuite();
  afterEach(() => free());

  it('startPublishing(): mic-in-use (not fatal, one error event), the call goes on, nothing captures; a later publish works', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('mic-in-use');
    const avatar = await startPublisher(url, room, 'avatar-agent', { audio: true });
    cleanup.push(() => avatar.stop());
    const { el, events } = create({ url, token: await mintToken('viewer', room) });
    cleanup.push(async () => el.remove());
    await waitFor('the first frame', () => ofType(events, 'first-frame').length > 0);
    await waitFor("the avatar's voice", () => voicePlaying(el, 'avatar-agent'));

    const cases = busyErrors();
    for (const [i, rejection] of cases.entries()) {
      const what = `after ${rejection.name} "${rejection.message}"`;
      const asked = refused.length;
      busy(rejection);
      const caught = await el.startPublishing().then(() => 'published' as const, (e: ErrorDetail) => e);
      expect(refused.length, `getUserMedia was asked (${what})`).to.be.greaterThan(asked);
      if (caught === 'published') throw new Error(`startPublishing() resolved ${what}`);
      expect(caught.code, what).to.equal('mic-in-use');
      expect(caught.fatal, what).to.equal(false);
      expect(caught.message, 'the browser\'s reason is passed on').to.contain(rejection.message);
      // One error event per failed request, the same as the rejection.
      expect(errors(events).map((e) => [e.code, e.fatal]), what).to.deep.equal(cases.slice(0, i + 1).map(() => ['mic-in-use', false]));
      expect(errors(events).at(-1)!.message).to.equal(caught.message);
      expect(el.getConnectionState(), what).to.equal('connected');
      // Nothing left capturing or published, here or on the server.
      expect(capturing(), `tracks capturing ${what}`).to.deep.equal([]);
      expect(microphonePublication(el), `a microphone publication ${what}`).to.equal(undefined);
      expect(await viewerMicrophoneOnServer(room), `the server lists a microphone ${what}`).to.equal(false);
      await callGoesOn(el, events, what);
    }

    // The other application lets go: the next request publishes the microphone, and stopping releases it.
    free();
    await el.startPublishing();
    expect(capturing().length, 'tracks capturing while published').to.equal(1);
    expect(microphonePublication(el)?.track?.mediaStreamTrack).to.equal(capturing()[0]);
    await waitFor('the server to list the microphone', () => viewerMicrophoneOnServer(room));
    await callGoesOn(el, events, 'while the microphone is published');
    await el.stopPublishing();
    expect(capturing(), 'tracks capturing after stopPublishing()').to.deep.equal([]);
    await waitFor('the server to drop the microphone', async () => !(await viewerMicrophoneOnServer(room)));

    expect(errors(events).length, 'no other error').to.equal(cases.length);
    expect(states(events), 'the call never left connected').to.deep.equal(['connecting', 'connected']);
    expect(ofType(events, 'disconnected')).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });

  it('the mic attribute: mic-in-use once as an error event (nothing to reject), then it publishes when set again', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('mic-in-use-attr');
    const avatar = await startPublisher(url, room, 'avatar-agent', { audio: true });
    cleanup.push(() => avatar.stop());
    const [rejection] = busyErrors();
    busy(rejection!);
    const asked = refused.length;
    const { el, events } = create({ url, token: await mintToken('viewer', room), mic: '' });
    cleanup.push(async () => el.remove());
    await waitFor('the error event', () => errors(events).length > 0);
    expect(refused.length, 'getUserMedia was asked').to.be.greaterThan(asked);
    expect(errors(events).map((e) => [e.code, e.fatal])).to.deep.equal([['mic-in-use', false]]);
    expect(el.getConnectionState()).to.equal('connected');
    expect(capturing()).to.deep.equal([]);
    expect(microphonePublication(el)).to.equal(undefined);
    await waitFor('the first frame', () => ofType(events, 'first-frame').length > 0);
    await callGoesOn(el, events, 'after the refusal');
    expect(errors(events).length, 'reported once').to.equal(1);

    free();
    el.mic = false;
    await el.updateComplete;
    el.mic = true;
    await el.updateComplete;
    await waitFor('the server to list the microphone', () => viewerMicrophoneOnServer(room));
    expect(capturing().length).to.equal(1);
    el.mic = false;
    await waitFor('the microphone to be released', () => capturing().length === 0, 5000);
    await waitFor('the server to drop the microphone', async () => !(await viewerMicrophoneOnServer(room)));
    expect(errors(events).length, 'no other error').to.equal(1);
    expect(ofType(events, 'disconnected')).to.deep.equal([]);
    expect(rejections).to.deep.equal([]);
  });
});
