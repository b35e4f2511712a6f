/**
 * Messages between the element (main thread) and its motion worker. Every message is `{kind, data}`,
 * one interface per kind, joined in a union per direction. Both sides import these types only.
 */
import type { MalformedReason } from '../codec/types.js';
import type { RendererName } from '../core/event-details.js';
import type { PlaybackEvent, PlaybackOptions } from '../playback/playback-engine.js';
import type { SecondStats, SessionStats } from '../playback/stats.js';
import type { Theme } from '../render/looks.js';
import type { PoseData } from '../render/renderer.js';
import type { VoiceStats } from '../playback/audio-delay.js';
import type { ReceiverInfo } from './receivers.js';


/** Bumped whenever a message changes shape: the port refuses a worker that speaks another version. */
export const MOTION_WORKER_PROTOCOL = 7;

/**
 * The one message posted to the worker itself (`worker.postMessage`): the protocol the element speaks and
 * the worker's end of the element's MessageChannel. The worker answers `ready` on that port, and from then
 * on acts only on messages from it (message-guard.ts checks each); anything else posted to the worker's
 * global scope is ignored. Every other message, both ways, goes over the channel.
 */
export interface InitMessage {
  kind: 'init';
  data: { protocol: number; port: MessagePort };
}

// main -> worker ---------------------------------------------------------------------------------------

/** Chromium: a receiver's encoded streams, transferred (src/room/receive-transform.ts). */
export interface ReceiverStreamsMessage {
  kind: 'receiver-streams';
  data: ReceiverInfo & { readable: ReadableStream; writable: WritableStream };
}

/**
 * Chromium: a sender's encoded streams (microphone, custom audio), to pipe through untouched. `senderId` is
 * from the same sequence as receiver ids (unique across the page's calls), for `release-streams`.
 */
export interface SenderStreamsMessage {
  kind: 'sender-streams';
  data: { senderId: number; readable: ReadableStream; writable: WritableStream };
}

/**
 * A call closed: end the pipes of these receivers and senders (its readables cancelled, writables aborted;
 * Chromium never ends a closed peer connection's encoded streams) and forget them. Ids are never reused.
 */
export interface ReleaseStreamsMessage {
  kind: 'release-streams';
  data: { ids: number[] };
}

/** A reused receiver now carries another track. */
export interface ReceiverTrackMessage {
  kind: 'receiver-track';
  data: ReceiverInfo;
}

/** Playback options and renderer (sent at start and whenever the element's attributes change). */
export interface ConfigureMessage {
  kind: 'configure';
  data: { playback: Partial<PlaybackOptions>; renderer?: RendererName };
}

/** Play motion from this track only (the avatar the element chose); others are stripped, not played. */
export interface SelectTrackMessage {
  kind: 'select-track';
  data: { trackId: string };
}

/**
 * A remote video track went away (unpublished, unsubscribed, its participant left). The selected one's
 * conversation ends (end transition, `conversation-end`) and its stall watchdog stops; a track that comes
 * back later with the same id is announced again (`motion-track`).
 */
export interface TrackEndedMessage {
  kind: 'track-ended';
  data: { trackId: string };
}

/**
 * The selected track was paused on purpose (muted by its publisher or the server, paused by the SFU), or
 * plays again (`paused: false`). While paused, its packets are ignored (stragglers sent before the pause).
 */
export interface TrackPausedMessage {
  kind: 'track-paused';
  data: { trackId: string; paused: boolean };
}

/** The element's canvas, transferred once; the default renderer draws into it. */
export interface CanvasMessage {
  kind: 'canvas';
  data: { canvas: OffscreenCanvas; width: number; height: number; devicePixelRatio: number };
}

/** The element's box changed size (CSS pixels) or device pixel ratio. */
export interface ResizeMessage {
  kind: 'resize';
  data: { width: number; height: number; devicePixelRatio: number };
}

/** Colours and hair style for the default face (the `look` attribute and CSS custom properties). */
export interface ThemeMessage {
  kind: 'theme';
  data: Theme;
}

/** prefers-reduced-motion: idle motion is reduced to blinks. */
export interface MotionPreferenceMessage {
  kind: 'motion-preference';
  data: { reduced: boolean };
}

/** The face as drawn now, as an image (element.snapshot()). */
export interface SnapshotRequestMessage {
  kind: 'snapshot';
  data: { id: number; type: string };
}

/**
 * A new connection (or the end of one): forget the old room's receivers and tracks, start playback afresh.
 * `firstId`: receivers with an id from it on belong to the calls to come (ids only grow), those below to
 * closed calls, whenever their `rtctransform` event arrives (it is not ordered with this port's messages).
 */
export interface ResetMessage {
  kind: 'reset';
  data: { firstId: number };
}

/** Lip sync: the avatar voice receiver's stats counters, twice a second (src/room/voice-stats.ts). */
export interface VoiceStatsMessage {
  kind: 'voice-stats';
  data: VoiceStats;
}

export type ToWorkerMessage = InitMessage | VoiceStatsMessage | ReceiverStreamsMessage | SenderStreamsMessage | ReleaseStreamsMessage | ReceiverTrackMessage | ConfigureMessage | SelectTrackMessage
  | TrackEndedMessage | TrackPausedMessage | CanvasMessage | ResizeMessage | ThemeMessage | MotionPreferenceMessage | ResetMessage | SnapshotRequestMessage;

/** What goes over the port after the handshake (everything but `init`). */
export type ToWorkerPortMessage = Exclude<ToWorkerMessage, InitMessage>;

// worker -> main ---------------------------------------------------------------------------------------

/** The answer to `init`: the protocol the worker speaks (the port checks it is the same). */
export interface ReadyMessage {
  kind: 'ready';
  data: { protocol: number };
}

/** The first frame with the trailer magic arrived on this receiver: its track is a motion track. */
export interface MotionTrackMessage {
  kind: 'motion-track';
  data: { receiverId: number; trackId: string };
}

/** Malformed packets since the last report (at most one report a second), with the running total. */
export interface MalformedMessage {
  kind: 'malformed';
  data: { count: number; total: number; lastReason: MalformedReason };
}

/** Conversation start and end, stalled and resumed, and first-frame (once it is drawn). */
export interface PlaybackEventMessage {
  kind: 'playback';
  data: PlaybackEvent;
}

/**
 * A conversation's first frame was rendered by the playback clock (its voice plays now; `conversation-start`
 * came with its first packet). Once per conversation (src/playback/conversation-playout.ts).
 */
export interface ConversationPlayingMessage {
  kind: 'conversation-playing';
  data: Record<string, never>;
}

/** Once a second. */
export interface StatsMessage {
  kind: 'stats';
  data: { second: SecondStats; session: SessionStats };
}

/** Renderer "none": each pose the engine produced (only those that changed). */
export interface PoseMessage {
  kind: 'pose';
  data: PoseData;
}

/** The answer to a snapshot request: the image, or null when nothing is drawn (renderer "none", no canvas). */
export interface SnapshotMessage {
  kind: 'snapshot';
  data: { id: number; image: Blob | null };
}

/**
 * A message from the port that the worker did not act on (message-guard.ts): not a `{kind, data}` object,
 * an unknown kind, or data of the wrong types or sizes. `kind` is the message's kind (cut to 40 characters).
 */
export interface RefusedMessage {
  kind: 'refused';
  data: { kind: string; reason: string };
}

export type FromWorkerMessage = ReadyMessage | SnapshotMessage | MotionTrackMessage | MalformedMessage | PlaybackEventMessage | ConversationPlayingMessage
  | StatsMessage | PoseMessage | RefusedMessage;

/** The `data` of the message of kind `K` in a `{kind, data}` union. */
export type DataOf<M extends { kind: string; data: unknown }, K extends M['kind']> = Extract<M, { kind: K }>['data'];
