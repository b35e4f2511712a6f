// The microphone on a machine that has none: this group's browser runs without fake devices
// (web-test-runner.config.mjs, group e2e-no-device), and this machine has no audio input.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { ErrorDetail } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom } from '../e2e/livekit.js';
import { createAvatar } from '../e2e/element-fixture.js';

describe('<spatius-avatar> on a machine without a microphone', () => {
  it('startPublishing(): mic-not-found (not fatal, one error event), the call goes on', async () => {
    const devices = await navigator.mediaDevices.enumerateDevices();
    expect(devices.filter((d) => d.kind === 'audioinput'), 'this group needs a browser without audio input').to.deep.equal([]);
    const url = await livekitUrl();
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', uniqueRoom('no-mic')) });
    try {
      await oneEvent(el, 'connected');
      const error = await el.startPublishing().then(() => undefined, (e: ErrorDetail) => e);
      expect(error?.code).to.equal('mic-not-found');
      expect(error?.fatal).to.equal(false);
      expect(events.filter((e) => e.type === 'error').map((e) => (e.detail as unknown as ErrorDetail).code)).to.deep.equal(['mic-not-found']);
      expect(el.getConnectionState()).to.equal('connected');
    } finally {
      el.remove();
    }
  });
});
