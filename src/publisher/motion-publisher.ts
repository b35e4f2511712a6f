import { ConnectionState, Room, RoomEvent, Track } from 'livekit-client';
import type { LocalTrackPublication } from 'livekit-client';
import { SLOT_MS } from '../codec/constants.js';
import { checkMotionFrame } from '../codec/encode.js';
import type { MotionFrame } from '../codec/types.js';
import { asAvatarError, SpatiusAvatarError } from '../core/errors.js';
import { ownScriptUrl } from '../util/own-script-url.js';
import type { FromSenderMessage, ToSenderMessage } from './messages.js';

export interface MotionPublisherOptions {
  /** The avatar's voice, published in the same stream as the motion track. */
  voice?: MediaStreamTrack;
  /** The motion track's name (receivers do not rely on it). Default `motion`. */
  name?: string;
  /** Called for every encoded frame that carried a motion frame, as it left (for measuring; docs/sync.md). */
  onFrameSent?: (sent: SentFrame) => void;
}

/** A motion frame on its way out: its seq, jawOpen, and when it left (performance.timeOrigin + now, ms). */
export interface SentFrame { seq: number; jawOpen: number; at: number }

const STREAM = 'avatar';
const SIZE = 16;

/**
 * The agent side of the wire format, in a browser: publishes the avatar's voice and a motion track (a black
 * 16x16 VP8 canvas at 25 fps, no simulcast, in the same stream as the voice) whose sender transform
 * appends one packet per frame (motion-sender.worker.ts). Drive it with startConversation(), pushFrame()
 * (25 frames a second of speech) and endConversation(); between conversations it sends IDLE.
 *
 * One use: start() once on a connected Room, stop() once (or the Room disconnecting) ends it for good. The
 * page's voice track is never stopped: a clone of it is published (livekit-client stops what it publishes
 * when the Room disconnects).
 *
 * The sender transform is set when livekit-client creates the sender, before negotiation: a sender's
 * transform set after media flows is ignored in Chromium.
 */
export class MotionPublisher {
  private readonly worker: Worker;
  private readonly canvas: HTMLCanvasElement;
  private phase: 'idle' | 'starting' | 'started' | 'stopped' = 'idle';
  private starting: Promise<void> | undefined;
  private halted: Promise<void> | undefined;
  private track: CanvasCaptureMediaStreamTrack | undefined;
  /** Our clone of the page's voice. */
  private voice: MediaStreamTrack | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private draw: (() => void) | undefined;
  private publications: LocalTrackPublication[] = [];
  private onSender: ((sender: RTCRtpSender, t: Track) => void) | undefined;
  private readonly onDisconnected = () => void this.stop();
  /** Frames that carried a packet, and all frames, as the worker last reported. */
  stats = { framesSent: 0, packetsSent: 0, queued: 0 };

  constructor(private readonly room: Room, private readonly options: MotionPublisherOptions = {}) {
    // through the package's Trusted Types policy, as the element's motion worker (SECURITY.md)
    const script = ownScriptUrl(String(new URL('./motion-sender.worker.ts', import.meta.url)));
    this.worker = new Worker(script as string | URL, { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromSenderMessage>) => {
      if (e.data.kind === 'stats') this.stats = e.data.data;
      else if (e.data.kind === 'sent') this.options.onFrameSent?.(e.data.data);
      else if (e.data.kind === 'drain') this.draw?.();
    };
    if (options.onFrameSent) this.send({ kind: 'report', data: {} });
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = SIZE;
    this.canvas = canvas;
  }

  /**
   * Publishes the voice (if given) and the motion track. The room must be connected. A second call returns the
   * first one's promise. Rejects with `not-connected` (no connected Room), `invalid-track` (the voice is not a
   * live audio track), `publish-failed` (livekit-client refused a track) or `aborted` (stop() came first);
   * nothing it published stays published.
   */
  start(): Promise<void> {
    // A rejected start() ends the publisher (it cannot start again): its worker and listeners go.
    this.starting ??= this.publish().catch(async (err: unknown) => {
      await this.halt();
      throw asAvatarError(err, 'publish-failed', false);
    });
    return this.starting;
  }

  private async publish(): Promise<void> {
    if (this.phase === 'stopped') throw new SpatiusAvatarError('aborted', 'this MotionPublisher was stopped: make a new one', false);
    const room = this.room as Room | undefined;
    if (!room || typeof room !== 'object' || !room.localParticipant) throw new SpatiusAvatarError('not-connected', 'MotionPublisher needs a livekit-client Room', false);
    if (room.state !== ConnectionState.Connected) throw new SpatiusAvatarError('not-connected', `the Room is ${room.state}, not connected: connect it before start()`, false);
    const voice = this.options.voice;
    if (voice !== undefined && !(voice instanceof MediaStreamTrack && voice.kind === 'audio' && voice.readyState === 'live')) {
      throw new SpatiusAvatarError('invalid-track', 'the voice must be a live audio MediaStreamTrack', false);
    }
    this.phase = 'starting';
    room.once(RoomEvent.Disconnected, this.onDisconnected);
    const ctx = this.canvas.getContext('2d')!;
    const stream = this.canvas.captureStream(0);
    const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    // requestFrame() is on the track in Chromium (CanvasCaptureMediaStreamTrack), on the stream in Firefox.
    const frames = ('requestFrame' in track ? track : stream) as unknown as { requestFrame(): void };
    this.track = track;
    // Kept until stop(): livekit-client makes a new sender when it republishes (a full reconnect), and that
    // sender needs the transform too.
    this.onSender = (sender: RTCRtpSender, t: Track) => {
      if (t.mediaStreamTrack === track) sender.transform = new RTCRtpScriptTransform(this.worker, {});
    };
    room.localParticipant.on('localSenderCreated', this.onSender);
    const clone = voice?.clone();
    this.voice = clone;
    if (clone) await this.add(() => room.localParticipant.publishTrack(clone, { name: 'voice', stream: STREAM, source: Track.Source.Microphone }));
    await this.add(() => room.localParticipant.publishTrack(track, {
      name: this.options.name ?? 'motion', stream: STREAM, simulcast: false, videoCodec: 'vp8', source: Track.Source.Camera,
    }));
    this.phase = 'started';
    this.draw = () => {
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, SIZE, SIZE);
      frames.requestFrame();
      // The published voice is a clone: it follows the page's track (muted, or ended) within one tick.
      if (voice && clone) {
        if (clone.enabled !== voice.enabled) clone.enabled = voice.enabled;
        if (voice.readyState === 'ended' && clone.readyState === 'live') clone.stop();
      }
    };
    this.timer = setInterval(this.draw, SLOT_MS);
  }

  /** One publication; if stop() came while it was being made, it is unpublished and start() ends `aborted`. */
  private async add(publish: () => Promise<LocalTrackPublication>): Promise<void> {
    const publication = await publish();
    this.publications.push(publication);
    if (this.phase === 'stopped') {
      await this.release();
      throw new SpatiusAvatarError('aborted', 'stop() came while start() was publishing', false);
    }
  }

  /** Begins a conversation; `target` is the pose to blend towards (usually the first frame). */
  startConversation(target?: MotionFrame): void {
    this.send({ kind: 'start', data: target === undefined ? {} : { target: this.checked(target) } });
  }

  /**
   * Queues one motion frame (call 25 times a second while speaking) and sends it at once on a new encoded
   * frame, rather than on the next tick of the 25 fps timer (up to 40 ms later than its voice); the timer
   * starts over from here. Throws `invalid-frame` for something that is not a motion frame (52 numeric
   * weights, an optional head pose of three rotation and three translation finite numbers, an optional whole-ms TIME); nothing is queued then.
   */
  pushFrame(frame: MotionFrame): void {
    this.send({ kind: 'frame', data: this.checked(frame) });
    if (!this.draw) return;
    clearInterval(this.timer);
    this.draw();
    this.timer = setInterval(this.draw, SLOT_MS);
  }

  /** Ends the conversation after the frames already pushed. */
  endConversation(): void {
    this.send({ kind: 'end', data: {} });
  }

  /**
   * Unpublishes both tracks (the voice track is the caller's: only our clone of it is stopped) and stops the
   * worker. Also when the Room disconnects. Resolves once nothing is published, a start() in flight included;
   * idempotent; never rejects.
   */
  async stop(): Promise<void> {
    await Promise.all([this.halt(), this.starting?.catch(() => undefined)]);
  }

  /** Ends the publisher for good (once): timer, listeners, what is published, the worker. */
  private halt(): Promise<void> {
    if (this.halted) return this.halted;
    this.phase = 'stopped';
    clearInterval(this.timer);
    this.draw = undefined; // a pushFrame() after stop() starts no timer
    this.room?.off?.(RoomEvent.Disconnected, this.onDisconnected);
    if (this.onSender) this.room.localParticipant.off('localSenderCreated', this.onSender);
    this.halted = this.release();
    return this.halted;
  }

  /** Unpublishes what is published (what fails to unpublish, e.g. on a closed Room, is ended here anyway). */
  private async release(): Promise<void> {
    const publications = this.publications.splice(0);
    for (const pub of publications) {
      if (pub.track) await this.room.localParticipant.unpublishTrack(pub.track, true).catch(() => undefined);
    }
    this.voice?.stop();
    this.track?.stop();
    this.worker.terminate();
  }

  /** A clean copy of a frame (only the format's fields), or `invalid-frame`. */
  private checked(frame: MotionFrame): MotionFrame {
    try {
      checkMotionFrame(frame);
    } catch (err) {
      throw new SpatiusAvatarError('invalid-frame', (err as Error).message, false);
    }
    const copy: MotionFrame = { blendshapes: Float32Array.from(frame.blendshapes) };
    if (frame.headPose) copy.headPose = { rotation: [...frame.headPose.rotation], translation: [...frame.headPose.translation] };
    if (frame.time !== undefined) copy.time = frame.time;
    return copy;
  }

  private send(message: ToSenderMessage): void {
    if (this.phase === 'stopped') return;
    this.worker.postMessage(message);
  }
}
