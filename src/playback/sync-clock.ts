import { AudioDelayEstimator } from './audio-delay.js';
import type { AudioDelay, AudioStatsSample } from './audio-delay.js';

/**
 * Lip sync: the delay the motion should be held, from its arrival to its display, so that the face moves
 * when the voice is heard. Pure: audio statistics and the clock come in as arguments; the playback engine
 * takes the result (`PlaybackEngine.setSyncDelay`). Without a recent audio estimate it returns undefined
 * and the engine falls back to its own jitter buffer. See docs/sync.md.
 */
export interface SyncClockOptions {
  /**
   * How much earlier than the voice's packets the motion reaches the engine, besides the voice's measured
   * delays (ms): subtracted from the audio delay. Measured (docs/sync.md); 0 by default.
   */
  motionLeadMs: number;
  /** The longest the face is ever held behind its arrival (ms). */
  maxDelayMs: number;
  /** An audio estimate older than this is not used (ms): the voice stopped, or its stats did. */
  maxAgeMs: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncClockOptions = { motionLeadMs: 0, maxDelayMs: 600, maxAgeMs: 3000 };

export class SyncClock {
  readonly options: SyncClockOptions;
  private readonly audio = new AudioDelayEstimator();

  constructor(options: Partial<SyncClockOptions> = {}) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options };
  }

  /** One reading of the avatar's audio receiver statistics. */
  addAudioStats(sample: AudioStatsSample): void {
    this.audio.add(sample);
  }

  /** The voice's delay as last estimated (for stats), if recent. */
  audioDelay(now: number): AudioDelay | undefined {
    return this.audio.estimate(now, this.options.maxAgeMs);
  }

  /** The delay to hold motion frames from arrival to display (ms), or undefined: use the own buffer. */
  targetMs(now: number): number | undefined {
    const delay = this.audioDelay(now);
    if (!delay) return undefined;
    return Math.min(this.options.maxDelayMs, Math.max(0, delay.totalMs - this.options.motionLeadMs));
  }

  /** A new voice track or connection: forget the old estimates. */
  reset(): void {
    this.audio.reset();
  }
}
