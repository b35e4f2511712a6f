// Vue 3 with `<spatius-avatar>` in GlobalComponents, typed by `spatius-avatar/vue` (what vue-tsc and Volar check
// a template's `:prop` and `@event` against), checked with plain tsc on the component's props type.
import type {} from 'spatius-avatar/vue';
import type { GlobalComponents } from 'vue';
import type { ConnectionState } from 'spatius-avatar';

type Props = InstanceType<GlobalComponents['spatius-avatar']>['$props'];

export const props: Props = {
  url: 'wss://example.livekit.cloud',
  renderer: 'none',
  maxBufferDelayMs: 120,
  'stall-timeout': 5000,
  // @connection-state-changed="…"
  onConnectionStateChanged: (e) => void (e.detail.state satisfies ConnectionState),
  onFirstFrame: (e) => void (e.detail satisfies Record<string, never>),
  onFrame: (e) => void (e.detail.weights satisfies Float32Array),
  onAvatarDiscovered: (e) => void (e.detail.identity satisfies string),
  onError: (e) => void (e.detail.fatal satisfies boolean),
};

export const wrong: Props[] = [
  // @ts-expect-error not a renderer
  { renderer: 'webgl' },
  // @ts-expect-error a number of ms
  { maxBufferDelayMs: '120' },
  // @ts-expect-error the detail of connection-state-changed has no `room`
  { onConnectionStateChanged: (e) => void e.detail.room },
  // @ts-expect-error first-frame carries no detail
  { onFirstFrame: (e) => void e.detail.weights.length },
];
// @ts-expect-error Vue's event prop is camelized: `onconnection-state-changed` is React's spelling
export const misspelt: Props = { 'onconnection-state-changed': () => {} };
