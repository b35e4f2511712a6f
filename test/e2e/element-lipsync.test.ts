// Lip sync in the element (docs/sync.md): once the avatar's voice plays, the face follows the voice's delay
// from its receiver stats (liveStats.voiceDelayMs), again after a full reconnect and on a new voice track,
// and not at all with the jitter buffer off. Figures (how close) are in BENCHMARKS.md, not here.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar } from './element-fixture.js';
import { DEFAULT_SYNC_OPTIONS } from '../../src/playback/sync-clock.js';

const following = (el: SpatiusAvatarElement) => (el.liveStats?.voiceDelayMs ?? 0) > 0;

describe('<spatius-avatar> lip sync', () => {
  it('follows the voice, across a full reconnect and a new avatar track', async function () {
    this.timeout(120000);
    const url = await livekitUrl();
    const room = uniqueRoom('lipsync');
    let avatar = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const { el } = createAvatar({ url, token: await mintToken('viewer', room), renderer: 'none' });
    try {
      await oneEvent(el, 'first-frame');
      await waitFor('the face to follow the voice', () => following(el));
      expect(el.liveStats!.targetDelayMs).to.be.at.least(el.liveStats!.voiceDelayMs! - DEFAULT_SYNC_OPTIONS.motionLeadMs - 1e-6);
      // livekit-client's bitrate monitor (a getStats() every 2 s per track, main-thread time) is off on the avatar's tracks
      const tracks = [...el.getNativeClient()!.remoteParticipants.values()].flatMap((p) => [...p.trackPublications.values()].map((pub) => pub.track));
      expect(tracks.map((t) => t?.kind).sort()).to.deep.equal(['audio', 'video']);
      for (const t of tracks) expect((t as unknown as { monitorInterval?: unknown }).monitorInterval, `${t!.kind} track's monitor`).to.equal(undefined);

      await el.getNativeClient()!.simulateScenario('full-reconnect');
      await waitFor('the face to follow the voice after a full reconnect', () => el.getConnectionState() === 'connected' && following(el), 60000);

      await avatar.stop(); // the same avatar comes back with new tracks
      await waitFor('no voice to follow', () => !following(el), 30000);
      avatar = await startPublisher(url, room, 'avatar-agent', { audio: true });
      await waitFor('the face to follow the new voice', () => following(el), 60000);
    } finally {
      el.remove();
      await avatar.stop();
    }
  });

  it('does nothing with the jitter buffer off (render on arrival, as the anchor defines it)', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('lipsync-off');
    const avatar = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const { el } = createAvatar({ url, token: await mintToken('viewer', room), renderer: 'none', 'jitter-buffer': 'off' });
    try {
      await oneEvent(el, 'first-frame');
      await waitFor('a few seconds of stats', () => (el.stats?.rendered ?? 0) > 75, 30000);
      expect(el.liveStats!.voiceDelayMs ?? null).to.equal(null);
      expect(el.liveStats!.targetDelayMs).to.equal(0);
    } finally {
      el.remove();
      await avatar.stop();
    }
  });
});
