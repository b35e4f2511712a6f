import type { MalformedReason } from '../codec/types.js';

/** Counts malformed packets and reports them at most once per `intervalMs` (wire format section 6). */
export class MalformedReporter {
  total = 0;
  #pending = 0;
  #lastReason: MalformedReason = 'length';
  #lastReport = -Infinity;

  readonly #report: (count: number, total: number, lastReason: MalformedReason) => void;
  readonly #now: () => number;
  readonly #intervalMs: number;

  constructor(
    report: (count: number, total: number, lastReason: MalformedReason) => void,
    now: () => number,
    intervalMs = 1000,
  ) {
    this.#report = report;
    this.#now = now;
    this.#intervalMs = intervalMs;
  }

  /** Counts one malformed packet; reports now if the last report is old enough. */
  add(reason: MalformedReason): void {
    this.total++;
    this.#pending++;
    this.#lastReason = reason;
    this.flush();
  }

  /** Reports what is pending if the interval has passed (call it from a timer to deliver the tail). */
  flush(): void {
    if (this.#pending === 0) return;
    const t = this.#now();
    if (t - this.#lastReport < this.#intervalMs) return;
    this.#lastReport = t;
    this.#report(this.#pending, this.total, this.#lastReason);
    this.#pending = 0;
  }
}
