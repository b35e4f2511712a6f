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
   * quiet). `paused`: the motion track was paused on purpose (muted by its publisher or the server, paused
   * by the SFU, unsubscribed by the server while still published, or disabled by the page), reported at once.
   */
  reason: StallReason;
}
/**
 * `lk.agent.state` of the LiveKit Agents participant (livekit-client's `AgentState`), reflected as the
 * `agent-state` attribute.
 */
export type AgentState = 'initializing' | 'idle' | 'listening' | 'thinking' | 'speaking';
export interface AgentStateChangedDetail {
  state: AgentState;
}
/**
 * One release of caption text (`transcription`): the words of a segment whose audio is playing now
 * (docs/sync.md, "Captions").
 */
export interface TranscriptionDetail {
  /** `lk.segment_id`: one utterance; later events of the same segment extend it. */
  segmentId: string;
  /** The segment's text released so far (all of it once `final`). */
  text: string;
  /** The words released by this event (with their spacing). */
  delta: string;
  /** The segment is complete (`lk.transcription_final`) and all of its text is released. */
  final: boolean;
  /** Whose speech: the text stream's sender (the agent, or a user whose speech the agent transcribed). */
  participantIdentity: string;
  /** `lk.transcribed_track_id`: the track the text transcribes, when the agent names it. */
  trackId?: string;
  /** The text is the agent's speech (held for the avatar's voice), not a user's speech transcribed. */
  agent: boolean;
}
/** Events without data. */
export type EmptyDetail = Record<string, never>;
