import type { PoseData } from '../render/renderer.js';
import type { ErrorDetail } from './errors.js';

/** Connection states, as in Spatius AvatarKit's AvatarPlayer; reflected as the host attribute `state`. */
export type ConnectionState = 'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed';

/**
 * Every event `<spatius-avatar>` fires, with its `detail`. All bubble and are composed except `error`,
 * which stays on the element like the native `error` of `<img>` and `<video>`: a bubbling `error` reaches
 * `window`, where global error monitors (and test runners) take it for an uncaught exception.
 */
export interface SpatiusAvatarEventMap {
  connected: CustomEvent<{ room: string }>;
  disconnected: CustomEvent<{ reason: string }>;
  error: CustomEvent<ErrorDetail>;
  'connection-state-changed': CustomEvent<{ state: ConnectionState }>;
  'avatar-discovered': CustomEvent<{ identity: string }>;
  /** A conversation (speech turn) began. */
  'conversation-start': CustomEvent<Record<string, never>>;
  /** A conversation ended and the avatar is back to idle. */
  'conversation-end': CustomEvent<Record<string, never>>;
  /** No motion for `stall-timeout` ms inside a conversation: the avatar fell back to idle. */
  stalled: CustomEvent<Record<string, never>>;
  /** Motion came back after `stalled`. */
  resumed: CustomEvent<Record<string, never>>;
  /** The first motion frame has been rendered. */
  'first-frame': CustomEvent<Record<string, never>>;
  /** The browser blocked the avatar's voice; call startAudio() from a user gesture (or let the overlay do it). */
  'audio-blocked': CustomEvent<Record<string, never>>;
  'audio-unblocked': CustomEvent<Record<string, never>>;
  /** renderer="none": one per rendered pose, to drive your own model. */
  frame: CustomEvent<PoseData>;
}

/** Dispatches one typed event from `target` (the element's only way to fire events). */
export function emit<K extends keyof SpatiusAvatarEventMap>(
  target: EventTarget,
  type: K,
  detail: SpatiusAvatarEventMap[K]['detail'],
): boolean {
  const bubbles = type !== 'error';
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles, composed: bubbles }));
}
