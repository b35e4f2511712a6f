// MotionPublisher (spatius-avatar/publisher, built) in one Room, <spatius-avatar renderer="none"> in another,
// through the real server: the pushed frames arrive with their values, in order, inside one conversation.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import { Room } from 'livekit-client';
import { BLENDSHAPE_COUNT } from '../../dist/codec.js';
import { MotionPublisher } from '../../dist/publisher.js';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';

describe('MotionPublisher', () => {
  it('publishes voice and motion; a conversation of pushed frames plays in order with its values', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const roomName = uniqueRoom('publisher');
    const room = new Room({ adaptiveStream: false, dynacast: false });
    const ctx = new AudioContext();
    const dest = ctx.createMediaStreamDestination();
    ctx.createOscillator().connect(dest);
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const frames: { seq: number; jaw: number; time: number; state: string }[] = [];
    const events: string[] = [];
    el.addEventListener('frame', (e) => e.detail.fresh && frames.push({ seq: e.detail.seq, jaw: e.detail.weights[17]!, time: e.detail.time, state: e.detail.state }));
    for (const t of ['conversation-start', 'conversation-end']) el.addEventListener(t, () => events.push(t));
    let publisher: MotionPublisher | undefined;
    try {
      await room.connect(url, await mintToken('avatar-agent', roomName));
      publisher = new MotionPublisher(room, { voice: dest.stream.getAudioTracks()[0]! });
      await publisher.start();
      el.setAttribute('renderer', 'none');
      el.setAttribute('url', url);
      el.setAttribute('token', await mintToken('viewer', roomName));
      document.body.append(el);
      await oneEvent(el, 'avatar-discovered');
      const N = 50;
      const weights = (i: number) => {
        const w = new Float32Array(BLENDSHAPE_COUNT);
        w[17] = i / N;
        return w;
      };
      publisher.startConversation({ blendshapes: weights(0) });
      for (let i = 0; i < N; i++) {
        publisher.pushFrame({ blendshapes: weights(i) });
        await new Promise((r) => setTimeout(r, 40));
      }
      publisher.endConversation();
      await waitFor('conversation-end', () => events.includes('conversation-end'), 20000);
      expect(events).to.deep.equal(['conversation-start', 'conversation-end']);
      expect(frames.length).to.be.greaterThan(N - 3, `frames: ${frames.length}`);
      for (let i = 1; i < frames.length; i++) {
        expect(frames[i]!.seq).to.equal(frames[i - 1]!.seq + 1);
        expect(frames[i]!.time - frames[i - 1]!.time).to.equal(40);
      }
      // After the transition-in (which shows blends on the way in), each frame shows exactly the pushed weights.
      const speaking = frames.filter((f) => f.state === 'speaking');
      expect(speaking.length).to.be.greaterThan(N - 12);
      // The last pushed frame left before endConversation(): it goes again with END, 40 ms on (time N x 40).
      for (const f of speaking) expect(f.jaw).to.be.closeTo(Math.min(f.time / 40, N - 1) / N, 1e-4);
      expect(publisher.stats.packetsSent).to.be.greaterThan(N);
    } finally {
      el.remove();
      await publisher?.stop();
      await room.disconnect();
      await ctx.close();
    }
  });
});
