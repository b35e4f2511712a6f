import type { Room } from 'livekit-client';
import type { MotionWorkerPort } from '../worker/motion-worker-port.js';
import type { ReceiverInfo } from '../worker/receivers.js';

/**
 * Gets every receiver of a LiveKit `Room` into our worker, on Chromium and on Firefox
 * (measured findings in docs/attach-transform.md):
 *
 * - Chromium: a receiver's `RTCRtpScriptTransform` is ignored unless it is set before the receiver's
 *   media starts, and with livekit-client even setting it inside the `track` event is too late. So the
 *   room's peer connections are made with `encodedInsertableStreams: true` (`insertableStreamsConfig()`),
 *   which holds every frame until its receiver's `createEncodedStreams()` is piped; then *every* receiver,
 *   audio included, must be piped, and `createEncodedStreams()` works once per receiver (LiveKit reuses
 *   receivers, so the first streams are kept and only the track id is remapped).
 * - Elsewhere (Firefox, Safari): `RTCRtpScriptTransform`, which they accept late.
 *
 * Receivers are found through the engine's `mediaTrackAdded`, which the engine emits synchronously from
 * `ontrack` (livekit-client defers `TrackSubscribed` while connecting). The engine is replaced on a full
 * reconnect; an accessor on `room.engine` follows every replacement.
 */

type TrackAddedListener = (track: MediaStreamTrack, stream: MediaStream, receiver: RTCRtpReceiver) => void;
interface EngineEvents {
  on(event: 'mediaTrackAdded', listener: TrackAddedListener): unknown;
  off(event: 'mediaTrackAdded', listener: TrackAddedListener): unknown;
}

/** livekit-client's engine event name (EngineEvent.MediaTrackAdded; the enum is not exported). */
const MEDIA_TRACK_ADDED = 'mediaTrackAdded';

export type AttachMode = 'encoded-streams' | 'script-transform';

interface EncodedStreamsReceiver {
  createEncodedStreams(): { readable: ReadableStream; writable: WritableStream };
}

/** Which attach API this browser gets: Chromium's encoded streams, else the standard script transform. */
export function attachMode(): AttachMode | null {
  const g = globalThis as { RTCRtpReceiver?: { prototype: object }; RTCRtpScriptTransform?: unknown };
  if (g.RTCRtpReceiver && 'createEncodedStreams' in g.RTCRtpReceiver.prototype) return 'encoded-streams';
  if (typeof g.RTCRtpScriptTransform === 'function') return 'script-transform';
  return null;
}

/** The `rtcConfig` to connect with, so that Chromium holds frames until we pipe them. */
export function insertableStreamsConfig(mode: AttachMode | null = attachMode()): RTCConfiguration {
  return mode === 'encoded-streams' ? ({ encodedInsertableStreams: true } as RTCConfiguration) : {};
}

/** Calls `onReceiver` for each receiver (audio and video) as its track arrives, for the room's whole life. */
export function watchReceivers(room: Room, onReceiver: TrackAddedListener): () => void {
  const listener: TrackAddedListener = (track, stream, receiver) => onReceiver(track, stream, receiver);
  const holder = room as unknown as { engine: EngineEvents | undefined };
  let engine = holder.engine;
  engine?.on(MEDIA_TRACK_ADDED, listener);
  Object.defineProperty(holder, 'engine', {
    configurable: true,
    enumerable: true,
    get: () => engine,
    set(next: EngineEvents | undefined) {
      engine?.off(MEDIA_TRACK_ADDED, listener);
      engine = next;
      engine?.on(MEDIA_TRACK_ADDED, listener);
    },
  });
  return () => {
    engine?.off(MEDIA_TRACK_ADDED, listener);
    Object.defineProperty(holder, 'engine', { configurable: true, enumerable: true, writable: true, value: engine });
  };
}

/**
 * Hands receivers to a worker, once each. The worker gets, per receiver, either a `receiver-streams`
 * message (encoded streams transferred) or an `rtctransform` event whose options are the `ReceiverInfo`;
 * a reused receiver only gets a `receiver-track` message with its new track id.
 */
export class ReceiverAttacher {
  private readonly ids = new WeakMap<RTCRtpReceiver, number>();
  private nextId = 1;

  constructor(private readonly port: Pick<MotionWorkerPort, 'post' | 'scriptTransform'>, readonly mode: AttachMode) {}

  attach(receiver: RTCRtpReceiver, track: MediaStreamTrack): ReceiverInfo {
    const known = this.ids.get(receiver);
    const info: ReceiverInfo = { receiverId: known ?? this.nextId++, kind: track.kind as 'audio' | 'video', trackId: track.id };
    if (this.mode === 'script-transform') {
      // A fresh transform each time: Firefox accepts it late, and livekit-client may have cleared the old one.
      this.ids.set(receiver, info.receiverId);
      receiver.transform = this.port.scriptTransform(info);
      return info;
    }
    if (known !== undefined) {
      this.port.post({ kind: 'receiver-track', data: info });
      return info;
    }
    const { readable, writable } = (receiver as unknown as EncodedStreamsReceiver).createEncodedStreams();
    this.ids.set(receiver, info.receiverId);
    this.port.post({ kind: 'receiver-streams', data: { ...info, readable, writable } }, [readable, writable] as unknown as Transferable[]);
    return info;
  }

  /**
   * With encoded streams every sender must be piped too (the microphone, custom audio): hands a new sender's
   * streams to the worker, which passes its frames through untouched. Script-transform browsers need nothing.
   */
  attachSender(sender: RTCRtpSender): void {
    if (this.mode !== 'encoded-streams' || this.senders.has(sender)) return;
    this.senders.add(sender);
    const { readable, writable } = (sender as unknown as EncodedStreamsReceiver).createEncodedStreams();
    this.port.post({ kind: 'sender-streams', data: { readable, writable } }, [readable, writable] as unknown as Transferable[]);
  }

  private readonly senders = new WeakSet<RTCRtpSender>();

  /** Re-installs a script transform that something else cleared (livekit-client does on Firefox and Safari). */
  ensure(receiver: RTCRtpReceiver, track: MediaStreamTrack): void {
    if (this.mode === 'script-transform' && !receiver.transform) this.attach(receiver, track);
  }
}
