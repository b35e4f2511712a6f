// Moved into another document (an iframe's) and back, the element keeps its look. Lit's constructed
// stylesheets belong to the document that made them: adoption into another document drops them from the
// shadow root, and without an adoptedCallback the element lost every style (a review found the width 584
// instead of 320 px, the placeholder layer `static`).
import { expect } from '@open-wc/testing';
import '../../src/index.js';
import type { SpatiusAvatarElement } from '../../src/index.js';

/** An iframe 600 px wide holding an empty standards-mode document, loaded. */
const frame = async (): Promise<HTMLIFrameElement> => {
  const iframe = document.createElement('iframe');
  iframe.style.width = '600px';
  iframe.style.height = '400px';
  const loaded = new Promise((r) => iframe.addEventListener('load', r, { once: true }));
  iframe.srcdoc = '<!doctype html><html><body></body></html>';
  document.body.append(iframe);
  await loaded;
  return iframe;
};

/** What the element looks like: its width, its placeholder layer's position, and how many style sources its shadow root has. */
const look = (el: SpatiusAvatarElement) => {
  const root = el.shadowRoot!;
  const view = el.ownerDocument.defaultView!;
  const layer = root.querySelector('[part=placeholder]')!;
  return {
    width: Math.round(el.getBoundingClientRect().width),
    layerPosition: view.getComputedStyle(layer).position,
    styleSources: root.adoptedStyleSheets.length + root.querySelectorAll('style').length,
  };
};

const DEFAULT_LOOK = { width: 320, layerPosition: 'absolute', styleSources: 1 };

describe('<spatius-avatar> moved into another document', () => {
  afterEach(() => {
    document.querySelectorAll('spatius-avatar, iframe').forEach((el) => el.remove());
  });

  it('adopted into an iframe: the default size and the layers positioned; moved back: the same, no duplicate style', async () => {
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    el.manual = true;
    const errors: string[] = [];
    el.addEventListener('error', (e) => errors.push(e.detail.code));
    document.body.append(el);
    await el.updateComplete;
    expect(look(el)).to.deep.equal(DEFAULT_LOOK, 'in its first document');

    const iframe = await frame();
    const idoc = iframe.contentDocument!;
    idoc.body.append(idoc.adoptNode(el));
    await el.updateComplete;
    expect(el.ownerDocument).to.equal(idoc);
    expect(look(el)).to.deep.equal(DEFAULT_LOOK, 'in the iframe');

    document.body.append(document.adoptNode(el));
    await el.updateComplete;
    expect(look(el)).to.deep.equal(DEFAULT_LOOK, 'back in its first document');

    // Back and forth again, this time adopted implicitly by append(): never a second copy of the styles.
    idoc.body.append(el);
    expect(look(el)).to.deep.equal(DEFAULT_LOOK, 'in the iframe again');
    document.body.append(el);
    expect(look(el)).to.deep.equal(DEFAULT_LOOK, 'back again');
    expect(errors).to.deep.equal([]);
  });

  it('first rendered in the iframe (made here, never rendered here): styled there, no error; then moved here', async () => {
    const iframe = await frame();
    const idoc = iframe.contentDocument!;
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    el.manual = true;
    const errors: string[] = [];
    el.addEventListener('error', (e) => errors.push(e.detail.code));
    idoc.body.append(el);
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part=stage]'), 'rendered').to.not.equal(null);
    expect(look(el)).to.deep.equal(DEFAULT_LOOK, 'in the iframe');
    document.body.append(el);
    await el.updateComplete;
    expect(look(el)).to.deep.equal(DEFAULT_LOOK, 'here');
    expect(errors).to.deep.equal([]);
  });

  it('two elements in the same iframe both keep their styles, and the page can still style the host', async () => {
    const iframe = await frame();
    const idoc = iframe.contentDocument!;
    const els = [0, 1].map(() => {
      const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
      el.manual = true;
      document.body.append(el);
      return el;
    });
    await Promise.all(els.map((el) => el.updateComplete));
    for (const el of els) idoc.body.append(el);
    for (const el of els) expect(look(el)).to.deep.equal(DEFAULT_LOOK);
    els[1]!.style.width = '200px';
    expect(look(els[1]!).width).to.equal(200, "the page's own width still wins over the default");
    expect(Math.round(els[1]!.getBoundingClientRect().height)).to.equal(200, 'still square');
  });
});
