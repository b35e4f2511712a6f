// What the page published from script (startPublishing(), publishAudio()) on a new Room: published again when
// the Room continues the same call (reconnect(); the fresh connect after the reconnect deadline takes the same
// path, CallOutput.connected's `continued`, test/node/room/reconnect-deadline.test.ts), never for a call begun
// anew. Module build.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { createAvatar } from './element-fixture.js';

const TRACK_AUDIO = 0; // livekit protocol TrackType.AUDIO
const SOURCE_MICROPHONE = 2; // TrackSource.MICROPHONE

/**
 * The audio tracks the server lists for the element's current Room (its participant sid: a Room just left may
 * still be listed under the same identity): `mic` and the custom track's name.
 */
async function serverTracks(room: string, el: SpatiusAvatarElement): Promise<string[]> {
  const sid = el.getNativeClient()?.localParticipant.sid;
  const viewer = (await listParticipants(room)).find((p) => p.identity === 'viewer' && p.sid === sid);
  if (!viewer) return ['(the Room is not listed)'];
  return viewer.tracks.filter((t) => t.type === TRACK_AUDIO).map((t) => (t.source === SOURCE_MICROPHONE ? 'mic' : t.name)).sort();
}

/** Waits until the server lists `expected` for the element's Room; says what it listed (and the errors) if not. */
async function untilListed(room: string, el: SpatiusAvatarElement, expected: string[], errors: ErrorDetail[]): Promise<void> {
  try {
    await waitFor(`the server to list ${expected.join(', ') || 'nothing'}`, async () => (await serverTracks(room, el)).join() === expected.join(), 20000);
  } catch (err) {
    const listed = (await listParticipants(room)).map((p) => ({ sid: p.sid, state: p.state, tracks: p.tracks.map((t) => t.name || t.source) }));
    const local = [...(el.getNativeClient()?.localParticipant.trackPublications.values() ?? [])].map((p) => `${p.source}:${p.trackSid}:${p.track?.mediaStreamTrack.readyState}`);
    throw new Error(`${String(err)}; the Room's sid ${el.getNativeClient()?.localParticipant.sid}, listed ${JSON.stringify(listed)}, local ${JSON.stringify(local)}, errors ${JSON.stringify(errors)}`);
  }
}

/** The page's tracks the element's Room publishes now. */
const publishedTracks = (el: SpatiusAvatarElement) =>
  [...el.getNativeClient()!.localParticipant.trackPublications.values()].map((p) => p.track?.mediaStreamTrack);
/** The same, without the microphone: the tracks given to publishAudio(). */
const customTracks = (el: SpatiusAvatarElement) =>
  [...el.getNativeClient()!.localParticipant.trackPublications.values()].filter((p) => p.source === 'unknown').map((p) => p.track?.mediaStreamTrack);

describe('<spatius-avatar> what the page published, on a new Room', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    cleanup = [];
  });

  /** A connected element (no `mic` attribute) and a live tone track of the page's. */
  async function setup(prefix: string) {
    const url = await livekitUrl();
    const room = uniqueRoom(prefix);
    const el = createAvatar({ url, token: await mintToken('viewer', room), 'agent-timeout': '0' }).el; // no agent here
    cleanup.push(async () => el.remove());
    const errors: ErrorDetail[] = [];
    el.addEventListener('error', (e) => errors.push(e.detail));
    await oneEvent(el, 'connected');
    const ctx = new AudioContext();
    cleanup.push(() => ctx.close());
    const dest = ctx.createMediaStreamDestination();
    const osc = ctx.createOscillator();
    osc.connect(dest);
    osc.start();
    return { url, room, el, errors, ctx, track: dest.stream.getAudioTracks()[0]! };
  }

  it('reconnect() publishes the microphone and the custom track again, the same track of the page', async function () {
    this.timeout(60000);
    const { room, el, errors, ctx, track } = await setup('republish');
    await el.startPublishing();
    await el.publishAudio(track);
    await untilListed(room, el, ['custom-audio', 'mic'], errors);
    const before = el.getNativeClient();
    await el.reconnect();
    // What a page did on its own before the element published again (and may still do): the same track is
    // published once, with no error, whichever request comes first.
    await el.publishAudio(track);
    expect(el.getNativeClient(), 'a new Room').to.not.equal(before);
    expect(track.readyState, 'the page track was not stopped by the old Room').to.equal('live');
    await untilListed(room, el, ['custom-audio', 'mic'], errors); // the new Room publishes both again
    expect(publishedTracks(el), "the page's own track").to.include(track);
    expect(el.getNativeClient()!.localParticipant.isMicrophoneEnabled, 'the microphone, on the new Room').to.equal(true);
    expect(errors).to.deep.equal([]);
    // Another track, published by the page in its `connected` listener: the page's wins, once.
    const other = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    el.addEventListener('connected', () => void el.publishAudio(other).catch((e: ErrorDetail) => errors.push(e)), { once: true });
    await el.reconnect();
    await untilListed(room, el, ['custom-audio', 'mic'], errors);
    await new Promise((r) => setTimeout(r, 1000)); // a republish of the old track would have come by now
    expect(customTracks(el), "the page's new track only").to.deep.equal([other]);
    expect(await serverTracks(room, el)).to.deep.equal(['custom-audio', 'mic']);
    // Unpublished and stopped, then reconnected again: nothing of them comes back.
    await el.unpublishAudio();
    await el.stopPublishing();
    await el.reconnect();
    await el.publishAudio(track); // published by the page: listed once the server has it
    await untilListed(room, el, ['custom-audio'], errors);
    await new Promise((r) => setTimeout(r, 1000)); // a microphone published again would be listed by now
    expect(await serverTracks(room, el), 'no microphone').to.deep.equal(['custom-audio']);
    expect(errors).to.deep.equal([]);
  });

  it('turning the microphone off wins: stopPublishing() while it is being published; mic turned off in the connected listener of a new Room', async function () {
    this.timeout(60000);
    const { room, el, errors } = await setup('republish-mic-off');
    const micOnRoom = () => el.getNativeClient()!.localParticipant.getTrackPublication('microphone' as never);
    // Stopped in the same task as the start: livekit-client has no publication to stop yet.
    const starting = el.startPublishing().then(() => 'published', (e: ErrorDetail) => e.code);
    await el.stopPublishing();
    expect(await starting, 'the start, overtaken by the stop').to.equal('aborted');
    await new Promise((r) => setTimeout(r, 1000));
    expect(micOnRoom(), 'no microphone published').to.equal(undefined);
    await untilListed(room, el, [], errors);
    // The attribute on, then off in the connected listener of a new Room of the call: no microphone there.
    el.mic = true;
    await untilListed(room, el, ['mic'], errors);
    el.addEventListener('connected', () => (el.mic = false), { once: true });
    await el.reconnect();
    await new Promise((r) => setTimeout(r, 1500)); // a microphone published again would be listed by now
    expect(micOnRoom(), 'no microphone on the new Room').to.equal(undefined);
    await untilListed(room, el, [], errors);
    expect(errors).to.deep.equal([]);
  });

  it('a call begun anew (disconnect() then reconnect(); a track the page ended) publishes nothing of the last one', async function () {
    this.timeout(60000);
    const { room, el, errors, ctx, track } = await setup('republish-anew');
    await el.startPublishing();
    await el.publishAudio(track);
    await untilListed(room, el, ['custom-audio', 'mic'], errors);
    await el.disconnect();
    await el.reconnect();
    const other = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    await el.publishAudio(other);
    await untilListed(room, el, ['custom-audio'], errors); // the page's new track
    expect(publishedTracks(el), 'only the new track').to.deep.equal([other]);
    // The same call continues, but the page ended its track: not published again, and no error for it.
    other.stop();
    await el.reconnect();
    await new Promise((r) => setTimeout(r, 1000));
    expect(publishedTracks(el)).to.deep.equal([]);
    expect(await serverTracks(room, el)).to.deep.equal([]);
    expect(errors).to.deep.equal([]);
  });
});
