// A minimal avatar publisher for end-to-end tests: a 16x16 black VP8 track whose sender transform
// (workers/trailer-sender.worker.ts, or the bad-input sender) appends one motion packet per encoded frame.
import { Room } from 'livekit-client';
import type { Track } from 'livekit-client';
import { mintToken } from './livekit.js';
import { canvasTrack } from '../support/canvas-track.js';

export interface PublisherOptions {
  /**
   * Also publish a voice in the same stream: a 440 Hz tone from WebAudio (true), or the browser's (fake)
   * microphone ('microphone': Firefox's AudioContext never runs on a machine without an audio device, so its
   * WebAudio tone sends next to nothing; its fake microphone is a steady tone).
   */
  audio?: boolean | 'microphone';
  /** Publish the motion track (default true); false makes an ordinary participant. */
  motion?: boolean;
  attributes?: Record<string, string>;
  /** The participant's display name. */
  name?: string;
  /**
   * The sender transform: numbered valid frames (default), the bad-input sender (workers/bad-input-sender.worker.ts),
   * or turns on demand between IDLE packets (workers/conversation-sender.worker.ts, test-agent.ts).
   */
  sender?: 'trailer' | 'bad-input' | 'conversation';
  /** More grants for the participant's token (e.g. canUpdateOwnMetadata, to set its attributes). */
  grants?: Record<string, unknown>;
  /** Video frames a second (default 25). */
  fps?: number;
}

export async function startPublisher(url: string, roomName: string, identity = 'publisher', options: PublisherOptions = {}) {
  const worker = options.sender === 'bad-input'
    ? new Worker(new URL('./workers/bad-input-sender.worker.ts', import.meta.url), { type: 'module' })
    : options.sender === 'conversation'
      ? new Worker(new URL('./workers/conversation-sender.worker.ts', import.meta.url), { type: 'module' })
      : new Worker(new URL('./workers/trailer-sender.worker.ts', import.meta.url), { type: 'module' });
  const sent: number[] = [];
  worker.addEventListener('message', (e) => {
    if (e.data.kind === 'sent') sent.push(e.data.data.seq);
  });
  // Frames drawn (so encoded, so carrying a packet) while `flowing`: setFramesFlowing(false) keeps the track
  // published but silent.
  let flowing = true;
  // The motion track: a canvas pushed at `fps`. republishMotion() swaps in a new one (the worker's seq goes on).
  const motionTrack = () => {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 16;
    const ctx = canvas.getContext('2d')!;
    const { track, requestFrame } = canvasTrack(canvas);
    const tick = setInterval(() => {
      if (!flowing) return;
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, 16, 16);
      requestFrame();
    }, 1000 / (options.fps ?? 25));
    return { track, stop: () => { clearInterval(tick); track.stop(); } };
  };
  let motion = motionTrack();
  const room = new Room({ adaptiveStream: false, dynacast: false });
  room.localParticipant.on('localSenderCreated', (sender: RTCRtpSender, track: Track) => {
    if (track.mediaStreamTrack === motion.track) sender.transform = new RTCRtpScriptTransform(worker, { role: 'send' });
  });
  const extra: Record<string, unknown> = {};
  if (options.attributes) extra.attributes = options.attributes;
  if (options.name) extra.name = options.name;
  if (options.grants) extra.grants = options.grants;
  await room.connect(url, await mintToken(identity, roomName, extra));
  const publishMotion = () => room.localParticipant.publishTrack(motion.track, { name: 'motion', simulcast: false, videoCodec: 'vp8', stream: 'avatar' });
  if (options.motion !== false) await publishMotion();
  let audioContext: AudioContext | undefined;
  let microphone: MediaStream | undefined;
  if (options.audio === 'microphone') {
    microphone = await navigator.mediaDevices.getUserMedia({ audio: true });
    await room.localParticipant.publishTrack(microphone.getAudioTracks()[0]!, { name: 'voice', stream: 'avatar' });
  } else if (options.audio) {
    audioContext = new AudioContext();
    const osc = audioContext.createOscillator();
    const dest = audioContext.createMediaStreamDestination();
    osc.connect(dest);
    osc.start();
    await room.localParticipant.publishTrack(dest.stream.getAudioTracks()[0]!, { name: 'voice', stream: 'avatar' });
  }
  return {
    sent,
    /** The sender transform's worker (the bad-input sender takes its phase from messages). */
    worker,
    room,
    /** Unpublishes the motion track and publishes a new one: the viewer gets a new avatar track. */
    async republishMotion() {
      await room.localParticipant.unpublishTrack(motion.track, true);
      motion.stop();
      motion = motionTrack();
      await publishMotion();
    },
    /**
     * Stops (or restarts) drawing frames, and has the sender transform drop any frame the encoder still makes
     * (Firefox repeats the last frame once a second): no motion packet, with the track still published.
     */
    setFramesFlowing(on: boolean) {
      flowing = on;
      worker.postMessage({ kind: 'flowing', on });
    },
    /** Mutes or unmutes the motion track from the publisher's side (as an agent that pauses its avatar). */
    async setMotionMuted(muted: boolean) {
      const publication = room.localParticipant.getTrackPublicationByName('motion');
      if (!publication) throw new Error('no motion track published');
      await (muted ? publication.mute() : publication.unmute());
    },
    async stop() {
      await room.disconnect();
      await audioContext?.close();
      microphone?.getTracks().forEach((t) => t.stop());
      motion.stop();
      worker.terminate();
    },
  };
}
