/**
 * `spatius-avatar/react`: JSX types for `<spatius-avatar>` in React 19 (types only, nothing at run time).
 * Load them once in the app: `import type {} from 'spatius-avatar/react';`, and register the element with
 * `import 'spatius-avatar';`.
 *
 * How React 19 (react-dom 19.2, setPropOnCustomElement) treats a custom element's props, which these types follow:
 *   - a prop whose name is a property of the element (`name in element`) is set as that property:
 *     `renderer`, `maxBufferDelayMs`, `avatarIdentity`… (the element must be registered before React renders it);
 *     any other prop is set as an attribute (`max-buffer-delay="120"`, `true` as an empty attribute);
 *   - a function in a prop named `on` + X, where `on` + X is not one of React's own events (onClick, onError…),
 *     becomes `addEventListener(X)` with X exactly as written (case kept; an `…Capture` suffix listens in the
 *     capture phase): the element's `connection-state-changed` is `onconnection-state-changed`, not
 *     `onConnectionStateChanged`, and its `error` is `onerror`. `onError` would be React's own (synthetic)
 *     error event, which never sees this element's non-bubbling `error`: typed `never` here.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type {
  SpatiusAvatarDashedAttributes, SpatiusAvatarElement, SpatiusAvatarEventMap, SpatiusAvatarProperties,
} from './element-props.js';

/** `on<event>` for every event of the element (SpatiusAvatarEventMap), and `on<event>Capture`. */
export type SpatiusAvatarReactEvents = {
  [K in keyof SpatiusAvatarEventMap as `on${K}` | `on${K}Capture`]?: (event: SpatiusAvatarEventMap[K]) => void;
};

export type SpatiusAvatarReactProps = Omit<DetailedHTMLProps<HTMLAttributes<SpatiusAvatarElement>, SpatiusAvatarElement>, 'onError' | 'onErrorCapture' | 'onStalled' | 'onStalledCapture'>
  & SpatiusAvatarProperties
  & SpatiusAvatarDashedAttributes
  & SpatiusAvatarReactEvents
  & {
    /** Not this element's `error` (React's synthetic onError never receives it): use `onerror`. */
    onError?: never;
    /** React's own (capture) error event, with no `detail`: use `onerror`. */
    onErrorCapture?: never;
    /** React's media `stalled` (bound for `<audio>`/`<video>` only): never this element's; use `onstalled`. */
    onStalled?: never;
    /** React's own (capture) stalled event, with no `detail`: use `onstalled`. */
    onStalledCapture?: never;
  };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'spatius-avatar': SpatiusAvatarReactProps;
    }
  }
}
