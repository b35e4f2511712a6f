// The simulated agent's sender transform: one motion packet per encoded frame of its black 16x16 track.
// A loop of short "speech turns": TRANSITION, START … END (jaw and lips from a syllable rhythm, brows and
// head on stressed syllables, the odd smile), TRANSITION_END, then IDLE for a moment.
import { BLENDSHAPE_COUNT, BLENDSHAPE_INDEX as B, encodeMotionFrameSync } from '/dist/codec.js';

const weights = new Float32Array(BLENDSHAPE_COUNT);
const pose = { rotation: [0, 0, 0], translation: [0, 0, 0] };
const frame = { blendshapes: weights, headPose: pose, time: 0 };
const TURN = 110; // frames of speech (4.4 s)
const PAUSE = 45; // frames of idle between turns
let n = 0;
let seq = 0;

function speech(i) {
  const t = i / 25;
  const syllable = Math.max(0, Math.sin(t * 2 * Math.PI * 3.1)) * (0.55 + 0.45 * Math.sin(t * 1.7) ** 2);
  const stress = Math.max(0, Math.sin(t * 2 * Math.PI * 0.8));
  weights.fill(0);
  weights[B.jawOpen] = 0.1 + syllable * 0.55;
  weights[B.mouthFunnel] = Math.max(0, Math.sin(t * 2.3)) * syllable * 0.6;
  weights[B.mouthStretchLeft] = weights[B.mouthStretchRight] = Math.max(0, -Math.sin(t * 2.3)) * syllable * 0.5;
  weights[B.mouthLowerDownLeft] = weights[B.mouthLowerDownRight] = syllable * 0.3;
  weights[B.mouthSmileLeft] = weights[B.mouthSmileRight] = Math.max(0, Math.sin(t * 0.9)) * 0.6;
  weights[B.browInnerUp] = stress * 0.5;
  weights[B.browOuterUpLeft] = weights[B.browOuterUpRight] = stress * 0.3;
  weights[B.eyeBlinkLeft] = weights[B.eyeBlinkRight] = i % 70 > 66 ? 1 : 0;
  pose.rotation[0] = 0.05 * Math.sin(t * 1.3) - stress * 0.04;
  pose.rotation[1] = 0.12 * Math.sin(t * 0.7);
  pose.rotation[2] = 0.04 * Math.sin(t * 0.5);
  frame.time = i * 40;
}

function nextPacket() {
  const i = n++ % (TURN + PAUSE + 2);
  if (i === 0) {
    speech(0);
    return { kind: 'transition', start: false, end: false, frame };
  }
  if (i <= TURN) {
    speech(i - 1);
    return { kind: 'frame', start: i === 1, end: i === TURN, seq: seq++, frame };
  }
  if (i === TURN + 1) return { kind: 'transition-end', start: false, end: false };
  return { kind: 'idle', start: false, end: false };
}

self.onrtctransform = (event) => {
  const { readable, writable } = event.transformer;
  readable.pipeThrough(new TransformStream({
    transform(encoded, controller) {
      encoded.data = encodeMotionFrameSync(nextPacket(), new Uint8Array(encoded.data)).buffer;
      controller.enqueue(encoded);
    },
  })).pipeTo(writable).catch(() => undefined);
};
