/**
 * The `detail` of every event `<spatius-avatar>` fires. Kept here, below the element and the room, so
 * every layer and every consumer can name them.
 */
import type { ConnectionState } from './connection-state.js';
import type { ErrorDetail } from './errors.js';
import type { PoseData, SecondStats, SessionStats, StallReason } from './motion-details.js';

export type { ConnectionState, ErrorDetail, PoseData, SecondStats, SessionStats, StallReason };

/** `log-level`: what the element and livekit-client log to the console. */
export type LogLevel = 'info' | 'warning' | 'error' | 'none';
/** `renderer`: the built-in face, or nothing (the page draws from `frame` events). The worker's renderer kinds too. */
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
   * quiet). `paused`: the motion track was paused on purpose (muted by its publisher or the server, or
   * paused by the SFU), reported at once.
   */
  reason: StallReason;
}
/** Events without data. */
export type EmptyDetail = Record<string, never>;
