// WebKitGTK as Debian builds it (no WebRTC: RTCPeerConnection undefined): the element still registers, reads
// its attributes, draws the default face in its OffscreenCanvas worker, and refuses to connect with a fatal
// unsupported-browser error instead of failing somewhere inside livekit-client. Runs in WebKit only
// (web-test-runner.config.mjs): in Chromium and Firefox connecting is supported.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { waitFor } from '../e2e/livekit.js';

/** How many distinct colours the element's snapshot has. */
async function colours(el: SpatiusAvatarElement): Promise<number> {
  const blob = await el.snapshot();
  if (!blob) throw new Error('no snapshot');
  const bitmap = await createImageBitmap(blob);
  const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const { data } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += 4) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
}

describe('<spatius-avatar> in a browser without WebRTC', () => {
  it('registers, reads attributes, draws the face in its worker, and connect() fails with unsupported-browser', async () => {
    expect(typeof RTCPeerConnection, 'this browser has no WebRTC').to.equal('undefined');
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    const errors: { code: string; fatal: boolean }[] = [];
    el.addEventListener('error', (e) => errors.push(e.detail));
    el.style.width = el.style.height = '200px';
    el.setAttribute('manual', '');
    el.setAttribute('url', 'ws://127.0.0.1:9');
    el.setAttribute('token', 'not-used');
    el.setAttribute('jitter-buffer', 'off');
    el.setAttribute('max-buffer-delay', '120');
    el.setAttribute('look', 'nova');
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(el.enableJitterBuffer).to.equal(false);
      expect(el.maxBufferDelayMs).to.equal(120);
      let caught: { code?: string } | undefined;
      await el.connect().catch((e) => (caught = e));
      expect(caught?.code).to.equal('unsupported-browser');
      expect(errors.map((e) => [e.code, e.fatal])).to.deep.equal([['unsupported-browser', true]]);
      expect(el.getAttribute('state')).to.equal('failed');
      // The face: snapshots from the worker's OffscreenCanvas until one has more than the background in it
      // (the worker draws on its own timer: the first snapshot may come before the first draw).
      await waitFor('a snapshot with the face in it', async () => (await colours(el)) > 20);
    } finally {
      el.remove();
    }
  });
});
