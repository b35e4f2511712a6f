import { AUDIO_DELAY_WINDOW_MS, AudioDelayEstimator } from './audio-delay.js';
import type { AudioDelay, AudioStatsSample } from './audio-delay.js';
import { PlayoutPosition } from './playout-position.js';

/**
 * Lip sync: the delay the motion should be held, from its arrival to its display, so that the face moves
 * when the voice is heard. Pure: audio statistics and the clock come in as arguments; the playback engine
 * takes the result (`PlaybackEngine.setSyncDelay`). Without a recent audio estimate it returns undefined
 * and the engine falls back to its own jitter buffer. See docs/sync.md.
 */
export interface SyncClockOptions {
  /**
   * Subtracted from the voice's delay (ms). Default 8: a slot is drawn at the next display frame, on average
   * half a 60 Hz frame after its time (docs/sync.md).
   */
  motionLeadMs: number;
  /** The longest the face is ever held behind its arrival (ms). */
  maxDelayMs: number;
  /** An audio estimate older than this is not used (ms): the voice stopped, or its stats did. */
  maxAgeMs: number;
  /** The voice's delay is averaged over at least this long (ms; stats come every 250 ms from the element). */
  windowMs: number;
  /**
   * Where the voice's NetEq delay comes from: 'stats' (jitterBufferDelay deltas over `windowMs`) or
   * 'playout' (the playout position: getSynchronizationSources against the audio frames' arrivals; the stats
   * still give the playout delay after NetEq, and stand in while there are no playout readings).
   */
  source: 'stats' | 'playout';
}

export const DEFAULT_SYNC_OPTIONS: SyncClockOptions = { motionLeadMs: 8, maxDelayMs: 600, maxAgeMs: 3000, windowMs: AUDIO_DELAY_WINDOW_MS, source: 'stats' };

export class SyncClock {
  readonly options: SyncClockOptions;
  private readonly audio: AudioDelayEstimator;
  private readonly position = new PlayoutPosition();

  constructor(options: Partial<SyncClockOptions> = {}) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options };
    this.audio = new AudioDelayEstimator(this.options.windowMs);
  }

  /** One reading of the avatar's audio receiver statistics. */
  addAudioStats(sample: AudioStatsSample): void {
    this.audio.add(sample);
  }

  /** An audio frame of the voice arrived (its RTP timestamp; source 'playout'). */
  addAudioArrival(rtpTimestamp: number, at: number): void {
    this.position.addArrival(rtpTimestamp, at);
  }

  /** The voice's receiver delivered this RTP timestamp to playout at `at` (source 'playout'). */
  addAudioDelivery(rtpTimestamp: number, at: number): void {
    this.position.addDelivery(rtpTimestamp, at);
  }

  /** The voice's delay as last estimated (for stats), if recent. */
  audioDelay(now: number): AudioDelay | undefined {
    const stats = this.audio.estimate(now, this.options.maxAgeMs);
    if (this.options.source !== 'playout') return stats;
    const neteq = this.position.delayMs(now);
    if (neteq === undefined) return stats;
    const after = stats ? stats.playoutMs + stats.outputMs : 0;
    return { totalMs: neteq + after, jitterBufferMs: neteq, playoutMs: stats?.playoutMs ?? 0, outputMs: stats?.outputMs ?? 0, at: now };
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
    this.position.reset();
  }
}
