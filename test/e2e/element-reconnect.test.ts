// LiveKit's own reconnects, driven by livekit-client's simulateScenario: the element maps them to
// reconnecting then connected, and motion keeps flowing, including after a full reconnect, where
// livekit-client replaces its engine and peer connections (the receive path must follow). Module build.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

describe('<spatius-avatar> across LiveKit reconnects', () => {
  for (const scenario of ['signal-reconnect', 'full-reconnect'] as const) {
    it(`${scenario}: reconnecting, then connected, and frames keep coming`, async function () {
      this.timeout(90000);
      const url = await livekitUrl();
      const room = uniqueRoom(scenario);
      const pub = await startPublisher(url, room, 'avatar-agent');
      const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
      const states: string[] = [];
      const frames: number[] = [];
      const at: number[] = [];
      el.addEventListener('connection-state-changed', (e) => {
        states.push(e.detail.state);
        at.push(performance.now());
      });
      el.addEventListener('frame', (e) => e.detail.fresh && frames.push(e.detail.seq));
      el.setAttribute('renderer', 'none');
      el.setAttribute('url', url);
      el.setAttribute('token', await mintToken('viewer', room));
      document.body.append(el);
      try {
        await oneEvent(el, 'first-frame');
        await el.getNativeClient()!.simulateScenario(scenario);
        await waitFor('reconnecting then connected', () => states.lastIndexOf('connected') > states.indexOf('reconnecting') && states.includes('reconnecting'), 60000);
        const after = frames.length;
        await waitFor('frames after the reconnect', () => frames.length > after + 25, 30000);
        const last = frames.slice(after);
        for (let i = 1; i < last.length; i++) expect(last[i]).to.be.greaterThan(last[i - 1]!);
        expect(el.getConnectionState()).to.equal('connected');
        const from = at[states.indexOf('reconnecting')]!;
        console.log(`[reconnect] ${scenario}: reconnecting for ${(at[states.lastIndexOf('connected')]! - from).toFixed(0)} ms`);
      } finally {
        el.remove();
        await pub.stop();
      }
    });
  }
});
