// The face on screen: first-frame, and the canvas changes when the avatar's jawOpen changes (read back
// with element.snapshot(), with reduced motion so idle drift cannot move the mouth). Module build.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

const SIZE = 320;
const U = SIZE * 0.3, OX = SIZE / 2, OY = SIZE * 0.45; // the face renderer's frame at this size

/** A fingerprint of the mouth region of a snapshot. */
async function mouth(el: SpatiusAvatarElement): Promise<string> {
  const blob = await el.snapshot();
  if (!blob) throw new Error('no snapshot');
  const bitmap = await createImageBitmap(blob);
  const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
  ctx.drawImage(bitmap, 0, 0);
  const { data } = ctx.getImageData(OX - 0.45 * U, OY + 0.3 * U, 0.9 * U, 0.6 * U);
  let h = 0;
  for (let i = 0; i < data.length; i += 16) h = (Math.imul(h, 31) + (data[i]! >> 3) + (data[i + 1]! >> 3)) | 0;
  return h.toString(16);
}

describe('<spatius-avatar> face', () => {
  // Chromium: emulated over CDP. Firefox: WebDriver BiDi has no such command, so its e2e run is launched with
  // ui.prefersReducedMotion (test/firefox.mjs). Either way the page must see reduced motion.
  const reduced = () => matchMedia('(prefers-reduced-motion: reduce)').matches;
  let emulated = false;
  before(async () => {
    if (!reduced()) {
      await emulateMedia({ reducedMotion: 'reduce' });
      emulated = true;
    }
    expect(reduced(), 'prefers-reduced-motion: reduce').to.equal(true);
  });
  after(async () => {
    if (emulated) await emulateMedia({ reducedMotion: 'no-preference' });
  });

  it('first-frame fires and the mouth moves with the motion; without motion it stays still', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('face');
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    el.style.width = el.style.height = `${SIZE}px`;
    el.setAttribute('url', url);
    el.setAttribute('token', await mintToken('viewer', room));
    document.body.append(el);
    let pub: Awaited<ReturnType<typeof startPublisher>> | undefined;
    try {
      await oneEvent(el, 'connected');
      // Settled first: on a loaded machine the stage's first resize can land after `connected`.
      await waitFor('the neutral face settled', async () => (await mouth(el)) === (await mouth(el)), 10000);
      const still = new Set<string>();
      for (let i = 0; i < 6; i++) {
        still.add(await mouth(el));
        await new Promise((r) => setTimeout(r, 80));
      }
      expect(still.size).to.equal(1, 'no motion: the mouth does not move');
      pub = await startPublisher(url, room, 'avatar-agent'); // jawOpen ramps 0 .. 0.96 every second
      await oneEvent(el, 'first-frame');
      const moving = new Set<string>();
      for (let i = 0; i < 12; i++) {
        moving.add(await mouth(el));
        await new Promise((r) => setTimeout(r, 90));
      }
      expect(moving.size).to.be.greaterThan(3, 'the mouth follows jawOpen');
    } finally {
      el.remove();
      await pub?.stop();
    }
  });
});
