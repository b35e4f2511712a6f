// Both builds on one page (a CMS that loads the standalone file next to an app bundle): the first copy
// registers <spatius-avatar>, the second one leaves it alone, and nothing throws.
import { expect } from '@open-wc/testing';

describe('registration', () => {
  it('is guarded: loading the module build and the standalone build registers the element once', async () => {
    const errors: unknown[] = [];
    const onError = (e: ErrorEvent) => errors.push(e.error);
    addEventListener('error', onError);
    try {
      const a = await import('../../dist/index.js');
      const b = await import('../../dist/spatius-avatar.standalone.js');
      expect(customElements.get('spatius-avatar')).to.equal(a.SpatiusAvatarElement);
      expect(b.SpatiusAvatarElement).to.not.equal(a.SpatiusAvatarElement, 'two copies of the class');
      expect(document.createElement('spatius-avatar')).to.be.instanceOf(a.SpatiusAvatarElement);
    } finally {
      removeEventListener('error', onError);
    }
    expect(errors).to.deep.equal([]);
  });
});
