/**
 * The element's own deadline on `reconnecting` (issue 13): livekit-client 2.23's reconnect can hang with no
 * deadline of its own (Firefox, after the server restarts on its port: docs/reliability.md). Pure: every time
 * is passed in, from one clock; the call machine (src/room/call-machine.ts) owns the timer and acts on it.
 */

/**
 * How long a call may stay `reconnecting` with no progress from livekit-client before the machine abandons
 * its Room and connects afresh. Each step of livekit-client's reconnect is bounded by its own timers: the
 * wait before an attempt (its default policy: at most 7 s, ±50% jitter: 10.5 s), the signal connect
 * (`websocketTimeout`, 15 s), the peer connections (2 s, then `peerConnectionTimeout`, 15 s); each step's
 * start or end is progress, so while livekit-client works the gap stays under 17 s. A healthy reconnect here
 * takes about 2 s, most of it livekit-client's fixed 2 s wait before it checks the peer connections
 * (docs/decisions.md).
 */
export const RECONNECT_DEADLINE_MS = 20_000;

/** The reason of `disconnected` when a call is lost for good: what livekit-client's own give-up gives. */
export const LOST_REASON = 'unknown';

/** The clock and timers the call machine uses; tests pass a fake one. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Whether a reconnect has gone on too long without progress. `start` when the call goes `reconnecting`,
 * `progress` at each sign of livekit-client at work, `stop` when the call leaves `reconnecting`; `remaining`
 * says how long is left (0: the deadline has passed).
 */
export class ReconnectDeadline {
  #last: number | undefined;

  constructor(readonly deadlineMs: number = RECONNECT_DEADLINE_MS) {
    if (!(deadlineMs > 0)) throw new RangeError(`the reconnect deadline must be a positive number of ms, not ${deadlineMs}`);
  }

  /** Whether a reconnect is being watched. */
  get running(): boolean {
    return this.#last !== undefined;
  }

  /** The call went `reconnecting`: the watch starts (a watch already on goes on: that is progress). */
  start(now: number): void {
    this.progress(now);
    this.#last ??= now;
  }

  /** livekit-client is still at work (an attempt started, a step of it done, a failed one rescheduled). */
  progress(now: number): void {
    if (this.#last !== undefined) this.#last = Math.max(this.#last, now);
  }

  /** The call left `reconnecting` (connected again, ended, abandoned). */
  stop(): void {
    this.#last = undefined;
  }

  /** Milliseconds left before the deadline: 0 once it has passed; undefined when nothing is watched. */
  remaining(now: number): number | undefined {
    if (this.#last === undefined) return undefined;
    return Math.max(0, this.#last + this.deadlineMs - now);
  }

  /** Whether the reconnect watched has had no progress for the whole deadline. */
  expired(now: number): boolean {
    return this.remaining(now) === 0;
  }
}
