import { Room, Track } from 'livekit-client';
import type { LocalTrackPublication } from 'livekit-client';
import { SLOT_MS } from '../codec/constants.js';
import type { MotionFrame } from '../codec/types.js';
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
 * The sender transform is set when livekit-client creates the sender, before negotiation: a sender's
 * transform set after media flows is ignored in Chromium.
 */
export class MotionPublisher {
  private readonly worker: Worker;
  private readonly canvas: OffscreenCanvas | HTMLCanvasElement;
  private track: CanvasCaptureMediaStreamTrack | undefined;
  /** Our clone of the page's voice: livekit-client stops what it publishes when the Room disconnects. */
  private voice: MediaStreamTrack | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private draw: (() => void) | undefined;
  private publications: LocalTrackPublication[] = [];
  private onSender: ((sender: RTCRtpSender, t: Track) => void) | undefined;
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

  /** Publishes the voice (if given) and the motion track. The room must be connected. */
  async start(): Promise<void> {
    const canvas = this.canvas as HTMLCanvasElement;
    const ctx = canvas.getContext('2d')!;
    const stream = canvas.captureStream(0);
    const track = stream.getVideoTracks()[0] as CanvasCaptureMediaStreamTrack;
    // requestFrame() is on the track in Chromium (CanvasCaptureMediaStreamTrack), on the stream in Firefox.
    const frames = ('requestFrame' in track ? track : stream) as unknown as { requestFrame(): void };
    this.track = track;
    this.draw = () => {
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, SIZE, SIZE);
      frames.requestFrame();
    };
    this.timer = setInterval(this.draw, SLOT_MS);
    // Kept until stop(): livekit-client makes a new sender when it republishes (a full reconnect), and that
    // sender needs the transform too.
    this.onSender = (sender: RTCRtpSender, t: Track) => {
      if (t.mediaStreamTrack === track) sender.transform = new RTCRtpScriptTransform(this.worker, {});
    };
    this.room.localParticipant.on('localSenderCreated', this.onSender);
    if (this.options.voice) {
      // A clone: livekit-client stops a published track when the Room disconnects (or a publication before
      // connect times out); the page's own track must outlive us.
      this.voice = this.options.voice.clone();
      this.publications.push(await this.room.localParticipant.publishTrack(this.voice, { name: 'voice', stream: STREAM, source: Track.Source.Microphone }));
    }
    this.publications.push(await this.room.localParticipant.publishTrack(track, {
      name: this.options.name ?? 'motion', stream: STREAM, simulcast: false, videoCodec: 'vp8', source: Track.Source.Camera,
    }));
  }

  /** Begins a conversation; `target` is the pose to blend towards (usually the first frame). */
  startConversation(target?: MotionFrame): void {
    this.send({ kind: 'start', data: target ? { target } : {} });
  }

  /**
   * Queues one motion frame (call 25 times a second while speaking) and sends it at once on a new encoded
   * frame, rather than on the next tick of the 25 fps timer (up to 40 ms later than its voice); the timer
   * starts over from here.
   */
  pushFrame(frame: MotionFrame): void {
    this.send({ kind: 'frame', data: frame });
    if (!this.draw) return;
    clearInterval(this.timer);
    this.draw();
    this.timer = setInterval(this.draw, SLOT_MS);
  }

  /** Ends the conversation after the frames already pushed. */
  endConversation(): void {
    this.send({ kind: 'end', data: {} });
  }

  /** Unpublishes both tracks (the voice track is the caller's: only our clone of it is stopped) and stops the worker. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.draw = undefined; // a pushFrame() after stop() starts no timer
    if (this.onSender) this.room.localParticipant.off('localSenderCreated', this.onSender);
    for (const pub of this.publications) {
      if (pub.track) await this.room.localParticipant.unpublishTrack(pub.track, true);
    }
    this.publications = [];
    this.voice?.stop();
    this.track?.stop();
    this.worker.terminate();
  }

  private send(message: ToSenderMessage): void {
    this.worker.postMessage(message);
  }
}
