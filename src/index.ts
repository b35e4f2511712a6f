/**
 * `spatius-avatar`: importing this module registers `<spatius-avatar>` where there is a custom element
 * registry (once; importing it twice, or next to another copy, is harmless; in Node without a DOM it
 * registers nothing, or in lit's server-side registry) and re-exports the public API of
 * `spatius-avatar/element` (src/element/index.ts, the one export list), which registers nothing.
 */
import { SpatiusAvatarElement } from './element/spatius-avatar.js';

export const TAG_NAME = 'spatius-avatar';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, SpatiusAvatarElement);
}

export * from './element/index.js';
