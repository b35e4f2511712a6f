import type { MalformedReason } from '../codec/types.js';

/** Counts malformed packets and reports them at most once per `intervalMs` (wire format section 6). */
export class MalformedReporter {
  total = 0;
  private pending = 0;
  private lastReason: MalformedReason = 'length';
  private lastReport = -Infinity;

  constructor(
    private readonly report: (count: number, total: number, lastReason: MalformedReason) => void,
    private readonly now: () => number,
    private readonly intervalMs = 1000,
  ) {}

  /** Counts one malformed packet; reports now if the last report is old enough. */
  add(reason: MalformedReason): void {
    this.total++;
    this.pending++;
    this.lastReason = reason;
    this.flush();
  }

  /** Reports what is pending if the interval has passed (call it from a timer to deliver the tail). */
  flush(): void {
    if (this.pending === 0) return;
    const t = this.now();
    if (t - this.lastReport < this.intervalMs) return;
    this.lastReport = t;
    this.report(this.pending, this.total, this.lastReason);
    this.pending = 0;
  }
}
