// AudioMotion on committed speech clips (espeak-ng, 16 kHz): rendered offline through the real AudioWorklet.
import { expect } from '@open-wc/testing';
import { BLENDSHAPE_INDEX as B } from '../../src/codec/index.js';
import type { BlendshapeName, MotionFrame } from '../../src/codec/index.js';
import { AudioMotion } from '../../src/publisher/audio-motion.js';

async function framesOf(clip: string): Promise<MotionFrame[]> {
  const bytes = await (await fetch(`/test/fixtures/audio/${clip}.wav`)).arrayBuffer();
  const probe = new OfflineAudioContext(1, 1, 16000);
  const buffer = await probe.decodeAudioData(bytes);
  const ctx = new OfflineAudioContext(1, buffer.length, buffer.sampleRate);
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  const frames: MotionFrame[] = [];
  await AudioMotion.create(ctx, source, (f) => frames.push(f));
  source.start();
  await ctx.startRendering();
  await new Promise((r) => setTimeout(r, 300)); // the worklet's last messages
  return frames;
}

const mean = (frames: MotionFrame[], ...names: BlendshapeName[]) =>
  frames.reduce((s, f) => s + names.reduce((t, n) => t + f.blendshapes[B[n]]!, 0), 0) / frames.length;
/** The frames where the voice is on (jaw clearly open). */
const voiced = (frames: MotionFrame[]) => frames.filter((f) => f.blendshapes[B.jawOpen]! > 0.1);

describe('AudioMotion', () => {
  it('produces one frame per 40 ms of audio, with no TIME (the publisher stamps it from each conversation\'s start)', async () => {
    const frames = await framesOf('silence');
    expect(frames.length).to.be.within(24, 25); // 1.0 s
    expect(frames.map((f) => f.time).slice(0, 3)).to.deep.equal([undefined, undefined, undefined]);
  });

  it('stop() ends the analysis but not the voice: the source still plays through `delayed`, 40 ms later', async () => {
    const ctx = new OfflineAudioContext(1, 4800, 48000); // 100 ms
    const source = ctx.createConstantSource(); // 1.0
    const motion = await AudioMotion.create(ctx, source, () => undefined);
    motion.delayed.connect(ctx.destination); // as docs/publisher.md publishes the voice
    source.start();
    motion.stop();
    const out = (await ctx.startRendering()).getChannelData(0);
    expect(out[960], '20 ms: still inside the delay').to.equal(0);
    expect(out[2400], '50 ms: the voice, delayed').to.be.closeTo(1, 1e-6);
  });

  it('silence keeps the mouth closed', async () => {
    const frames = await framesOf('silence');
    expect(Math.max(...frames.map((f) => f.blendshapes[B.jawOpen]!))).to.equal(0);
  });

  it('a vowel opens the jaw', async () => {
    const frames = await framesOf('oo');
    expect(voiced(frames).length).to.be.greaterThan(frames.length / 3);
    expect(mean(frames, 'jawOpen')).to.be.greaterThan(0.15);
  });

  it('"oo" rounds the lips (funnel, pucker) and "ee" spreads them (stretch, smile)', async () => {
    const oo = voiced(await framesOf('oo'));
    const ee = voiced(await framesOf('ee'));
    const roundO = mean(oo, 'mouthFunnel', 'mouthPucker'), roundE = mean(ee, 'mouthFunnel', 'mouthPucker');
    const spreadO = mean(oo, 'mouthStretchLeft', 'mouthSmileLeft'), spreadE = mean(ee, 'mouthStretchLeft', 'mouthSmileLeft');
    expect(roundO).to.be.greaterThan(roundE + 0.1);
    expect(spreadE).to.be.greaterThan(spreadO + 0.1);
  });
});
