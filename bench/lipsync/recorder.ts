// Records the null sink's monitor (parec, 48 kHz mono float) and finds the onsets in it, on this process's clock
// (performance.timeOrigin + performance.now(), the pages' clock on this machine: checked against Date.now()).
//
// Clock: every chunk parec writes is stamped when it reaches this process; chunk i ends at sample n_i, so the
// sample timeline maps to the clock by offset = min over chunks of (arrival_i − n_i / rate): the chunk that came
// with the least delay. The sink renders ahead of real time in blocks and parec buffers, so the minimum is taken
// over the chunks within ±WINDOW of each onset (a dropped chunk or a stall moves only its own neighbourhood).
// The onset finder is the tap's (pages/onset.worklet.ts): the first sample at or above the threshold after at
// least 150 ms below it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { SINK, SINK_RATE } from './pulse.js';
import type { PulseServer } from './pulse.js';

const THRESHOLD = 0.05;
const MIN_QUIET = Math.round(SINK_RATE * 0.15);
const WINDOW_MS = 1000;

export const absNow = (): number => performance.timeOrigin + performance.now();

/** One onset found in the recording: its sample, and its time on this process's clock (ms). */
export interface RecordedOnset { sample: number; at: number; peak: number }
export interface Recording {
  onsets: RecordedOnset[];
  /** [samples so far, arrival] for every chunk (thinned to one in 4 past the first 1000 to stay small). */
  chunks: [number, number][];
  /** How many samples, and the chunk-arrival jitter: arrival − (offset + n / rate), median and p95 (ms). */
  samples: number; lagMedianMs: number; lagP95Ms: number;
  /** Date.now() − absNow() in this process (median of the readings), to put the pages' clock beside this one. */
  dateMinusAbsMs: number;
}

export class MonitorRecorder {
  private n = 0;
  private quiet = MIN_QUIET;
  private readonly raw: { sample: number; peak: number }[] = [];
  private readonly chunks: [number, number][] = [];
  private readonly dateOffsets: number[] = [];
  private carry: Buffer = Buffer.alloc(0);
  private current: { sample: number; peak: number } | undefined;

  private constructor(private readonly proc: ChildProcess) {}

  static start(server: PulseServer, latencyMs = 2): MonitorRecorder {
    const proc = spawn('parec', [`--device=${SINK}.monitor`, '--format=float32le', `--rate=${SINK_RATE}`, '--channels=1', `--latency-msec=${latencyMs}`, '--raw', '--client-name=spatius-bench-recorder'], { env: { ...process.env, ...server.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const rec = new MonitorRecorder(proc);
    proc.stdout!.on('data', (b: Buffer) => rec.chunk(b));
    proc.on('error', (e) => process.stdout.write(`\n  [recorder] parec: ${e.message}`)); // the recording is then empty, and says so
    return rec;
  }

  private chunk(b: Buffer): void {
    const at = absNow();
    if (this.dateOffsets.length < 2000 && this.chunks.length % 50 === 0) this.dateOffsets.push(Date.now() - absNow());
    const data = this.carry.length ? Buffer.concat([this.carry, b]) : b;
    const whole = data.length - (data.length % 4);
    for (let i = 0; i < whole; i += 4) {
      const v = Math.abs(data.readFloatLE(i));
      if (v >= THRESHOLD) {
        if (this.quiet >= MIN_QUIET) { this.current = { sample: this.n, peak: v }; this.raw.push(this.current); }
        else if (this.current && this.n - this.current.sample < SINK_RATE / 20) this.current.peak = Math.max(this.current.peak, v);
        this.quiet = 0;
      } else this.quiet++;
      this.n++;
    }
    this.carry = data.subarray(whole);
    this.chunks.push([this.n, at]);
  }

  private stopped: Promise<Recording> | undefined;

  /** Ends the recording and maps its onsets to the clock (once: later calls get the same). */
  stop(): Promise<Recording> {
    this.stopped ??= this.finish();
    return this.stopped;
  }

  private async finish(): Promise<Recording> {
    if (this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise((r) => this.proc.once('exit', r));
      this.proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
    }
    const chunks = this.chunks;
    const offsets = chunks.map(([n, at]) => at - (n / SINK_RATE) * 1000);
    // the least offset per 250 ms bucket; an onset's offset is the least of the buckets within ±WINDOW_MS
    const BUCKET = 250;
    const buckets = new Map<number, number>();
    chunks.forEach(([, at], i) => { const k = Math.floor(at / BUCKET); buckets.set(k, Math.min(buckets.get(k) ?? Infinity, offsets[i]!)); });
    const offsetNear = (at: number): number => {
      let best = Infinity;
      const k = Math.floor(at / BUCKET);
      for (let j = k - WINDOW_MS / BUCKET; j <= k + WINDOW_MS / BUCKET; j++) best = Math.min(best, buckets.get(j) ?? Infinity);
      return best;
    };
    const first = offsets.length ? Math.min(...offsets) : NaN;
    const onsets = this.raw.map((o) => {
      const rough = first + (o.sample / SINK_RATE) * 1000;
      return { sample: o.sample, peak: o.peak, at: offsetNear(rough) + (o.sample / SINK_RATE) * 1000 };
    });
    const lags = chunks.map((c, i) => offsets[i]! - offsetNear(c[1])).sort((a, b) => a - b);
    const q = (p: number) => lags[Math.min(lags.length - 1, Math.round(p * (lags.length - 1)))] ?? NaN;
    const d = [...this.dateOffsets].sort((a, b) => a - b);
    return {
      onsets, chunks: chunks.filter((_, i) => i < 1000 || i % 4 === 0), samples: this.n, lagMedianMs: q(0.5), lagP95Ms: q(0.95),
      dateMinusAbsMs: d[Math.floor(d.length / 2)] ?? NaN,
    };
  }
}
