/**
 * `spatius-avatar/vue`: `<spatius-avatar>` in Vue 3's GlobalComponents (types only, nothing at run time), for
 * vue-tsc / Volar template checks. Load them once: `import type {} from 'spatius-avatar/vue';`, register the
 * element with `import 'spatius-avatar';`, and tell Vue's template compiler it is a custom element
 * (`compilerOptions.isCustomElement: (tag) => tag === 'spatius-avatar'`).
 *
 * How Vue 3 binds it: `:renderer="…"` sets the property when the element has one (`key in el`), else the
 * attribute; write properties in camelCase (`:maxBufferDelayMs`) or with `.prop`, as a hyphenated name
 * stays an attribute name. `@connection-state-changed="…"` is the prop `onConnectionStateChanged`, which
 * Vue turns back into `addEventListener('connection-state-changed')`.
 */
import type { DefineComponent } from 'vue';
import type {
  PascalEventName, SpatiusAvatarDashedAttributes, SpatiusAvatarEventMap, SpatiusAvatarProperties,
} from './element-props.js';

/** `onConnectionStateChanged` (`@connection-state-changed`) for every event of the element (SpatiusAvatarEventMap). */
export type SpatiusAvatarVueEvents = {
  [K in keyof SpatiusAvatarEventMap as `on${PascalEventName<K & string>}`]?: (event: SpatiusAvatarEventMap[K]) => void;
};

export type SpatiusAvatarVueProps = SpatiusAvatarProperties & SpatiusAvatarDashedAttributes & SpatiusAvatarVueEvents;

declare module 'vue' {
  interface GlobalComponents {
    'spatius-avatar': DefineComponent<SpatiusAvatarVueProps>;
  }
}
