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
}

export async function startPublisher(url: string, roomName: string, identity = 'publisher', options: PublisherOptions = {}) {
  const worker = new Worker(new URL('./workers/trailer-sender.worker.ts', import.meta.url), { type: 'module' });
  const sent: number[] = [];
  worker.onmessage = (e) => sent.push(e.data.data.seq);
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 16;
  const ctx = canvas.getContext('2d')!;
  const stream = canvas.captureStream(0);
  const mst = stream.getVideoTracks()[0]! as CanvasCaptureMediaStreamTrack;
  const draw = () => {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, 16, 16);
    mst.requestFrame();
  };
  let tick: ReturnType<typeof setInterval> | undefined = setInterval(draw, 40);
  const room = new Room({ adaptiveStream: false, dynacast: false });
  room.localParticipant.on('localSenderCreated', (sender: RTCRtpSender, track: Track) => {
    if (track.mediaStreamTrack === mst) sender.transform = new RTCRtpScriptTransform(worker, { role: 'send' });
  });
  await room.connect(url, await mintToken(identity, roomName, options.attributes ? { attributes: options.attributes } : {}));
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
    room,
    /** Mutes or unmutes the motion track from the publisher's side (as an agent that pauses its avatar). */
    /** Stops (or restarts) drawing frames: no encoded frame, so no motion packet, with the track still published. */
    setFramesFlowing(on: boolean) {
      clearInterval(tick);
      tick = on ? setInterval(draw, 40) : undefined;
    },
    async setMotionMuted(muted: boolean) {
      const publication = room.localParticipant.getTrackPublicationByName('motion');
      if (!publication) throw new Error('no motion track published');
      await (muted ? publication.mute() : publication.unmute());
    },
    async stop() {
      clearInterval(tick);
      await room.disconnect();
      await audioContext?.close();
      mst.stop();
      worker.terminate();
    },
  };
}

