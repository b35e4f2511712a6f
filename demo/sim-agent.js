// A simulated avatar agent inside the page: a second LiveKit participant that publishes a motion track
// (a black 16x16 VP8 canvas track whose sender transform appends motion packets, sim-agent.worker.js).
// It has no voice: it shows the motion path end to end without any AI service.
import { Room } from 'livekit-client';

export async function startSimAgent(roomName) {
  const res = await fetch('/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room_name: roomName, participant_identity: 'sim-avatar' }),
  });
  const { server_url: url, participant_token: token } = await res.json();
  const worker = new Worker(new URL('./sim-agent.worker.js', import.meta.url), { type: 'module' });
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 16;
  const ctx = canvas.getContext('2d');
  const track = canvas.captureStream(0).getVideoTracks()[0];
  const tick = setInterval(() => {
    ctx.fillRect(0, 0, 16, 16);
    track.requestFrame();
  }, 40);
  const room = new Room({ adaptiveStream: false, dynacast: false });
  room.localParticipant.on('localSenderCreated', (sender, t) => {
    if (t.mediaStreamTrack === track) sender.transform = new RTCRtpScriptTransform(worker, {});
  });
  await room.connect(url, token);
  await room.localParticipant.publishTrack(track, { name: 'motion', simulcast: false, videoCodec: 'vp8' });
  return {
    async stop() {
      clearInterval(tick);
      await room.disconnect();
      track.stop();
      worker.terminate();
    },
  };
}
