// The avatars for the end-to-end bench: one Room and one MotionPublisher per token (?tokens=a,b,…), each
// publishing a voice (a 220 Hz tone whose loudness follows the jaw) and the motion track. Speaking: back-to-back
// conversations of 8 s with 0.4 s between them, 25 frames a second with a varying jawOpen (and a few other
// weights and a head pose, so the frames look like speech to the codec, not a constant).
import { Room } from 'livekit-client';
import { MotionPublisher } from '../../../src/publisher/index.js';
import { BLENDSHAPE_NAMES } from '../../../src/codec/blendshapes.js';

const params = new URLSearchParams(location.search);
const JAW = BLENDSHAPE_NAMES.indexOf('jawOpen');
const FUNNEL = BLENDSHAPE_NAMES.indexOf('mouthFunnel');
const SMILE = BLENDSHAPE_NAMES.indexOf('mouthSmileLeft');
const BLINK = BLENDSHAPE_NAMES.indexOf('eyeBlinkLeft');

async function avatar(url: string, token: string, index: number): Promise<{ frames: () => number }> {
  const room = new Room({ adaptiveStream: false, dynacast: false });
  await room.connect(url, token);
  const ctx = new AudioContext({ sampleRate: 48000 });
  await ctx.resume();
  const osc = ctx.createOscillator();
  osc.frequency.value = 220 + 30 * index;
  const gain = ctx.createGain();
  gain.gain.value = 0;
  const voice = ctx.createMediaStreamDestination();
  osc.connect(gain).connect(voice);
  osc.start();
  const publisher = new MotionPublisher(room, { voice: voice.stream.getAudioTracks()[0]! });
  await publisher.start();
  let pushed = 0;
  const speak = async () => {
    for (;;) {
      publisher.startConversation();
      const t0 = performance.now();
      for (let i = 0; performance.now() - t0 < 8000; i++) {
        const t = i * 0.04;
        const w = new Float32Array(52);
        // syllables at ~4 Hz with a slower phrase envelope, never quite the same twice
        const jaw = Math.max(0, Math.sin(2 * Math.PI * (4.1 + 0.3 * index) * t)) * (0.55 + 0.4 * Math.sin(0.9 * t + index));
        w[JAW] = jaw;
        w[FUNNEL] = 0.3 * Math.max(0, Math.sin(2 * Math.PI * 1.3 * t));
        w[SMILE] = 0.2 + 0.1 * Math.sin(0.5 * t);
        w[BLINK] = (i % 90) < 4 ? 1 : 0;
        gain.gain.setTargetAtTime(0.4 * jaw, ctx.currentTime, 0.01);
        publisher.pushFrame({ blendshapes: w, headPose: { rotation: [0.05 * Math.sin(0.7 * t), 0.08 * Math.sin(0.4 * t), 0.02 * Math.sin(0.3 * t)], translation: [0, 0, 0] }, time: i * 40 });
        pushed++;
        // the next slot on the conversation's own clock (a late timer does not drift it)
        await new Promise((r) => setTimeout(r, Math.max(0, t0 + (i + 1) * 40 - performance.now())));
      }
      publisher.endConversation();
      gain.gain.setTargetAtTime(0, ctx.currentTime, 0.01);
      await new Promise((r) => setTimeout(r, 400));
    }
  };
  void speak();
  return { frames: () => pushed };
}

async function main(): Promise<void> {
  const url = params.get('url')!;
  const avatars = await Promise.all(params.get('tokens')!.split(',').map((t, i) => avatar(url, t, i)));
  (window as unknown as Record<string, unknown>).framesPushed = () => avatars.map((a) => a.frames());
  (window as unknown as Record<string, unknown>).ready = true;
}

main().catch((e) => console.error('agent failed', e));
