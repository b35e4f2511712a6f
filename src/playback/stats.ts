/** Playback statistics: a cumulative session summary and a per-second view. */

import type { SecondStats, SessionStats } from '../core/motion-details.js';

export type { SecondStats, SessionStats };

export class StatsCollector {
  readonly session: SessionStats = {
    rendered: 0, lost: 0, skipped: 0, dropped: { stale: 0, late: 0, duplicate: 0, overflow: 0 },
    starved: 0, malformed: 0, meanAddedDelayMs: 0, conversations: 0, stalls: 0,
  };
  #delaySum = 0;
  #windowRendered = 0;
  #windowLost = 0;
  #lastRenderAt = -1;
  #intervalSum = 0;
  #intervalSqSum = 0;
  #intervals = 0;

  rendered(at: number, addedDelay: number): void {
    this.session.rendered++;
    this.#windowRendered++;
    this.#delaySum += addedDelay;
    this.session.meanAddedDelayMs = this.#delaySum / this.session.rendered;
    if (this.#lastRenderAt >= 0) {
      const d = at - this.#lastRenderAt;
      this.#intervalSum += d;
      this.#intervalSqSum += d * d;
      this.#intervals++;
    }
    this.#lastRenderAt = at;
  }

  lost(n: number): void {
    this.session.lost += n;
    this.#windowLost += n;
  }

  /** The per-second view since the last call; call it once a second. */
  second(bufferDepth: number, targetDelayMs: number): SecondStats {
    const mean = this.#intervals ? this.#intervalSum / this.#intervals : 0;
    const variance = this.#intervals ? Math.max(0, this.#intervalSqSum / this.#intervals - mean * mean) : 0;
    const total = this.#windowRendered + this.#windowLost;
    const out: SecondStats = {
      fps: this.#windowRendered,
      lossRate: total ? this.#windowLost / total : 0,
      cadenceJitterMs: Math.sqrt(variance),
      bufferDepth,
      targetDelayMs,
    };
    this.#windowRendered = this.#windowLost = 0;
    this.#intervalSum = this.#intervalSqSum = this.#intervals = 0;
    return out;
  }
}
