/**
 * How long the element waits before its next automatic connect (from attributes or properties), after
 * `failures` automatic connects failed in a row: the first retry at once (a page that fixes its token after
 * a failure connects now), then 1 s, 2 s, 4 s… up to 30 s. A page that hands the element new credentials on
 * every failure (an `error` listener, or a React re-render that makes a new `tokenSource` function each time)
 * would otherwise make it retry as fast as the failures come. An explicit `connect()` / `reconnect()`, or a
 * connect that succeeds, starts the count again.
 */
import { systemClock } from '../room/reconnect-deadline.js';
import type { Clock } from '../room/reconnect-deadline.js';

export const AUTO_RETRY_FIRST_MS = 1000;
export const AUTO_RETRY_MAX_MS = 30000;

export function autoRetryDelayMs(failures: number): number {
  return failures < 2 ? 0 : Math.min(AUTO_RETRY_MAX_MS, AUTO_RETRY_FIRST_MS * 2 ** (failures - 2));
}

/** The timers AutoRetry waits with: the call machine's clock (the page's, or a test's). */
export type RetryTimers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/** The element's automatic connects in a row: how many failed, and the one waiting its turn (at most one). */
export class AutoRetry {
  #failures = 0;
  #timer: unknown;
  readonly #timers: RetryTimers;

  constructor(timers: RetryTimers = systemClock) {
    this.#timers = timers;
  }

  /**
   * Runs `attempt` now, or after the wait the failures so far call for (autoRetryDelayMs) if `stillWanted()`
   * then. A waiting attempt is replaced.
   */
  schedule(attempt: () => void, stillWanted: () => boolean): void {
    this.cancel();
    const wait = autoRetryDelayMs(this.#failures);
    if (wait === 0) return attempt();
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      if (stillWanted()) attempt();
    }, wait);
  }

  /** An automatic connect's outcome: a success starts the count again, a (fatal) failure adds one. */
  settled(failed: boolean): void {
    this.#failures = failed ? this.#failures + 1 : 0;
  }

  /** A request of the page's, or another call: the count starts again and nothing waits. */
  reset(): void {
    this.#failures = 0;
    this.cancel();
  }

  /** Nothing waits (the element left for good). */
  cancel(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
