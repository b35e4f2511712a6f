/** Messages from MotionPublisher (main thread) to its sender worker: `{kind, data}`, one interface each. */
import type { MotionFrame } from '../codec/types.js';

export interface StartConversationMessage { kind: 'start'; data: { target?: MotionFrame } }
export interface PushFrameMessage { kind: 'frame'; data: MotionFrame }
export interface EndConversationMessage { kind: 'end'; data: Record<string, never> }

export type ToSenderMessage = StartConversationMessage | PushFrameMessage | EndConversationMessage;

/** Worker to main thread: how many frames carried a packet, once a second. */
export interface SenderStatsMessage { kind: 'stats'; data: { framesSent: number; packetsSent: number; queued: number } }
export type FromSenderMessage = SenderStatsMessage;
