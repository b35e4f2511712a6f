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
   * Subtracted from the voice's delay (ms). Default −6 (the face held 6 ms longer than the voice's delay its
   * stats give), measured (`npm run bench -- lipsync`, docs/sync.md): with waits on the sender's clock and the face
   * painted at the first display frame after its slot (`PaintPacer`), lead 0 read the face 6 to 22 ms before the
   * voice heard (tap + output latency) and −13 to +3 via the `<audio>` element, median, runs 13 and 14; −6 moves
   * both by about 6 ms, to the middle of the two. It was 6 while the face painted every second display frame.
   */
  motionLeadMs: number;
  /** The longest the face is ever held behind its arrival (ms). */
  maxDelayMs: number;
  /** An audio estimate older than this is not used (ms): the voice stopped, or its stats did. */
  maxAgeMs: number;
  /** The voice's delay is averaged over at least this long (ms; stats come every 500 ms from the element). */
  windowMs: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncClockOptions = { motionLeadMs: -6, maxDelayMs: 600, maxAgeMs: 3000, windowMs: AUDIO_DELAY_WINDOW_MS };

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

  /**
   * From one estimate of the voice's delay: the delay to hold motion frames from arrival to display (ms), and
   * when the voice packets behind it arrived, if known (the motion frames that arrived over the same span share
   * their network delay: PlaybackEngine's `senderClock`, SenderTimeline); undefined: use the own buffer.
   */
  target(now: number): { ms: number; arrivals?: { from: number; to: number } } | undefined {
    const delay = this.audioDelay(now);
    if (!delay) return undefined;
    const ms = Math.min(this.options.maxDelayMs, Math.max(0, delay.totalMs - this.options.motionLeadMs));
    const { arrivedFrom: from, arrivedTo: to } = delay;
    return from !== undefined && to !== undefined ? { ms, arrivals: { from, to } } : { ms };
  }

  /** The delay to hold motion frames from arrival to display (ms), or undefined: use the own buffer. */
  targetMs(now: number): number | undefined {
    return this.target(now)?.ms;
  }

  /** When the voice packets behind the current delay arrived (ms), if known (see `target`). */
  arrivals(now: number): { from: number; to: number } | undefined {
    return this.target(now)?.arrivals;
  }

  /** A new voice track or connection: forget the old estimates. */
  reset(): void {
    this.#audio.reset();
  }
}
