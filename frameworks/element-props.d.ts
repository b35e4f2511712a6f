/**
 * `<spatius-avatar>`'s settable properties and attributes, as types for framework typings (react.d.ts,
 * vue.d.ts). Hand-written (the build does not emit it) on top of the element's own declarations, so the
 * value types come from the class and the event map; test/node/framework-types.test.ts checks the names
 * against custom-elements.json, so an attribute added to the element without a line here fails a test.
 */
import type { SpatiusAvatarElement, SpatiusAvatarEventMap } from '../dist/types/index.js';

/**
 * The properties a page sets: each has an attribute but `tokenSource` (a function or a livekit-client
 * `TokenSource`, property only); the read-only state (`connectionState`, `stats`, …) is not here.
 */
export type SpatiusAvatarPropertyName =
  | 'url' | 'token' | 'tokenEndpoint' | 'tokenSource' | 'participantName' | 'room' | 'manual' | 'avatarIdentity' | 'enableJitterBuffer' | 'maxBufferDelayMs'
  | 'stallTimeoutMs' | 'renderer' | 'look' | 'logLevel' | 'muted' | 'volume' | 'mic' | 'workerUrl' | 'label' | 'startButton'
  | 'agentTimeoutMs' | 'captions';

/** The properties, typed as on the element. */
export type SpatiusAvatarProperties = Partial<Pick<SpatiusAvatarElement, SpatiusAvatarPropertyName>>;

/** The attributes whose name differs from their property's (the others share the property's name and type). */
export interface SpatiusAvatarDashedAttributes {
  'token-endpoint'?: string;
  'participant-name'?: string;
  'avatar-identity'?: string;
  'jitter-buffer'?: 'on' | 'off';
  'max-buffer-delay'?: number | `${number}`;
  'stall-timeout'?: number | `${number}`;
  'log-level'?: SpatiusAvatarElement['logLevel'];
  'worker-url'?: string;
  'start-button'?: boolean;
  'agent-timeout'?: number | `${number}`;
}

/** `connection-state-changed` -> `ConnectionStateChanged` (Vue's `on` + camelized, capitalized name). */
export type PascalEventName<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalEventName<Tail>}`
  : Capitalize<S>;

export type { SpatiusAvatarElement, SpatiusAvatarEventMap };
