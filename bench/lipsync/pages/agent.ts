// The agent-side alignment (issue 12, part 3), "click in, jaw out": the real MotionPublisher and AudioMotion
// (src/publisher) as an agent uses them. A 30 ms tone burst ("click") goes into the avatar's mouth at a
// random phase of AudioMotion's 40 ms windows; AudioMotion makes motion from the mouth and the voice is
// published through AudioMotion's delay. Taps on the mouth (undelayed) and on the published voice (delayed)
// time each click; MotionPublisher's onFrameSent times each motion frame as it leaves the sender.
import { Room, Track } from 'livekit-client';
import { AudioMotion, MotionPublisher } from '../../../src/publisher/index.js';
import type { SentFrame } from '../../../src/publisher/index.js';
import { AudioTap } from './audio-tap.js';

const params = new URLSearchParams(location.search);

export interface AgentResult { clicksIn: number[]; clicksOut: number[]; sent: SentFrame[]; latencyMs: number }

async function main(): Promise<void> {
  const room = new Room({ adaptiveStream: false, dynacast: false });
  await room.connect(params.get('url')!, params.get('token')!);
  const ctx = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
  await ctx.resume();
  const mouth = ctx.createGain();
  const osc = ctx.createOscillator();
  osc.frequency.value = 1000;
  const burst = ctx.createGain();
  burst.gain.value = 0;
  osc.connect(burst).connect(mouth);
  osc.start();
  const voice = ctx.createMediaStreamDestination();
  const sent: SentFrame[] = [];
  const publisher = new MotionPublisher(room, { voice: voice.stream.getAudioTracks()[0]!, onFrameSent: (f) => sent.push(f) });
  await publisher.start();
  const motion = await AudioMotion.create(ctx, mouth, (frame) => publisher.pushFrame(frame));
  motion.delayed.connect(voice);
  const tapIn = await AudioTap.create(ctx, mouth);
  const tapOut = await AudioTap.create(ctx, motion.delayed);
  publisher.startConversation();
  void Track;

  (window as unknown as Record<string, unknown>).runClicks = async (n: number): Promise<AgentResult> => {
    await new Promise((r) => setTimeout(r, 3000));
    const in0 = tapIn.onsets.length, out0 = tapOut.onsets.length, sent0 = sent.length;
    for (let i = 0; i < n; i++) {
      const t = ctx.currentTime + 0.05 + ((i * 0.0137) % 0.04); // walks through the phases of the 40 ms window
      burst.gain.setValueAtTime(0.5, t);
      burst.gain.setValueAtTime(0, t + 0.03);
      await new Promise((r) => setTimeout(r, 500 + (i % 7) * 30));
    }
    await new Promise((r) => setTimeout(r, 1000));
    return { clicksIn: tapIn.onsets.slice(in0).map((o) => o.tap), clicksOut: tapOut.onsets.slice(out0).map((o) => o.tap), sent: sent.slice(sent0), latencyMs: AudioMotion.LATENCY_MS };
  };
  (window as unknown as Record<string, unknown>).ready = true;
}

main().catch((e) => console.error('agent failed', e));
