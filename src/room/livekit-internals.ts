import type { Room } from 'livekit-client';

/**
 * The one place that reaches into livekit-client's private state, for what its public API does not
 * offer. Verified against the version pinned in package.json (2.23.0); tests fail if the shape moves:
 * test/e2e/round-trip.test.ts (receivers found through the engine, also after a full reconnect in
 * element-reconnect.test.ts) and test/e2e/element-lifecycle.test.ts (no peer connection left open).
 */
type TrackAddedListener = (track: MediaStreamTrack, stream: MediaStream, receiver: RTCRtpReceiver) => void;

interface PrivateEngine {
  on(event: 'mediaTrackAdded', listener: TrackAddedListener): unknown;
  off(event: 'mediaTrackAdded', listener: TrackAddedListener): unknown;
  pcManager?: { close(): Promise<void> | void };
}

/** livekit-client's engine event name (EngineEvent.MediaTrackAdded; the enum is not exported). */
const MEDIA_TRACK_ADDED = 'mediaTrackAdded';

/**
 * Calls `onReceiver` for each receiver (audio and video) as its track arrives, for the room's whole life.
 * The engine emits `mediaTrackAdded` synchronously from the peer connection's `track` event (livekit-client
 * defers `TrackSubscribed` while connecting, too late for Chromium's encoded streams); the engine is
 * replaced on a full reconnect, and an accessor on `room.engine` follows every replacement.
 */
export function watchReceivers(room: Room, onReceiver: TrackAddedListener): () => void {
  const listener: TrackAddedListener = (track, stream, receiver) => onReceiver(track, stream, receiver);
  const holder = room as unknown as { engine: PrivateEngine | undefined };
  let engine = holder.engine;
  engine?.on(MEDIA_TRACK_ADDED, listener);
  Object.defineProperty(holder, 'engine', {
    configurable: true,
    enumerable: true,
    get: () => engine,
    set(next: PrivateEngine | undefined) {
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
 * livekit-client 2.23: a `disconnect()` that lands early in `connect()` closes the engine before the join
 * has made its peer connections (with the offer sent along with the join, the publisher's PC is made
 * during the join); the join then makes them on a closed engine and nothing closes them. Once the aborted
 * connect has settled, close what it left: call this before `disconnect()`, and what it returns after the
 * connect settled.
 */
export function leftoverTransportCloser(room: Room): () => Promise<void> {
  // Taken before disconnect(): the Room lets go of its engine, but the aborted join goes on with it.
  const engine = (room as unknown as { engine?: PrivateEngine }).engine;
  return async () => {
    await engine?.pcManager?.close();
  };
}
