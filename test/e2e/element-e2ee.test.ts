// An end-to-end encrypted room: the element cannot read the motion (E2EE owns the receiver's transform)
// and says so with a non-fatal e2ee-unsupported error instead of showing a silent, still face.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { ExternalE2EEKeyProvider, Room } from 'livekit-client';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';

describe('<spatius-avatar> in an E2EE room', () => {
  it('reports e2ee-unsupported (non-fatal) when the avatar publishes encrypted tracks', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const roomName = uniqueRoom('e2ee');
    const keyProvider = new ExternalE2EEKeyProvider();
    await keyProvider.setKey('a shared secret');
    const worker = new Worker(new URL('../../node_modules/livekit-client/dist/livekit-client.e2ee.worker.mjs', import.meta.url), { type: 'module' });
    const publisher = new Room({ e2ee: { keyProvider, worker } });
    const ctx = new AudioContext();
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const errors: { code: string; fatal: boolean }[] = [];
    el.addEventListener('error', (e) => errors.push(e.detail));
    try {
      await publisher.setE2EEEnabled(true);
      await publisher.connect(url, await mintToken('encrypted-avatar', roomName));
      const dest = ctx.createMediaStreamDestination();
      ctx.createOscillator().connect(dest);
      await publisher.localParticipant.publishTrack(dest.stream.getAudioTracks()[0]!, { name: 'voice' });
      el.setAttribute('url', url);
      el.setAttribute('token', await mintToken('viewer', roomName));
      document.body.append(el);
      await waitFor('an e2ee-unsupported error', () => errors.find((e) => e.code === 'e2ee-unsupported'), 30000);
      expect(errors.find((e) => e.code === 'e2ee-unsupported')!.fatal).to.equal(false);
      expect(el.getConnectionState()).to.equal('connected');
    } finally {
      el.remove();
      await publisher.disconnect();
      worker.terminate();
      await ctx.close();
    }
  });
});
