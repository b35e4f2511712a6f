import type { MotionFrame } from '../codec/types.js';
import { asAvatarError, SpatiusAvatarError } from '../core/errors.js';

/**
 * Audio-driven motion: turns speech (any AudioNode, or a MediaStreamTrack through a source node) into ARKit
 * frames at 25 fps in real time, in an AudioWorklet (audio-motion.worklet.ts), never on the main thread's
 * clock. Feed its frames to MotionPublisher.pushFrame().
 */
export class AudioMotion {
  /**
   * How long after its audio a frame comes out (ms): a frame describes 40 ms of audio and is made when the
   * last of it has arrived. Publish the voice this much later (`delayed`) so each frame goes out with the
   * voice it belongs to (docs/sync.md; measured by `npm run bench -- lipsync`).
   */
  static readonly LATENCY_MS = 40;

  /**
   * The source, delayed by LATENCY_MS in the same audio graph (sample-exact): connect this, not the source,
   * to the voice you publish (a MediaStreamAudioDestinationNode), so each motion frame goes out with its voice.
   */
  readonly delayed: DelayNode;

  private constructor(private readonly source: AudioNode, private readonly node: AudioWorkletNode, private readonly sink: GainNode, delayed: DelayNode) {
    this.delayed = delayed;
  }

  /**
   * Loads the worklet into `context` and listens to `source`; `onFrame` gets one frame per 40 ms of audio.
   * Rejects with `invalid-track` when it cannot listen (a closed context, a source of another context).
   */
  static async create(context: BaseAudioContext, source: AudioNode, onFrame: (frame: MotionFrame) => void): Promise<AudioMotion> {
    if (context?.state === 'closed') throw new SpatiusAvatarError('invalid-track', 'AudioMotion: the AudioContext is closed', false);
    try {
      return await AudioMotion.listen(context, source, onFrame);
    } catch (err) {
      throw asAvatarError(err, 'invalid-track', false);
    }
  }

  private static async listen(context: BaseAudioContext, source: AudioNode, onFrame: (frame: MotionFrame) => void): Promise<AudioMotion> {
    await context.audioWorklet.addModule(new URL('./audio-motion.worklet.ts', import.meta.url));
    const node = new AudioWorkletNode(context, 'spatius-audio-motion', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
    node.port.onmessage = (e: MessageEvent<MotionFrame>) => onFrame(e.data);
    // A silent path to the destination keeps the worklet pulled by the graph.
    const sink = context.createGain();
    sink.gain.value = 0;
    source.connect(node);
    node.connect(sink).connect(context.destination);
    const delayed = context.createDelay(1);
    delayed.delayTime.value = AudioMotion.LATENCY_MS / 1000;
    source.connect(delayed);
    return new AudioMotion(source, node, sink, delayed);
  }

  /** For a MediaStreamTrack (a voice from a microphone, a WebRTC track, a TTS stream): a live audio track, or `invalid-track`. */
  static async fromTrack(context: AudioContext, track: MediaStreamTrack, onFrame: (frame: MotionFrame) => void): Promise<AudioMotion> {
    if (!(track instanceof MediaStreamTrack && track.kind === 'audio' && track.readyState === 'live')) {
      throw new SpatiusAvatarError('invalid-track', 'AudioMotion.fromTrack needs a live audio MediaStreamTrack', false);
    }
    if (context?.state === 'closed') throw new SpatiusAvatarError('invalid-track', 'AudioMotion: the AudioContext is closed', false);
    return AudioMotion.create(context, context.createMediaStreamSource(new MediaStream([track])), onFrame);
  }

  /**
   * Ends the analysis: the source lets go of the worklet, whose processor ends. The voice path (`delayed`) is
   * the page's: it keeps playing until the page disconnects it.
   */
  stop(): void {
    // the source stays connected to the worklet otherwise, which goes on making frames
    try {
      this.source.disconnect(this.node);
    } catch {
      // already disconnected (stop() twice, or the page disconnected it)
    }
    this.node.port.postMessage('stop');
    this.node.port.onmessage = null;
    this.node.disconnect();
    this.sink.disconnect();
  }
}
