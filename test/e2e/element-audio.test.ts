// The element's audio: the avatar's voice (and only the avatar's), the microphone, custom audio tracks,
// the avatar-identity attribute and moving rooms. Module build.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { ErrorDetail, SpatiusAvatarElement } from '../../src/index.js';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar } from './element-fixture.js';

const create = (attrs: Record<string, string>): SpatiusAvatarElement => createAvatar(attrs).el;

/**
 * Whether this page can run an AudioContext. Autoplay is allowed in this group, but a machine without an
 * audio device (this one) leaves Firefox's AudioContext suspended, so livekit-client reports playback as
 * blocked: then, and only then, audio-blocked is the machine's truth and not the product's fault.
 */
async function audioContextRuns(): Promise<boolean> {
  const ctx = new AudioContext();
  try {
    await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 1000))]);
    return ctx.state === 'running';
  } finally {
    await ctx.close();
  }
}

const TRACK_AUDIO = 0; // livekit protocol TrackType.AUDIO
const SOURCE_MICROPHONE = 2; // TrackSource.MICROPHONE

const audioOf = (el: SpatiusAvatarElement) => el.shadowRoot!.querySelector('audio')!;
const playingTrackIds = (el: SpatiusAvatarElement) =>
  ((audioOf(el).srcObject as MediaStream | null)?.getAudioTracks() ?? []).filter((t) => t.readyState === 'live').map((t) => t.id);

async function bytesSent(el: SpatiusAvatarElement, source: string): Promise<number> {
  const pub = [...el.getNativeClient()!.localParticipant.trackPublications.values()].find((p) => p.source === source);
  let sent = 0;
  (await pub?.track?.sender?.getStats())?.forEach((s) => {
    if (s.type === 'outbound-rtp') sent = s.bytesSent ?? 0;
  });
  return sent;
}

describe('<spatius-avatar> audio', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    cleanup = [];
  });

  it("plays the avatar's voice, and only the avatar's, with volume and muted", async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('voice');
    const avatar = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const bystander = await startPublisher(url, room, 'bystander', { audio: true, motion: false });
    cleanup.push(() => avatar.stop(), () => bystander.stop());
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), volume: '0.5', muted: '' });
    cleanup.push(async () => el.remove());
    const discovered = await oneEvent(el, 'avatar-discovered');
    expect(discovered.detail.identity).to.equal('avatar-agent');
    await waitFor('the voice to be attached', () => playingTrackIds(el).length > 0);
    const client = el.getNativeClient()!;
    const voice = [...client.remoteParticipants.get('avatar-agent')!.audioTrackPublications.values()][0]!.track!;
    // The bystander's voice reaches the viewer too (subscribed, live): only then does "only" mean something.
    const other = await waitFor("the bystander's voice to be subscribed", () => {
      const track = [...(client.remoteParticipants.get('bystander')?.audioTrackPublications.values() ?? [])][0]?.track;
      return track?.mediaStreamTrack.readyState === 'live' && track;
    });
    expect(other.mediaStreamTrack.id).not.to.equal(voice.mediaStreamTrack.id);
    expect(playingTrackIds(el), "the avatar's voice only").to.deep.equal([voice.mediaStreamTrack.id]);
    // One more voice joins after the avatar was found: it is subscribed, and still not played.
    const late = await startPublisher(url, room, 'late-bystander', { audio: true, motion: false });
    cleanup.push(() => late.stop());
    await waitFor("the late bystander's voice to be subscribed", () => {
      const track = [...(client.remoteParticipants.get('late-bystander')?.audioTrackPublications.values() ?? [])][0]?.track;
      return track?.mediaStreamTrack.readyState === 'live';
    });
    expect(playingTrackIds(el), "the avatar's voice only, after a late bystander").to.deep.equal([voice.mediaStreamTrack.id]);
    const audio = audioOf(el);
    await waitFor('the audio element to play', () => !audio.paused);
    expect(audio.volume).to.equal(0.5);
    expect(audio.muted).to.equal(true);
    expect(events.some((e) => e.type === 'audio-blocked'), 'audio-blocked').to.equal(!(await audioContextRuns()));
    el.removeAttribute('muted');
    await el.updateComplete;
    expect(audio.muted).to.equal(false);
  });

  it('avatar-identity picks the avatar among several motion publishers', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('identity');
    const a = await startPublisher(url, room, 'avatar-a');
    const b = await startPublisher(url, room, 'avatar-b');
    cleanup.push(() => a.stop(), () => b.stop());
    const el = create({ url, token: await mintToken('viewer', room), 'avatar-identity': 'avatar-b' });
    cleanup.push(async () => el.remove());
    const discovered = await oneEvent(el, 'avatar-discovered');
    expect(discovered.detail.identity).to.equal('avatar-b');
  });

  it('without avatar-identity, prefers the participant that publishes on behalf of an agent', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('on-behalf');
    const plain = await startPublisher(url, room, 'some-publisher');
    cleanup.push(() => plain.stop());
    const el = create({ url, token: await mintToken('viewer', room) });
    cleanup.push(async () => el.remove());
    await waitFor('the first motion publisher', () => el.avatar === 'some-publisher');
    const avatar = await startPublisher(url, room, 'agent-avatar', { attributes: { 'lk.publish_on_behalf': 'agent-1' } });
    cleanup.push(() => avatar.stop());
    await waitFor('the agent avatar to take over', () => el.avatar === 'agent-avatar');
  });

  it('mic publishes the microphone (media flows through the piped sender); stopPublishing releases it', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('mic');
    const el = create({ url, token: await mintToken('viewer', room), mic: '' });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    await waitFor('the server to list the microphone', async () =>
      (await listParticipants(room)).find((p) => p.identity === 'viewer')?.tracks.some((t) => t.type === TRACK_AUDIO && t.source === SOURCE_MICROPHONE));
    const first = await waitFor('bytes sent', async () => (await bytesSent(el, 'microphone')) || false);
    await waitFor('more bytes sent', async () => (await bytesSent(el, 'microphone')) > first + 1000);
    const mic = el.getNativeClient()!.localParticipant.getTrackPublication('microphone' as never)!.track!.mediaStreamTrack;
    await el.stopPublishing();
    expect(mic.readyState).to.equal('ended', 'the device is released');
    await waitFor('the server to drop the microphone', async () =>
      !(await listParticipants(room)).find((p) => p.identity === 'viewer')?.tracks.some((t) => t.source === SOURCE_MICROPHONE));
  });

  it('publishAudio sends any track; unpublishAudio leaves it running', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('custom-audio');
    const el = create({ url, token: await mintToken('viewer', room) });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    const ctx = new AudioContext();
    cleanup.push(() => ctx.close());
    const osc = ctx.createOscillator();
    const dest = ctx.createMediaStreamDestination();
    osc.connect(dest);
    osc.start();
    const track = dest.stream.getAudioTracks()[0]!;
    await el.publishAudio(track);
    await waitFor('the server to list the custom track', async () =>
      (await listParticipants(room)).find((p) => p.identity === 'viewer')?.tracks.some((t) => t.type === TRACK_AUDIO && t.name === 'custom-audio'));
    await waitFor('bytes sent', async () => (await bytesSent(el, 'unknown')) > 1000);
    await el.unpublishAudio();
    expect(track.readyState).to.equal('live');
    await waitFor('the server to drop it', async () =>
      !(await listParticipants(room)).find((p) => p.identity === 'viewer')?.tracks.some((t) => t.name === 'custom-audio'));
  });

  it('publishAudio refuses a video or an ended track with invalid-track (rejects only, no event), and the call goes on', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('bad-track');
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room) });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    const canvas = document.createElement('canvas');
    const video = canvas.captureStream(5).getVideoTracks()[0]!;
    const ctx = new AudioContext();
    cleanup.push(() => ctx.close(), async () => video.stop());
    const ended = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    ended.stop();
    for (const [what, track] of [['video', video], ['ended audio', ended], ['not a track', {}]] as const) {
      const error = await el.publishAudio(track as MediaStreamTrack).then(() => undefined, (e: ErrorDetail) => e);
      expect(error?.code, what).to.equal('invalid-track');
      expect(error?.fatal, what).to.equal(false);
    }
    expect(video.readyState, 'the page\'s track is never stopped').to.equal('live');
    expect(events.filter((e) => e.type === 'error')).to.deep.equal([]);
    expect(el.getConnectionState()).to.equal('connected');
    expect((await listParticipants(room)).find((p) => p.identity === 'viewer')?.tracks ?? []).to.deep.equal([]);
  });

  it('publishAudio with a token that may not publish: publish-failed (not fatal, one error event), the track keeps running', async () => {
    const url = await livekitUrl();
    const room = uniqueRoom('no-publish');
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room, { grants: { canPublish: false } }) });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    const ctx = new AudioContext();
    cleanup.push(() => ctx.close());
    const track = ctx.createMediaStreamDestination().stream.getAudioTracks()[0]!;
    const error = await el.publishAudio(track).then(() => undefined, (e: ErrorDetail) => e);
    expect(error?.code).to.equal('publish-failed');
    expect(error?.fatal).to.equal(false);
    expect(events.filter((e) => e.type === 'error').map((e) => (e.detail as unknown as ErrorDetail).code)).to.deep.equal(['publish-failed']);
    expect(track.readyState).to.equal('live');
    expect(el.getConnectionState()).to.equal('connected');
  });

  it('startPublishing() then disconnect() at once: aborted, no error event, the microphone is released', async () => {
    const tracks: MediaStreamTrack[] = [];
    const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints) => {
      const stream = await gum(constraints);
      tracks.push(...stream.getTracks());
      return stream;
    };
    cleanup.push(async () => { navigator.mediaDevices.getUserMedia = gum; });
    const url = await livekitUrl();
    const room = uniqueRoom('mic-abort');
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room) });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    const publishing = el.startPublishing().then(() => 'published', (e: ErrorDetail) => e.code);
    await el.disconnect();
    expect(await publishing).to.equal('aborted');
    expect(events.filter((e) => e.type === 'error').map((e) => e.detail)).to.deep.equal([]);
    await waitFor('every microphone track the element opened to be stopped', () => tracks.every((t) => t.readyState === 'ended'), 5000);
    expect(el.getConnectionState()).to.equal('disconnected');
  });

  it('changing room and token moves to the new room, never two rooms at once', async () => {
    const url = await livekitUrl();
    const [one, two] = [uniqueRoom('move-a'), uniqueRoom('move-b')];
    const el = create({ url, token: await mintToken('viewer', one), room: one });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    const token = await mintToken('viewer', two);
    el.setAttribute('token', token);
    el.setAttribute('room', two);
    await waitFor('the second room', () => el.getNativeClient()?.name === two && el.getConnectionState() === 'connected');
    await waitFor('the server to show the viewer in the second room only', async () =>
      (await listParticipants(two)).some((p) => p.identity === 'viewer') && (await listParticipants(one)).length === 0);
  });
});
