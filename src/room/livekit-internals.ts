import { DefaultReconnectPolicy, Room } from 'livekit-client';
import type { ReconnectContext, ReconnectPolicy, RoomOptions } from 'livekit-client';

/**
 * The one place that reaches into livekit-client's private state, for what its public API does not
 * offer. Verified against the version pinned in package.json (2.23.0); tests fail if the shape moves:
 * test/e2e/round-trip.test.ts (receivers found through the engine, also after a full reconnect in
 * element-reconnect.test.ts) and test/e2e/element-lifecycle.test.ts (no peer connection left open).
 */
type TrackAddedListener = (track: MediaStreamTrack, stream: MediaStream, receiver: RTCRtpReceiver) => void;
type EngineListener = (...args: never[]) => void;

interface PrivateEngine {
  on(event: string, listener: EngineListener): unknown;
  off(event: string, listener: EngineListener): unknown;
  pcManager?: { close(): Promise<void> | void };
}

/** livekit-client's engine event name (EngineEvent.MediaTrackAdded; the enum is not exported). */
const MEDIA_TRACK_ADDED = 'mediaTrackAdded';
/**
 * The engine's events at each step of a reconnect (EngineEvent.Resuming, Restarting: an attempt starts;
 * SignalResumed, SignalRestarted: its signal connection is made, the peer connections come next).
 */
const RECONNECT_STEPS = ['resuming', 'restarting', 'signalResumed', 'signalRestarted'] as const;

/**
 * Calls `onReceiver` for each receiver (audio and video) as its track arrives, for the room's whole life,
 * and `onReconnectStep` (if given) at each step of livekit-client's reconnects (RECONNECT_STEPS).
 * The engine emits `mediaTrackAdded` synchronously from the peer connection's `track` event (livekit-client
 * defers `TrackSubscribed` while connecting, too late for Chromium's encoded streams); the engine is
 * replaced on a full reconnect, and an accessor on `room.engine` follows every replacement.
 */
export function watchReceivers(room: Room, onReceiver: TrackAddedListener, onReconnectStep?: () => void): () => void {
  const listeners: [string, EngineListener][] = [[MEDIA_TRACK_ADDED, ((track, stream, receiver) => onReceiver(track, stream, receiver)) as TrackAddedListener]];
  if (onReconnectStep) for (const step of RECONNECT_STEPS) listeners.push([step, () => onReconnectStep()]);
  const holder = room as unknown as { engine: PrivateEngine | undefined };
  let engine = holder.engine;
  const on = () => listeners.forEach(([event, listener]) => engine?.on(event, listener));
  const off = () => listeners.forEach(([event, listener]) => engine?.off(event, listener));
  on();
  Object.defineProperty(holder, 'engine', {
    configurable: true,
    enumerable: true,
    get: () => engine,
    set(next: PrivateEngine | undefined) {
      off();
      engine = next;
      on();
    },
  });
  return () => {
    off();
    Object.defineProperty(holder, 'engine', { configurable: true, enumerable: true, writable: true, value: engine });
  };
}

/**
 * livekit-client's default reconnect policy (public API: RoomOptions.reconnectPolicy), unchanged, telling the
 * listener set with `observe` each time it is asked for the next delay: after each failed reconnect attempt
 * (and at the first loss). The element's reconnect deadline counts that as progress
 * (src/room/reconnect-deadline.ts). `observe(undefined)` when the call closes: the Room keeps its options, and
 * nothing of the element may stay reachable from a Room (see releasableRoom).
 */
export function observedReconnectPolicy(): { policy: ReconnectPolicy; observe(onRetry: (() => void) | undefined): void } {
  const inner = new DefaultReconnectPolicy();
  let listener: (() => void) | undefined;
  return {
    policy: {
      nextRetryDelayInMs(context: ReconnectContext): number | null {
        listener?.();
        return inner.nextRetryDelayInMs(context);
      },
    },
    observe(onRetry) {
      listener = onRetry;
    },
  };
}

/**
 * The AudioContext livekit-client made for the Room (its private `audioContext`: made at connect and by
 * `startAudio()`, resumed there), if any. Chromium answers its autoplay policy through it before any media
 * element of the call exists: a context left `suspended` by a `startAudio()` was refused.
 */
export function roomAudioContext(room: Room): AudioContext | undefined {
  const context = (room as unknown as { audioContext?: unknown }).audioContext;
  return typeof AudioContext !== 'undefined' && context instanceof AudioContext ? context : undefined;
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

/**
 * Detaches a remote track from `element` without livekit-client's element pool. Its `detach()` puts a
 * detached `<audio>` in a module-level pool (`recycledElements`) for the next `attach()` without an element,
 * and takes from it any pooled element whose `parentElement` is null: the element's shadow `<audio>` (a
 * shadow root's child) would be kept alive with its whole element (measured: every removed element stayed
 * reachable from the pool) and could be handed to another `attach()` on the page. The track's own list of
 * elements is public (`attachedElements`); without Web Audio (not used here) that list and the element's
 * `srcObject` are all `detach()` undoes for audio.
 */
export function detachWithoutPool(track: { attachedElements: HTMLMediaElement[] }, element: HTMLMediaElement): void {
  const i = track.attachedElements.indexOf(element);
  if (i >= 0) track.attachedElements.splice(i, 1);
  element.srcObject = null;
}

/**
 * A `new Room(options)` that `release()` lets go of. livekit-client 2.23.0 keeps every Room for the page's
 * life in Chromium (measured: about 50 KB of heap and one DevTools-counted listener per call): its
 * constructor registers the Room with a FinalizationRegistry (`Room.cleanupRegistry`) whose held value, a
 * closure that removes its `devicechange` listener from navigator.mediaDevices, shares the constructor's
 * closure context, which holds the Room, so the Room is never collected and the listener never removed.
 * Made with the registry off (its own fallback for browsers without one: a plain listener, removed
 * here by `release()`), nothing outside the Room holds it once the call is closed.
 */
export function releasableRoom(options: RoomOptions): { room: Room; release(): void } {
  const registry = Room as unknown as { cleanupRegistry?: unknown };
  const devices = globalThis.navigator?.mediaDevices as MediaDevices | undefined;
  const ownAdd = devices && Object.getOwnPropertyDescriptor(devices, 'addEventListener');
  const add = devices?.addEventListener;
  const caught: EventListenerOrEventListenerObject[] = [];
  if (devices && add) {
    devices.addEventListener = function (this: MediaDevices, type: string, listener: EventListenerOrEventListenerObject | null, opts?: boolean | AddEventListenerOptions) {
      if (type === 'devicechange' && listener) caught.push(listener);
      return add.call(this, type, listener as EventListenerOrEventListenerObject, opts);
    } as MediaDevices['addEventListener'];
  }
  const hadRegistry = Object.prototype.hasOwnProperty.call(Room, 'cleanupRegistry');
  const saved = registry.cleanupRegistry;
  if (hadRegistry) registry.cleanupRegistry = false;
  let room: Room;
  try {
    room = new Room(options);
  } finally {
    if (hadRegistry) registry.cleanupRegistry = saved;
    if (devices && add) {
      if (ownAdd) Object.defineProperty(devices, 'addEventListener', ownAdd);
      else delete (devices as { addEventListener?: unknown }).addEventListener;
    }
  }
  return {
    room,
    release: () => {
      for (const listener of caught.splice(0)) devices?.removeEventListener('devicechange', listener);
    },
  };
}

/**
 * Stops livekit-client's bitrate monitor on a subscribed remote track: a `getStats()` every 2 s per track (the
 * avatar's voice and motion), on the page's main thread, only to keep `track.currentBitrate`, which the element
 * does not use (docs/decisions.md). The monitor starts once, when the track is made (`RemoteTrack.start()`,
 * before `TrackSubscribed`); its time-sync loop (`TimeSyncUpdate` listeners) is left as it is.
 */
export function stopBitrateMonitor(track: object): void {
  const t = track as { monitorInterval?: ReturnType<typeof setInterval> };
  if (t.monitorInterval === undefined) return;
  clearInterval(t.monitorInterval);
  t.monitorInterval = undefined;
}
