/**
 * Messages between the element (main thread) and its motion worker. Every message is `{kind, data}`,
 * one interface per kind, joined in a union per direction. Both sides import these types only.
 */
import type { MalformedReason } from '../codec/types.js';
import type { ReceiverInfo } from './receivers.js';

// main -> worker ---------------------------------------------------------------------------------------

/** Chromium: a receiver's encoded streams, transferred (src/room/receive-transform.ts). */
export interface ReceiverStreamsMessage {
  kind: 'receiver-streams';
  data: ReceiverInfo & { readable: ReadableStream; writable: WritableStream };
}

/** A reused receiver now carries another track. */
export interface ReceiverTrackMessage {
  kind: 'receiver-track';
  data: ReceiverInfo;
}

export type ToWorkerMessage = ReceiverStreamsMessage | ReceiverTrackMessage;

// worker -> main ---------------------------------------------------------------------------------------

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

export type FromWorkerMessage = MotionTrackMessage | MalformedMessage;
