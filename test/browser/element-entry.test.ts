// `spatius-avatar/element` (dist/element.js): the class without registration, for a page that registers it
// under its own tag (or in a scoped registry). Loading it registers nothing; registered as <my-avatar>, the
// element renders and its worker draws the neutral face.
import { expect } from '@open-wc/testing';
import { SpatiusAvatarElement } from '../../dist/element.js';
import { LOOKS } from '../../src/render/looks.js';

/** Share of the image's pixels within a few levels of `hex`. */
async function shareOf(image: Blob, hex: string): Promise<number> {
  const bitmap = await createImageBitmap(image);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const context = canvas.getContext('2d')!;
  context.drawImage(bitmap, 0, 0);
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 24) n++;
  return n / (data.length / 4);
}

describe('spatius-avatar/element', () => {
  it('registers nothing when loaded', () => {
    expect(customElements.get('spatius-avatar')).to.equal(undefined);
    expect(customElements.getName(SpatiusAvatarElement)).to.equal(null);
  });

  it('works registered under another tag: the worker starts and draws the neutral face', async () => {
    customElements.define('my-avatar', SpatiusAvatarElement);
    const el = document.createElement('my-avatar') as SpatiusAvatarElement;
    el.manual = true;
    el.style.cssText = 'display:block;width:200px;height:200px';
    const errors: unknown[] = [];
    el.addEventListener('error', (e) => errors.push(e.detail));
    document.body.append(el);
    try {
      await el.updateComplete;
      expect(el.shadowRoot?.querySelector('canvas[part=canvas]'), 'the canvas').to.not.equal(null);
      // the worker draws on its own display loop: ask until a drawn frame comes (or the test times out)
      let image: Blob | null = null;
      let skin = 0;
      for (let i = 0; i < 200 && skin <= 0.05; i++) {
        if (i) await new Promise((r) => setTimeout(r, 50));
        image = await el.snapshot();
        expect(image?.type).to.equal('image/png');
        skin = await shareOf(image!, LOOKS.aurora!.skin);
      }
      // the default look's skin covers a good part of the box: the face is drawn, not only the background
      expect(skin).to.be.greaterThan(0.05);
      expect(errors).to.deep.equal([]);
      expect(customElements.get('spatius-avatar'), 'still nothing under the default tag').to.equal(undefined);
    } finally {
      el.remove();
    }
  });
});
