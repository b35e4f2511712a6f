// A minimal avatar publisher for end-to-end tests: a 16x16 black VP8 track at 25 fps whose sender
// transform (workers/trailer-sender.worker.ts) appends one numbered motion packet per encoded frame.
import { Room } from 'livekit-client';
import type { Track } from 'livekit-client';
import { mintToken } from './livekit.js';

export interface PublisherOptions {
  /** Also publish a voice (a 440 Hz tone from WebAudio) in the same stream. */
  audio?: boolean;
  /** Publish the motion track (default true); false makes an ordinary participant. */
  motion?: boolean;
  attributes?: Record<string, string>;
  /** The participant's display name. */
  name?: string;
  /** The sender transform: numbered valid frames (default), or the bad-input sender (workers/bad-input-sender.worker.ts). */
  sender?: 'trailer' | 'bad-input';
  /** Video frames a second (default 25). */
  fps?: number;
}

export async function startPublisher(url: string, roomName: string, identity = 'publisher', options: PublisherOptions = {}) {
  const worker = options.sender === 'bad-input'
    ? new Worker(new URL('./workers/bad-input-sender.worker.ts', import.meta.url), { type: 'module' })
    : new Worker(new URL('./workers/trailer-sender.worker.ts', import.meta.url), { type: 'module' });
  const sent: number[] = [];
  worker.addEventListener('message', (e) => {
    if (e.data.kind === 'sent') sent.push(e.data.data.seq);
  });
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 16;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(0);
  const mst = stream.getVideoTracks()[0]! as CanvasCaptureMediaStreamTrack;
  const tick = setInterval(() => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 16, 16);
    mst.requestFrame();
  }, 1000 / (options.fps ?? 25));
  const room = new Room({ adaptiveStream: false, dynacast: false });
  room.localParticipant.on('localSenderCreated', (sender: RTCRtpSender, track: Track) => {
    if (track.mediaStreamTrack === mst) sender.transform = new RTCRtpScriptTransform(worker, { role: 'send' });
  });
  const extra: Record<string, unknown> = {};
  if (options.attributes) extra.attributes = options.attributes;
  if (options.name) extra.name = options.name;
  await room.connect(url, await mintToken(identity, roomName, extra));
  if (options.motion !== false) {
    await room.localParticipant.publishTrack(mst, { name: 'motion', simulcast: false, videoCodec: 'vp8', stream: 'avatar' });
  }
  let audioContext: AudioContext | undefined;
  if (options.audio) {
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
    async stop() {
      clearInterval(tick);
      await room.disconnect();
      await audioContext?.close();
      mst.stop();
      worker.terminate();
    },
  };
}

