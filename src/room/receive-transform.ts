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
 * - Elsewhere (Firefox, Safari): `RTCRtpScriptTransform`, which they accept late. livekit-client clears the
 *   receiver's transform at `TrackSubscribed` there, so each attached receiver's slot is held for our worker
 *   against any later writer (`holdTransform`), whatever order the listeners run in.
 *
 * Receivers are found through the engine's `mediaTrackAdded` (`watchReceivers` in livekit-internals.ts).
 */

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


/**
 * Receiver and sender ids, unique across the page's calls: a worker outlives its calls, so an id of a closed
 * call must never name a receiver of the next one (`release-streams`).
 */
let nextStreamId = 1;

/**
 * The id the next receiver or sender handed to a worker gets: every id handed before is below it. A call's
 * `reset` carries it, so that the worker tells the call's receivers from a closed call's whatever order they
 * reach it in (docs/attach-transform.md: a script transform's `rtctransform` event is not ordered with the
 * port's messages).
 */
export function firstUnhandedStreamId(): number {
  return nextStreamId;
}

/**
 * Hands receivers to a worker, once each. The worker gets, per receiver, either a `receiver-streams`
 * message (encoded streams transferred) or an `rtctransform` event whose options are the `ReceiverInfo`;
 * a reused receiver only gets a `receiver-track` message with its new track id.
 */
export class ReceiverAttacher {
  readonly #ids = new WeakMap<RTCRtpReceiver, number>();
  /** script-transform: what the receiver's current transform was made with (its track id changes on reuse). */
  readonly #infos = new WeakMap<RTCRtpReceiver, ReceiverInfo>();
  /** script-transform: the receivers whose transform slot this attacher holds (holdTransform). */
  readonly #holds = new WeakMap<RTCRtpReceiver, TransformHold>();
  /** The ids handed to the worker (receivers and senders), for `release()`. */
  readonly #handed: number[] = [];

  readonly #port: Pick<MotionWorkerPort, 'post' | 'scriptTransform'>;

  constructor(port: Pick<MotionWorkerPort, 'post' | 'scriptTransform'>, readonly mode: AttachMode) {
    this.#port = port;
  }

  attach(receiver: RTCRtpReceiver, track: MediaStreamTrack): ReceiverInfo {
    const known = this.#ids.get(receiver);
    const info: ReceiverInfo = { receiverId: known ?? this.#newId(), kind: track.kind as 'audio' | 'video', trackId: track.id };
    if (this.mode === 'script-transform') {
      // A fresh transform each time (Firefox accepts it late), and the slot held from now on (holdTransform).
      this.#ids.set(receiver, info.receiverId);
      this.#infos.set(receiver, info);
      let hold = this.#holds.get(receiver);
      if (!hold) {
        hold = holdTransform(receiver, () => this.#port.scriptTransform(this.#infos.get(receiver)!));
        this.#holds.set(receiver, hold);
      }
      hold.install();
      return info;
    }
    if (known !== undefined) {
      this.#port.post({ kind: 'receiver-track', data: info });
      return info;
    }
    const { readable, writable } = (receiver as unknown as EncodedStreamsReceiver).createEncodedStreams();
    this.#ids.set(receiver, info.receiverId);
    this.#port.post({ kind: 'receiver-streams', data: { ...info, readable, writable } }, [readable, writable] as unknown as Transferable[]);
    return info;
  }

  /**
   * With encoded streams every sender must be piped too (the microphone, custom audio): hands a new sender's
   * streams to the worker, which passes its frames through untouched. Script-transform browsers need nothing.
   */
  attachSender(sender: RTCRtpSender): void {
    if (this.mode !== 'encoded-streams' || this.#senders.has(sender)) return;
    this.#senders.add(sender);
    const { readable, writable } = (sender as unknown as EncodedStreamsReceiver).createEncodedStreams();
    this.#port.post({ kind: 'sender-streams', data: { senderId: this.#newId(), readable, writable } }, [readable, writable] as unknown as Transferable[]);
  }

  /**
   * The call closed: the worker ends the pipes of every receiver and sender handed to it (Chromium never ends
   * a closed peer connection's encoded streams; each pipe would keep its transform in the worker for good)
   * and forgets their ids. Call it once the peer connections are closed.
   */
  release(): void {
    if (this.#handed.length === 0) return;
    this.#port.post({ kind: 'release-streams', data: { ids: this.#handed.splice(0) } });
  }

  #newId(): number {
    const id = nextStreamId++;
    this.#handed.push(id);
    return id;
  }

  readonly #senders = new WeakSet<RTCRtpSender>();

  /**
   * Makes sure a receiver carries our script transform. The hold (holdTransform) already refuses every later
   * write to the slot, whatever order listeners run in; this covers a receiver never attached (or one whose
   * transform was dropped without a write) and is cheap to call on `TrackSubscribed`.
   */
  ensure(receiver: RTCRtpReceiver, track: MediaStreamTrack): void {
    if (this.mode === 'script-transform' && !receiver.transform) this.attach(receiver, track);
  }
}

interface TransformSlot {
  get(this: RTCRtpReceiver): RTCRtpTransform | null;
  set(this: RTCRtpReceiver, value: RTCRtpTransform | null): void;
}

/** The browser's own `transform` accessor (on RTCRtpReceiver.prototype), found once. */
let nativeSlot: TransformSlot | undefined;
function findNativeSlot(receiver: RTCRtpReceiver): TransformSlot {
  if (nativeSlot) return nativeSlot;
  for (let o: object | null = Object.getPrototypeOf(receiver); o; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, 'transform');
    if (d?.get && d.set) return (nativeSlot = { get: d.get, set: d.set } as TransformSlot);
  }
  throw new Error('RTCRtpReceiver has no transform accessor');
}

interface TransformHold {
  /** Puts a fresh transform of ours in the slot now. */
  install(): void;
}

/**
 * Holds a receiver's transform slot for our worker. livekit-client clears it (`receiver.transform = null`,
 * `setupPassthroughReceiver`, on `TrackSubscribed`, Firefox and Safari), and other code may write it too, in
 * any order relative to our listeners. An own accessor on the receiver object takes every later write
 * through JavaScript: a write of anything but our current transform (null included) is refused, and if the
 * slot turns out not to hold ours anyway, a fresh transform for our worker goes in. Reads return what the
 * browser really has in the slot. Nothing is in the slot until the first `install()`.
 */
function holdTransform(receiver: RTCRtpReceiver, make: () => RTCRtpScriptTransform): TransformHold {
  const slot = findNativeSlot(receiver);
  let ours: RTCRtpTransform | null = null;
  const hold: TransformHold = {
    install() {
      ours = make();
      slot.set.call(receiver, ours);
    },
  };
  Object.defineProperty(receiver, 'transform', {
    configurable: true,
    enumerable: true,
    get: () => slot.get.call(receiver),
    set: (value: RTCRtpTransform | null) => {
      if (value !== null && value === ours) return;
      // Refused: keep our transform; should the slot not hold it any more, a fresh one goes in.
      if (slot.get.call(receiver) !== ours) hold.install();
    },
  });
  return hold;
}
