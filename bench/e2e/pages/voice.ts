// The voice-only baseline page of the end-to-end bench: what a plain LiveKit voice-agent page does, with no
// <spatius-avatar>. Per call: livekit-client's Room (the same package and version as the element, with the
// element's options where they matter: no adaptive stream, no dynacast), joined to an avatar's room, subscribed
// to the avatar's voice only (autoSubscribe off, the audio publications subscribed; the motion video track is
// never subscribed), played through the <audio> element track.attach() makes, appended to the page. livekit-client
// is used as is (its per-track bitrate monitor runs, no encoded-frame transform). The page loads the standalone
// element script first, like the idle page, and makes no element.
import { Room, RoomEvent, Track } from 'livekit-client';
import type { RemoteTrackPublication } from 'livekit-client';
import { rtpSums } from './rtp.js';

const w = window as unknown as Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const calls: { room: Room; audio: HTMLMediaElement[] }[] = [];

/** One call per token; resolves once every call's <audio> plays the voice. */
w.call = async (url: string, tokens: string[]) => {
  await Promise.all(tokens.map(async (token) => {
    const room = new Room({ adaptiveStream: false, dynacast: false });
    const call = { room, audio: [] as HTMLMediaElement[] };
    calls.push(call);
    const playing = new Promise<void>((resolve) => {
      room.on(RoomEvent.TrackSubscribed, (track) => {
        if (track.kind !== Track.Kind.Audio) return;
        const el = track.attach();
        document.body.append(el);
        call.audio.push(el);
        if (!el.paused && el.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA) resolve();
        else el.addEventListener('playing', () => resolve(), { once: true });
      });
    });
    const subscribe = (pub: RemoteTrackPublication) => {
      if (pub.kind === Track.Kind.Audio) pub.setSubscribed(true);
    };
    room.on(RoomEvent.TrackPublished, subscribe);
    await room.connect(url, token, { autoSubscribe: false });
    for (const p of room.remoteParticipants.values()) for (const pub of p.trackPublications.values()) subscribe(pub);
    await Promise.race([playing, sleep(15000).then(() => { throw new Error('the voice did not play in 15 s'); })]);
  }));
};

/** Per call: the subscribed tracks' inbound-rtp counters (the voice only: the video figures stay 0). */
w.rtp = async () => Promise.all(calls.map((c) => rtpSums(c.room)));

/** Per call: its <audio> elements' playback position, seconds (to show the voices were playing). */
w.played = () => calls.map((c) => c.audio.reduce((s, a) => s + a.currentTime, 0));

/** No element on this page: nothing rendered (the viewer page's counter, for the bench's common loop). */
w.rendered = () => calls.map(() => 0);

w.ready = true;
