import { AUDIO_DELAY_WINDOW_MS, AudioDelayEstimator } from './audio-delay.js';
import type { AudioDelay, AudioStatsSample } from './audio-delay.js';

/**
 * Lip sync: the delay the motion should be held, from its arrival to its display, so that the face moves
 * when the voice is heard. Pure: audio statistics and the clock come in as arguments; the playback engine
 * takes the result (`PlaybackEngine.setSyncDelay`). Without a recent audio estimate it returns undefined
 * and the engine falls back to its own jitter buffer. See docs/sync.md. The voice's delay comes from its
 * receiver stats (jitterBufferDelay deltas over `windowMs`); `PlayoutSyncClock` (playout-position.ts, a bench
 * candidate, not shipped in the worker) takes NetEq's part from the playout position instead.
 */
export interface SyncClockOptions {
  /**
   * Subtracted from the voice's delay (ms). Default 6, measured: with 17 (half the 33 ms paint interval at
   * 60 Hz) the painted face read 23 ms before the voice heard (tap + output latency) and 13 ms before it
   * heard via the `<audio>` element, median, on a quiet machine (`npm run bench -- lipsync`; docs/sync.md).
   */
  motionLeadMs: number;
  /** The longest the face is ever held behind its arrival (ms). */
  maxDelayMs: number;
  /** An audio estimate older than this is not used (ms): the voice stopped, or its stats did. */
  maxAgeMs: number;
  /** The voice's delay is averaged over at least this long (ms; stats come every 500 ms from the element). */
  windowMs: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncClockOptions = { motionLeadMs: 6, maxDelayMs: 600, maxAgeMs: 3000, windowMs: AUDIO_DELAY_WINDOW_MS };

export class SyncClock {
  readonly options: SyncClockOptions;
  readonly #audio: AudioDelayEstimator;

  constructor(options: Partial<SyncClockOptions> = {}) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options };
    this.#audio = new AudioDelayEstimator(this.options.windowMs);
  }

  /** One reading of the avatar's audio receiver statistics. */
  addAudioStats(sample: AudioStatsSample): void {
    this.#audio.add(sample);
  }

  /** The voice's delay as last estimated (for stats), if recent. */
  audioDelay(now: number): AudioDelay | undefined {
    return this.#audio.estimate(now, this.options.maxAgeMs);
  }

  /** The delay to hold motion frames from arrival to display (ms), or undefined: use the own buffer. */
  targetMs(now: number): number | undefined {
    const delay = this.audioDelay(now);
    if (!delay) return undefined;
    return Math.min(this.options.maxDelayMs, Math.max(0, delay.totalMs - this.options.motionLeadMs));
  }

  /** A new voice track or connection: forget the old estimates. */
  reset(): void {
    this.#audio.reset();
  }
}
