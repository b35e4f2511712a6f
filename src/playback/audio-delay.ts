/**
 * How long the avatar's voice takes from the moment its packets arrive to the moment it is heard, from the
 * audio receiver's WebRTC statistics (pure: samples and the clock come in as arguments). See docs/sync.md.
 *
 * - Jitter buffer: the mean time a sample spent in NetEq over the last second, from the deltas of
 *   inbound-rtp `jitterBufferDelay` / `jitterBufferEmittedCount` (from packet arrival to leaving NetEq).
 * - Playout: the mean delay from NetEq to the output device over the same second, from the deltas of
 *   media-playout `totalPlayoutDelay` / `totalSamplesCount`, where the browser reports them.
 * - Output: where the browser reports no playout delay, the output device's latency as the page knows it
 *   (AudioContext.outputLatency); the playout delay already ends at the device, so it is not added twice.
 *   The element knows none and sends `NO_PLAYOUT_STATS_ALLOWANCE_MS` there instead (src/room/voice-stats.ts).
 */

/**
 * What the element adds to NetEq's delay for a voice whose receiver has no media-playout stats (Firefox), in
 * place of the playout delay it cannot read (ms). Measured on a real sound server (`FIREFOX_AUDIO=pulse npm run
 * bench -- lipsync-firefox`, docs/sync.md "Firefox"): Firefox's voice left PulseAudio 31.7 to 32.7 ms after its
 * audio graph rendered it even on a null sink (about 1 ms of device latency), and with 15 ms the face read 13 to 24 ms before the recorded voice
 * (median), with 30 ms 9 before to 3 after. A device's own latency comes on top (Firefox reports it only through
 * an AudioContext's outputLatency, which the element does not have), so the allowance errs towards the face early.
 */
export const NO_PLAYOUT_STATS_ALLOWANCE_MS = 30;

export interface AudioStatsSample {
  /** When the stats were read (ms, the caller's clock). */
  at: number;
  /** inbound-rtp, cumulative: seconds and samples. */
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
  /** media-playout, cumulative, where reported: seconds and samples. */
  totalPlayoutDelay?: number;
  totalSamplesCount?: number;
  /** The output device's latency as the page knows it (ms), if any. */
  outputLatencyMs?: number;
  /**
   * Which voice the counters are of (a new number for each voice track the room follows): a sample of
   * another voice starts the history afresh, so a new track (a new avatar, a reconnect) never inherits the
   * old one's delay. Samples without it are taken as the same voice.
   */
  source?: number;
}

/** A reading of the voice receiver's stats counters as the room sends it (the worker stamps its arrival). */
export type VoiceStats = Omit<AudioStatsSample, 'at'>;

export interface AudioDelay {
  /** Arrival to heard (ms): the sum of the parts below. */
  totalMs: number;
  jitterBufferMs: number;
  playoutMs: number;
  outputMs: number;
  /** When the newest sample behind this estimate was read. */
  at: number;
  /**
   * When the voice packets this estimate averages arrived (ms, the same clock), as far as it is known: the
   * samples emitted over the window arrived about jitterBufferMs before it. Lip sync on the sender's clock takes
   * the motion frames that arrived over the same span (SenderTimeline).
   */
  arrivedFrom?: number;
  arrivedTo?: number;
}

/** Deltas are taken over at least this long (ms), by default. */
export const AUDIO_DELAY_WINDOW_MS = 900;
/** Less than this many samples emitted over the window (10 ms at 48 kHz): no estimate. */
const MIN_SAMPLES = 480;

export class AudioDelayEstimator {
  readonly #samples: AudioStatsSample[] = [];
  #current: AudioDelay | undefined;
  /** The voice of the samples held (AudioStatsSample.source). */
  #source: number | undefined;

  readonly #windowMs: number;

  /** `windowMs`: the deltas span at least this long (ms); shorter follows NetEq faster, longer is steadier. */
  constructor(windowMs = AUDIO_DELAY_WINDOW_MS) {
    this.#windowMs = windowMs;
  }

  /**
   * Adds one reading. A reading of another voice (`source`), or counters that went backwards (a new receiver
   * or track), start the history afresh: the old voice's estimate is dropped at once.
   */
  add(sample: AudioStatsSample): void {
    const last = this.#samples.at(-1);
    if (sample.source !== this.#source) this.reset();
    else if (last && (sample.jitterBufferEmittedCount < last.jitterBufferEmittedCount || sample.at <= last.at)) this.reset();
    this.#source = sample.source;
    this.#samples.push(sample);
    while (this.#samples.length > 2 && sample.at - this.#samples[1]!.at >= this.#windowMs) this.#samples.shift();
    const first = this.#samples[0]!;
    if (sample.at - first.at < this.#windowMs) return;
    const emitted = sample.jitterBufferEmittedCount - first.jitterBufferEmittedCount;
    if (emitted < MIN_SAMPLES) return;
    const jitterBufferMs = ((sample.jitterBufferDelay - first.jitterBufferDelay) / emitted) * 1000;
    let playoutMs = this.#current?.playoutMs ?? 0;
    let reported = this.#current !== undefined && this.#current.outputMs === 0 && playoutMs > 0;
    if (sample.totalSamplesCount !== undefined && first.totalSamplesCount !== undefined && sample.totalPlayoutDelay !== undefined && first.totalPlayoutDelay !== undefined) {
      const played = sample.totalSamplesCount - first.totalSamplesCount;
      if (played >= MIN_SAMPLES) {
        playoutMs = ((sample.totalPlayoutDelay - first.totalPlayoutDelay) / played) * 1000;
        reported = true;
      }
    }
    const outputMs = reported ? 0 : sample.outputLatencyMs ?? 0;
    this.#current = {
      totalMs: jitterBufferMs + playoutMs + outputMs, jitterBufferMs, playoutMs, outputMs, at: sample.at,
      arrivedFrom: first.at - jitterBufferMs, arrivedTo: sample.at - jitterBufferMs,
    };
  }

  /** The latest estimate, or undefined when there is none younger than `maxAgeMs`. */
  estimate(now: number, maxAgeMs = 3000): AudioDelay | undefined {
    const c = this.#current;
    return c && now - c.at <= maxAgeMs ? c : undefined;
  }

  reset(): void {
    this.#samples.length = 0;
    this.#current = undefined;
    this.#source = undefined;
  }
}
