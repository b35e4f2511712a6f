/**
 * Lip sync, main-thread side: reads the avatar voice receiver's WebRTC statistics four times a second and hands
 * the counters the worker's sync clock needs (src/playback/sync-clock.ts) to `onSample`. The worker stamps
 * each reading with its own clock on arrival. See docs/sync.md.
 */
import type { VoiceStats } from '../playback/audio-delay.js';

export type { VoiceStats };

/** The counters from one getStats() report of an audio receiver, or undefined when it has no inbound-rtp yet. */
export function readVoiceStats(report: RTCStatsReport): VoiceStats | undefined {
  let inbound: Record<string, unknown> | undefined;
  let playout: Record<string, unknown> | undefined;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound = s;
    else if (s.type === 'media-playout') playout = s;
  });
  if (!inbound || typeof inbound.jitterBufferDelay !== 'number' || typeof inbound.jitterBufferEmittedCount !== 'number') return undefined;
  const stats: VoiceStats = { jitterBufferDelay: inbound.jitterBufferDelay, jitterBufferEmittedCount: inbound.jitterBufferEmittedCount };
  if (typeof playout?.totalPlayoutDelay === 'number' && typeof playout.totalSamplesCount === 'number') {
    stats.totalPlayoutDelay = playout.totalPlayoutDelay;
    stats.totalSamplesCount = playout.totalSamplesCount;
  }
  return stats;
}

/** A number per voice followed, page-wide (so the next call's voices never reuse one): VoiceStats.source. */
let nextSource = 1;

export class VoiceStatsMonitor {
  private receiver: RTCRtpReceiver | undefined;
  private source = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  readonly #onSample: (stats: VoiceStats) => void;
  readonly #intervalMs: number;

  constructor(onSample: (stats: VoiceStats) => void, intervalMs = 250) {
    this.#onSample = onSample;
    this.#intervalMs = intervalMs;
  }

  /**
   * Reads this receiver (the avatar's current voice) from now on, or none. Another receiver is another
   * voice (a new avatar, a reconnect): its readings carry a new `source`, so the worker's sync clock drops
   * the old voice's delay with the first of them, read at once.
   */
  follow(receiver: RTCRtpReceiver | undefined): void {
    if (receiver === this.receiver) return;
    this.receiver = receiver;
    if (!receiver) return this.stop();
    this.source = nextSource++;
    this.#timer ??= setInterval(() => void this.#read(), this.#intervalMs);
    void this.#read();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.receiver = undefined;
  }

  async #read(): Promise<void> {
    const { receiver, source } = this;
    if (!receiver) return;
    try {
      const stats = readVoiceStats(await receiver.getStats());
      if (stats && receiver === this.receiver && source === this.source) this.#onSample({ ...stats, source });
    } catch {
      /* a closed connection: the next voice track brings a new receiver */
    }
  }
}
