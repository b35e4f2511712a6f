/** Messages from MotionPublisher (main thread) to its sender worker: `{kind, data}`, one interface each. */
import type { MotionFrame } from '../codec/types.js';

export interface StartConversationMessage { kind: 'start'; data: { target?: MotionFrame } }
export interface PushFrameMessage { kind: 'frame'; data: MotionFrame }
export interface EndConversationMessage { kind: 'end'; data: Record<string, never> }

/** Report every motion frame sent (MotionPublisher's onFrameSent). */
export interface ReportFramesMessage { kind: 'report'; data: Record<string, never> }

export type ToSenderMessage = StartConversationMessage | PushFrameMessage | EndConversationMessage | ReportFramesMessage;

/** Worker to main thread: how many frames carried a packet, once a second. */
export interface SenderStatsMessage { kind: 'stats'; data: { framesSent: number; packetsSent: number; queued: number } }
/** A motion frame left on an encoded frame (only after a `report` message). */
export interface FrameSentMessage { kind: 'sent'; data: { seq: number; jawOpen: number; at: number } }
/** Frames are waiting: the publisher captures another encoded frame at once. */
export interface DrainMessage { kind: 'drain'; data: Record<string, never> }
export type FromSenderMessage = SenderStatsMessage | FrameSentMessage | DrainMessage;
