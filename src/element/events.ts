import type {
  AgentStateChangedDetail, TranscriptionDetail,
  AvatarDiscoveredDetail, ConnectedDetail, ConnectionStateChangedDetail, DisconnectedDetail, EmptyDetail, ErrorDetail, PoseData, StalledDetail,
} from '../core/event-details.js';

/**
 * Every event `<spatius-avatar>` fires, with its `detail`. All bubble and are composed except `error`,
 * which stays on the element like the native `error` of `<img>` and `<video>`: a bubbling `error` reaches
 * `window`, where global error monitors (and test runners) take it for an uncaught exception.
 * Typed on the element only (its `addEventListener` overloads), never merged into the global event map.
 */
export interface SpatiusAvatarEventMap {
  connected: CustomEvent<ConnectedDetail>;
  disconnected: CustomEvent<DisconnectedDetail>;
  error: CustomEvent<ErrorDetail>;
  'connection-state-changed': CustomEvent<ConnectionStateChangedDetail>;
  'avatar-discovered': CustomEvent<AvatarDiscoveredDetail>;
  /** A conversation (speech turn) began. */
  'conversation-start': CustomEvent<EmptyDetail>;
  /** A conversation ended and the avatar is back to idle. */
  'conversation-end': CustomEvent<EmptyDetail>;
  /**
   * Motion stopped and the avatar fell back to idle: `reason` `no-motion` (no packet, IDLE included, for
   * `stall-timeout` ms) or `paused` (the track was muted or paused by the SFU; at once).
   */
  stalled: CustomEvent<StalledDetail>;
  /** Motion came back after `stalled`. */
  resumed: CustomEvent<EmptyDetail>;
  /** The first motion frame has been rendered. */
  'first-frame': CustomEvent<EmptyDetail>;
  /** The browser blocked the avatar's voice; call startAudio() from a user gesture (or let the overlay do it). */
  'audio-blocked': CustomEvent<EmptyDetail>;
  'audio-unblocked': CustomEvent<EmptyDetail>;
  /** renderer="none": one per rendered pose, to drive your own model. */
  frame: CustomEvent<PoseData>;
  /** The agent's `lk.agent.state` changed (also the `agent-state` attribute). */
  'agent-state-changed': CustomEvent<AgentStateChangedDetail>;
  /** Caption text whose audio plays now (the agent's), or as it comes (a user's speech): docs/sync.md. */
  transcription: CustomEvent<TranscriptionDetail>;
}

export type SpatiusAvatarEventName = keyof SpatiusAvatarEventMap;
export type DetailOf<K extends SpatiusAvatarEventName> = SpatiusAvatarEventMap[K]['detail'];

/** Dispatches one typed event from `target` (the element's only way to fire events). */
export function emit<K extends SpatiusAvatarEventName>(target: EventTarget, type: K, detail: DetailOf<K>): boolean {
  const bubbles = type !== 'error';
  return target.dispatchEvent(new CustomEvent(type, { detail, bubbles, composed: bubbles }));
}
