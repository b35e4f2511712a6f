/**
 * The `detail` of every event `<spatius-avatar>` fires. Kept here, below the element and the room, so
 * every layer and every consumer can name them.
 */
import type { StallReason } from '../playback/playback-engine.js';
import type { SecondStats, SessionStats } from '../playback/stats.js';
import type { PoseData } from '../render/renderer.js';
import type { ConnectionState } from './connection-state.js';
import type { ErrorDetail } from './errors.js';

export type { ConnectionState, ErrorDetail, PoseData, SecondStats, SessionStats, StallReason };

/** `log-level`: what the element and livekit-client log to the console. */
export type LogLevel = 'info' | 'warning' | 'error' | 'none';
/** `renderer`: the built-in face, or nothing (the page draws from `frame` events). */
export type RendererName = 'default' | 'none';
/** `look`: the built-in face's look. */
export type LookName = 'aurora' | 'sol' | 'nova';

export interface ConnectedDetail {
  /** The LiveKit room's name. */
  room: string;
}
export interface DisconnectedDetail {
  /** `client-initiated`, `element-removed`, or LiveKit's reason (e.g. `server-shutdown`, `join-failure`). */
  reason: string;
}
export interface ConnectionStateChangedDetail {
  state: ConnectionState;
}
export interface AvatarDiscoveredDetail {
  /** The avatar participant's identity. */
  identity: string;
}
export interface StalledDetail {
  /**
   * `no-motion`: no motion packet of any kind for `stall-timeout` ms (the network, or a publisher that went
   * quiet). `paused`: the motion track was paused on purpose (muted by its publisher or the server, paused
   * by the SFU, unsubscribed by the server while still published, or disabled by the page), reported at once.
   */
  reason: StallReason;
}
/** Events without data. */
export type EmptyDetail = Record<string, never>;
