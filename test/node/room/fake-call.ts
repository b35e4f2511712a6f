// The call machine's fakes for Node tests (call-machine.test.ts, reconnect-deadline.test.ts): a session the
// test settles by hand, a clock that moves only when the test says so, and a machine wired to both.
import type { ConnectionState } from '../../../src/core/connection-state.js';
import type { SpatiusAvatarError } from '../../../src/core/errors.js';
import { CallMachine } from '../../../src/room/call-machine.js';
import type { CallConfig, CallSession, SessionReports } from '../../../src/room/call-machine.js';
import type { Clock } from '../../../src/room/reconnect-deadline.js';

/** Time that moves only when the test says so; runs due timers in order. */
export class FakeClock implements Clock {
  t = 0;
  #id = 0;
  readonly timers = new Map<number, { at: number; run(): void }>();
  now(): number {
    return this.t;
  }
  setTimeout(run: () => void, ms: number): unknown {
    this.timers.set(++this.#id, { at: this.t + ms, run });
    return this.#id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].run();
    }
    this.t = end;
  }
}

/**
 * A session whose connect the test settles by hand; counts how many exist (made and not yet closed), and how
 * many were made in place of a stuck reconnect (`fresh`).
 */
export class FakeSession implements CallSession {
  static open = 0;
  static most = 0;
  static fresh = 0;
  closed = false;
  #settle: { resolve(): void; reject(e: unknown): void } | undefined;
  readonly #connecting: Promise<void>;
  constructor(readonly config: CallConfig, readonly reports: SessionReports) {
    FakeSession.open++;
    FakeSession.most = Math.max(FakeSession.most, FakeSession.open);
    this.#connecting = new Promise<void>((resolve, reject) => (this.#settle = { resolve, reject }));
    this.#connecting.catch(() => undefined);
  }
  connect(): Promise<void> {
    return this.#connecting;
  }
  succeed(): void {
    this.#settle?.resolve();
  }
  failWith(error: SpatiusAvatarError): void {
    this.#settle?.reject(error);
  }
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      FakeSession.open--;
      this.#settle?.reject(new Error('Client initiated disconnect'));
    }
    return Promise.resolve();
  }
}

/** A machine on fake sessions and a fake clock (it never moves unless the test advances it), its events logged. */
export function machine({ reconnectDeadlineMs }: { reconnectDeadlineMs?: number } = {}) {
  FakeSession.open = FakeSession.most = FakeSession.fresh = 0;
  const clock = new FakeClock();
  const sessions: FakeSession[] = [];
  const log: string[] = [];
  /** For each `connected`: whether it continued a call that was wanted up to it. */
  const continued: boolean[] = [];
  const states: ConnectionState[] = [];
  const m: CallMachine<FakeSession> = new CallMachine<FakeSession>((config, reports) => {
    if (m.state === 'reconnecting') FakeSession.fresh++; // made in place of a stuck reconnect
    const s = new FakeSession(config, reports);
    sessions.push(s);
    return s;
  }, {
    state: (s) => states.push(s),
    connected: (_session, goesOn) => {
      log.push('connected');
      continued.push(goesOn);
    },
    disconnected: (reason) => log.push(`disconnected:${reason}`),
    failed: (e) => log.push(`failed:${e.code}`),
  }, { reconnectDeadlineMs, clock });
  return { m, sessions, log, continued, states, clock };
}
