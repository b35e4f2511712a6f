// The audio tap: finds the onset of each tone burst (the first sample above the threshold after at least
// 150 ms below it) and posts its context frame. Runs in an AudioWorklet, on the audio clock.
declare const sampleRate: number;
declare const currentFrame: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

const THRESHOLD = 0.05;

class OnsetProcessor extends AudioWorkletProcessor {
  private quietSamples = 0;
  private readonly minQuiet = Math.round(sampleRate * 0.15);

  process(inputs: Float32Array[][]): boolean {
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      if (Math.abs(channel[i]!) >= THRESHOLD) {
        if (this.quietSamples >= this.minQuiet) this.port.postMessage({ frame: currentFrame + i, sampleRate });
        this.quietSamples = 0;
      } else this.quietSamples++;
    }
    return true;
  }
}

registerProcessor('lipsync-onset', OnsetProcessor);
