import type { MotionFrame } from '../codec/types.js';

/**
 * Audio-driven motion: turns speech (any AudioNode, or a MediaStreamTrack through a source node) into ARKit
 * frames at 25 fps in real time, in an AudioWorklet (audio-motion.worklet.ts), never on the main thread's
 * clock. Feed its frames to MotionPublisher.pushFrame().
 */
export class AudioMotion {
  private constructor(private readonly node: AudioWorkletNode, private readonly sink: GainNode) {}

  /** Loads the worklet into `context` and listens to `source`; `onFrame` gets one frame per 40 ms of audio. */
  static async create(context: BaseAudioContext, source: AudioNode, onFrame: (frame: MotionFrame) => void): Promise<AudioMotion> {
    await context.audioWorklet.addModule(new URL('./audio-motion.worklet.ts', import.meta.url));
    const node = new AudioWorkletNode(context, 'spatius-audio-motion', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
    node.port.onmessage = (e: MessageEvent<MotionFrame>) => onFrame(e.data);
    // A silent path to the destination keeps the worklet pulled by the graph.
    const sink = context.createGain();
    sink.gain.value = 0;
    source.connect(node);
    node.connect(sink).connect(context.destination);
    return new AudioMotion(node, sink);
  }

  /** For a MediaStreamTrack (a voice from a microphone, a WebRTC track, a TTS stream). */
  static fromTrack(context: AudioContext, track: MediaStreamTrack, onFrame: (frame: MotionFrame) => void): Promise<AudioMotion> {
    return AudioMotion.create(context, context.createMediaStreamSource(new MediaStream([track])), onFrame);
  }

  stop(): void {
    this.node.port.onmessage = null;
    this.node.disconnect();
    this.sink.disconnect();
  }
}
