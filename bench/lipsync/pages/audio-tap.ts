// Page side of the audio tap: maps the worklet's context frames to absolute time (performance.timeOrigin +
// performance.now(), the clock every page and worker of both browsers share on one machine).
//
// - tap: when the audio graph rendered the sample. The context time advances once per render callback;
//   sampling (now - currentTime) often and keeping the minimum finds the render moment of a callback. The
//   minimum is over the last 3 s, or `windowMs`: a context clock that drifts from the wall clock (Firefox's
//   mock audio device runs 2 to 3.5 % slow, bench/lipsync/harness.ts) needs a short window, or the minimum is a
//   reading seconds old and the tap reads early by the drift since.
// - heard: tap + the context's outputLatency (what Chromium reports for the output device).
// - heardOts: the same from getOutputTimestamp(), as a cross-check.

export const absNow = (): number => performance.timeOrigin + performance.now();

export interface Onset { tap: number; heard: number; heardOts: number; outputLatencyMs: number }

export class AudioTap {
  readonly onsets: Onset[] = [];
  private minOffset = Infinity;
  private readonly offsets: { at: number; offset: number }[] = [];
  private ots = { contextTime: 0, performanceTime: 0 };
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The first and the latest (absolute ms, context ms) readings: the context clock's rate against the wall clock. */
  private first: { at: number; ctxMs: number } | undefined;
  private latest: { at: number; ctxMs: number } | undefined;

  private constructor(readonly context: AudioContext, readonly node: AudioWorkletNode, private readonly windowMs: number) {}

  static async create(context: AudioContext, source: AudioNode, windowMs = 3000): Promise<AudioTap> {
    await context.audioWorklet.addModule('/onset.worklet.js');
    const node = new AudioWorkletNode(context, 'lipsync-onset', { numberOfInputs: 1, numberOfOutputs: 1, channelCount: 1, channelCountMode: 'explicit' });
    const sink = context.createGain();
    sink.gain.value = 0;
    source.connect(node);
    node.connect(sink).connect(context.destination);
    const tap = new AudioTap(context, node, windowMs);
    tap.timer = setInterval(() => tap.sample(), 5);
    node.port.onmessage = (e: MessageEvent<{ frame: number; sampleRate: number }>) => {
      tap.sample();
      const ctxMs = (e.data.frame / e.data.sampleRate) * 1000;
      const latency = (context.outputLatency || context.baseLatency || 0) * 1000;
      const t = ctxMs + tap.offset();
      const heardOts = tap.ots.performanceTime ? performance.timeOrigin + tap.ots.performanceTime + (ctxMs - tap.ots.contextTime * 1000) : NaN;
      tap.onsets.push({ tap: t, heard: t + latency, heardOts, outputLatencyMs: latency });
    };
    return tap;
  }

  /**
   * A click the page makes itself (sound server runs): a 20 ms 1 kHz burst at context time `at` (s), into the
   * onset worklet (its tap time, as the voice's) and out to the device (heard: the recording finds it).
   */
  click(at: number): void {
    const osc = this.context.createOscillator();
    const gain = this.context.createGain();
    osc.frequency.value = 1000;
    gain.gain.value = 0.5;
    osc.connect(gain);
    gain.connect(this.node);
    gain.connect(this.context.destination);
    osc.start(at);
    osc.stop(at + 0.02);
  }

  /** Context ms per wall-clock ms over the tap's life (1 = the context clock keeps real time). */
  get clockRate(): number {
    const a = this.first, b = this.latest;
    return a && b && b.at > a.at ? (b.ctxMs - a.ctxMs) / (b.at - a.at) : NaN;
  }

  /** The render-moment offset: the minimum of (now - currentTime) over the last 3 s (windowMs). */
  private offset(): number {
    return this.minOffset;
  }

  private sample(): void {
    const at = absNow();
    const offset = at - this.context.currentTime * 1000;
    this.offsets.push({ at, offset });
    const ctxMs = this.context.currentTime * 1000;
    if (ctxMs > 0) { this.first ??= { at, ctxMs }; this.latest = { at, ctxMs }; }
    while (this.offsets.length && this.offsets[0]!.at < at - this.windowMs) this.offsets.shift();
    this.minOffset = Math.min(...this.offsets.map((o) => o.offset));
    const ots = this.context.getOutputTimestamp();
    if (ots.performanceTime) this.ots = { contextTime: ots.contextTime ?? 0, performanceTime: ots.performanceTime };
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
