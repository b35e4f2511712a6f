// AudioMotion's processor (an AudioWorklet: off the main thread, on the audio clock). Every 40 ms of input
// becomes one ARKit frame: jaw and lips from the energy envelope, rounded (o/u) versus spread (e/i) lips
// from where the energy sits in the spectrum (a one-pole split at about 1.2 kHz and the zero-crossing rate),
// lips pressed in the short silences inside speech (plosives, pauses), brows and a nod on syllables louder
// than the recent average, natural blinks. It will never be a neural lip-sync model; it reads as speech.
import { SLOT_MS } from '../codec/constants.js';
import { computeFeatures, FeatureState, featuresToFrame } from './audio-features.js';

declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

class AudioMotionProcessor extends AudioWorkletProcessor {
  private readonly window = Math.round((sampleRate * SLOT_MS) / 1000);
  private readonly buffer = new Float32Array(this.window);
  private filled = 0;
  private readonly state = new FeatureState(sampleRate);
  private stopped = false;

  constructor() {
    super();
    // AudioMotion.stop(): process() returns false, so the node can be collected
    this.port.onmessage = () => {
      this.stopped = true;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      this.buffer[this.filled++] = channel[i]!;
      if (this.filled === this.window) {
        this.filled = 0;
        const features = computeFeatures(this.buffer, this.state);
        // No TIME: the publisher stamps it from each conversation's first frame (spec section 4), which this
        // running analysis does not know.
        const frame = featuresToFrame(features, this.state);
        this.port.postMessage(frame, [frame.blendshapes.buffer]);
      }
    }
    return true;
  }
}

registerProcessor('spatius-audio-motion', AudioMotionProcessor);
