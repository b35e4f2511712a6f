// A `connected` listener that ends the call (disconnect()) while the avatar was found during the connect:
// nothing of that call follows `disconnected` (before the fix, `avatar-discovered` came after it in 4 of 6
// tries), and the element no longer names an avatar.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<spatius-avatar> a connected listener that disconnects', () => {
  it('no avatar-discovered after disconnected; avatar unset', async function () {
    this.timeout(90000);
    const url = await livekitUrl();
    const room = uniqueRoom('connected-listener');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    try {
      await sleep(1000); // the avatar's tracks are published before the viewers join: found while connecting
      for (let i = 0; i < 4; i++) {
        const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
        const events: string[] = [];
        for (const type of ['connected', 'disconnected', 'avatar-discovered']) el.addEventListener(type, () => events.push(type));
        el.addEventListener('connected', () => void el.disconnect(), { once: true });
        el.setAttribute('url', url);
        el.setAttribute('token', await mintToken(`viewer-${i}`, room));
        el.setAttribute('log-level', 'none');
        el.setAttribute('agent-timeout', '0');
        document.body.append(el);
        try {
          await waitFor('disconnected', () => events.includes('disconnected'), 30000);
          await sleep(1000);
          expect(events, `try ${i}`).to.deep.equal(['connected', 'disconnected']);
          expect(el.avatar, 'no avatar once the call ended').to.equal(undefined);
        } finally {
          el.remove();
        }
      }
    } finally {
      await pub.stop();
    }
  });
});
