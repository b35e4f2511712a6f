// A simulated avatar agent inside the page: a second LiveKit participant that publishes a motion track with
// spatius-avatar/publisher's MotionPublisher and speaks (motion only, no voice yet) in turns of ~4 s:
// jaw and lips from a syllable rhythm, brows and head on stressed syllables, the odd smile and blink.
import { Room } from 'livekit-client';
import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as B } from '/dist/codec.js';
import { MotionPublisher } from '/dist/publisher.js';

const TURN = 110; // frames of speech (4.4 s)
const PAUSE = 45; // frames of silence between turns

function speechFrame(i) {
  const t = i / 25;
  const w = new Float32Array(BLENDSHAPE_COUNT);
  const syllable = Math.max(0, Math.sin(t * 2 * Math.PI * 3.1)) * (0.55 + 0.45 * Math.sin(t * 1.7) ** 2);
  const stress = Math.max(0, Math.sin(t * 2 * Math.PI * 0.8));
  w[B.jawOpen] = 0.1 + syllable * 0.55;
  w[B.mouthFunnel] = Math.max(0, Math.sin(t * 2.3)) * syllable * 0.6;
  w[B.mouthStretchLeft] = w[B.mouthStretchRight] = Math.max(0, -Math.sin(t * 2.3)) * syllable * 0.5;
  w[B.mouthLowerDownLeft] = w[B.mouthLowerDownRight] = syllable * 0.3;
  w[B.mouthSmileLeft] = w[B.mouthSmileRight] = Math.max(0, Math.sin(t * 0.9)) * 0.6;
  w[B.browInnerUp] = stress * 0.5;
  w[B.browOuterUpLeft] = w[B.browOuterUpRight] = stress * 0.3;
  w[B.eyeBlinkLeft] = w[B.eyeBlinkRight] = i % 70 > 66 ? 1 : 0;
  const rotation = [0.05 * Math.sin(t * 1.3) - stress * 0.04, 0.12 * Math.sin(t * 0.7), 0.04 * Math.sin(t * 0.5)];
  return { blendshapes: w, headPose: { rotation, translation: [0, 0, 0] } };
}

export async function startSimAgent(roomName) {
  const res = await fetch('/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ room_name: roomName, participant_identity: 'sim-avatar' }),
  });
  const { server_url: url, participant_token: token } = await res.json();
  const room = new Room({ adaptiveStream: false, dynacast: false });
  await room.connect(url, token);
  const publisher = new MotionPublisher(room);
  await publisher.start();
  let n = 0;
  const tick = setInterval(() => {
    const i = n++ % (TURN + PAUSE);
    if (i === 0) publisher.startConversation(speechFrame(0));
    if (i < TURN) publisher.pushFrame(speechFrame(i));
    if (i === TURN - 1) publisher.endConversation();
  }, 40);
  return {
    async stop() {
      clearInterval(tick);
      await publisher.stop();
      await room.disconnect();
    },
  };
}
