// Firefox (the script-transform attach path): the element's transform on the avatar's video receiver must
// not depend on the order of TrackSubscribed listeners. livekit-client clears `receiver.transform` at
// TrackSubscribed (setupPassthroughReceiver), from a listener that happens to run before the element's. Here
// a writer runs after the element at every TrackSubscribed (a listener registered later, then the same
// write a microtask and a task later), and motion must keep flowing, in order, after a re-subscription, a
// full reconnect and a new avatar track. Chromium pipes encoded streams instead (there is no slot to hold),
// so web-test-runner.config.mjs runs this file in Firefox only. Module build.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import { RoomEvent, Track } from 'livekit-client';
import type { RemoteTrack, RemoteTrackPublication, Room } from 'livekit-client';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar } from './element-fixture.js';

/** Clears the video receivers' transform slot after everyone else, at every TrackSubscribed from now on. */
function laterWriter(room: Room): { writes: number; receivers: RTCRtpReceiver[] } {
  const seen = { writes: 0, receivers: [] as RTCRtpReceiver[] };
  room.on(RoomEvent.TrackSubscribed, (track: RemoteTrack) => {
    const receiver = track.receiver;
    if (track.kind !== Track.Kind.Video || !receiver) return;
    seen.receivers.push(receiver);
    const clear = () => {
      receiver.transform = null;
      seen.writes++;
    };
    clear();
    queueMicrotask(clear);
    setTimeout(clear, 0);
  });
  return seen;
}

const motionPublication = (room: Room): RemoteTrackPublication | undefined =>
  [...(room.remoteParticipants.get('avatar-agent')?.videoTrackPublications.values() ?? [])][0];

describe('<spatius-avatar> holds its receiver transform against later writers (script transform)', () => {
  const scenarios = {
    're-subscription': async (room: Room) => {
      const publication = motionPublication(room)!;
      const unsubscribed = new Promise((r) => room.once(RoomEvent.TrackUnsubscribed, r));
      publication.setSubscribed(false);
      await unsubscribed; // (isSubscribed turns false at once, before the server has acted)
      publication.setSubscribed(true);
    },
    'full reconnect': (room: Room) => room.simulateScenario('full-reconnect'),
    'a new avatar track': async (_room: Room, pub: Awaited<ReturnType<typeof startPublisher>>) => pub.republishMotion(),
  };
  for (const [name, act] of Object.entries(scenarios)) {
    it(`motion keeps flowing after ${name}`, async function () {
      this.timeout(90000);
      const url = await livekitUrl();
      const room = uniqueRoom('hold');
      const pub = await startPublisher(url, room, 'avatar-agent');
      const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), renderer: 'none' });
      const frames = () => events.filter((e) => e.type === 'frame' && e.detail.fresh).map((e) => e.detail.seq as number);
      try {
        await oneEvent(el, 'first-frame');
        const client = el.getNativeClient()!;
        const writer = laterWriter(client);
        await act(client, pub);
        await waitFor('the later writer to run at a new TrackSubscribed', () => writer.writes >= 3, 60000);
        const after = frames().length;
        await waitFor('25 frames after it', () => frames().length > after + 25, 30000);
        const seqs = frames().slice(after);
        for (let i = 1; i < seqs.length; i++) expect(seqs[i], `frame ${i} after ${name}`).to.be.greaterThan(seqs[i - 1]!);
        // The slot still holds a transform (ours: the frames above went through it).
        for (const r of writer.receivers) expect(r.transform instanceof RTCRtpScriptTransform, 'a transform in the slot').to.equal(true);
        expect(el.getConnectionState()).to.equal('connected');
        expect(events.filter((e) => e.type === 'error').map((e) => e.detail.code)).to.deep.equal([]);
      } finally {
        el.remove();
        await pub.stop();
      }
    });
  }
});
