import type { ConnectionState } from '../core/connection-state.js';
import { SpatiusAvatarError, asAvatarError } from '../core/errors.js';
import { LOST_REASON, ReconnectDeadline, systemClock } from './reconnect-deadline.js';
import type { Clock } from './reconnect-deadline.js';
import { retriesOnce } from './token-source.js';
import type { CredentialSource } from './token-source.js';

/**
 * What identifies a call: the same url, room and avatar identity is the same call, whatever the
 * credentials (`token`, or `source`: fetched at every connect, the answer's server URL before `url`).
 */
export interface CallConfig {
  url: string;
  token: string;
  roomName?: string;
  avatarIdentity?: string;
  /** Credentials fetched for each connect attempt; when set, `token` is not used. */
  source?: CredentialSource;
  /** Sent to the source with the room name. */
  participantName?: string;
}

/** One connection attempt and, once it succeeds, the call (AvatarRoom in the element). */
export interface CallSession {
  /** Connects; rejects with a SpatiusAvatarError. Rejects (with anything) once `close()` was called. */
  connect(): Promise<void>;
  /** Leaves, aborting a connect in progress. Idempotent; never rejects. */
  close(): Promise<void>;
}

/** What a session reports about itself; the machine ignores reports of sessions it no longer wants. */
export interface SessionReports {
  reconnecting(): void;
  reconnected(): void;
  /**
   * While reconnecting: livekit-client is still at work (an attempt started, a step of it done, a failed one
   * rescheduled). A reconnect with no progress for the deadline is abandoned (src/room/reconnect-deadline.ts).
   */
  progress?(): void;
  /** The call ended without being asked to (server gone, kicked, network lost for good). */
  ended(reason: string): void;
}

/**
 * Makes the session for one connect request. `wanted()` says whether that request is still the last one (a
 * factory that waits, as the element's for its return to the page, stops waiting once it is not).
 */
export type SessionFactory<S extends CallSession> = (config: CallConfig, reports: SessionReports, wanted: () => boolean) => S | Promise<S>;

/** What the machine tells its owner (the element turns these into state and events). */
export interface CallOutput<S> {
  state(state: ConnectionState): void;
  /**
   * `session` is connected. `continued`: it goes on with a call that had connected and was still wanted (a
   * `reconnect()` or a same-call forced `connect()` while connected or reconnecting, or while a request that
   * went on so is connecting; the fresh connect after the reconnect deadline), not a call begun anew (the
   * first connect, another call, even one reconnected before it connected, a `reconnect()` after
   * `disconnected` or `failed`).
   */
  connected(session: S, continued: boolean): void;
  disconnected(reason: string): void;
  /** A connect really failed (fatal): the state is `failed`. */
  failed(error: SpatiusAvatarError): void;
}

interface Waiter {
  resolve(): void;
  reject(error: SpatiusAvatarError): void;
}

type Desire =
  /**
   * `recovering`: a fresh connect in place of a reconnect that made no progress; the page sees `reconnecting`.
   * `continued`: it goes on with a call that was wanted up to it (CallOutput.connected).
   */
  | { kind: 'up'; id: number; config: CallConfig; waiters: Waiter[]; retried?: boolean; recovering?: boolean; continued?: boolean }
  | { kind: 'down'; reason: string; waiters: Waiter[] };

interface Current<S> {
  session: S;
  desireId: number;
  connected: boolean;
}

export function sameCall(a: CallConfig, b: CallConfig): boolean {
  return a.url === b.url && (a.roomName ?? '') === (b.roomName ?? '') && (a.avatarIdentity ?? '') === (b.avatarIdentity ?? '');
}

/**
 * The one serialised owner of an element's call. Requests (`connect`, `disconnect`, `reconnect`) set
 * what is wanted; the last request wins. A single loop brings the world to what is wanted, one step at
 * a time: it closes the session nobody wants any more (awaiting it) before it opens the next, so at most
 * one session (one LiveKit Room) exists at any time. A request that supersedes a connect in progress
 * aborts it at once; the superseded `connect()` rejects with the non-fatal `aborted`, and no `failed`
 * state comes of it. A call stuck in `reconnecting` (no progress from livekit-client for the deadline,
 * src/room/reconnect-deadline.ts) is connected afresh by the machine itself. Rules and the full table:
 * docs/lifecycle.md.
 */
export class CallMachine<S extends CallSession> {
  #stateValue: ConnectionState = 'disconnected';
  #desire: Desire = { kind: 'down', reason: 'initial', waiters: [] };
  #current: Current<S> | undefined;
  #driving = false;
  #nextId = 1;
  #last: CallConfig | undefined;

  readonly #factory: SessionFactory<S>;
  readonly #out: CallOutput<S>;
  readonly #clock: Clock;
  readonly #deadline: ReconnectDeadline;
  #deadlineTimer: unknown;

  constructor(factory: SessionFactory<S>, out: CallOutput<S>, { reconnectDeadlineMs, clock = systemClock }: { reconnectDeadlineMs?: number; clock?: Clock } = {}) {
    this.#factory = factory;
    this.#out = out;
    this.#clock = clock;
    this.#deadline = new ReconnectDeadline(reconnectDeadlineMs);
  }

  get state(): ConnectionState {
    return this.#stateValue;
  }

  /** The connected session the last request wants, if any. */
  get session(): S | undefined {
    const cur = this.#current;
    return cur?.connected && this.#desire.kind === 'up' && cur.desireId === this.#desire.id ? cur.session : undefined;
  }

  /** The session the last request wants, connecting or connected (for what may act early, as startAudio()). */
  get wantedSession(): S | undefined {
    const cur = this.#current;
    return cur && this.#desire.kind === 'up' && cur.desireId === this.#desire.id ? cur.session : undefined;
  }

  /** Whether `session` is the one the last request wants (connecting or connected). */
  owns(session: S): boolean {
    const cur = this.#current;
    return cur?.session === session && this.#desire.kind === 'up' && cur.desireId === this.#desire.id;
  }

  /** The config of the last connect request (reconnect() uses it). */
  get lastConfig(): CallConfig | undefined {
    return this.#last;
  }

  /** Whether the last request wants the call up (connect or reconnect, not failed or ended since). */
  get wantsCall(): boolean {
    return this.#desire.kind === 'up';
  }

  /**
   * Wants the call `config` describes. The same call as the one wanted now (same url, room and avatar,
   * any token) joins it: resolves when it is connected, at once if it is; the token is kept for the next
   * connect. Another call, or `force`, replaces the current one. While a call is wanted (connecting or
   * connected), a config `check` throws for is refused: the promise rejects with that error, not fatal, and
   * the call goes on untouched (no disconnect, no state change, not kept for reconnect()).
   */
  connect(config: CallConfig, { force = false, check }: { force?: boolean; check?: (config: CallConfig) => void } = {}): Promise<void> {
    const wanted = this.#desire;
    if (check && wanted.kind === 'up') {
      try {
        check(config);
      } catch (err) {
        const error = asAvatarError(err, 'connection-failed');
        return Promise.reject(new SpatiusAvatarError(error.code, error.message, false));
      }
    }
    this.#last = config;
    if (!force && wanted.kind === 'up' && sameCall(wanted.config, config)) {
      wanted.config = config;
      // Connected, reconnecting, or connecting afresh in place of a stuck reconnect (the call is up).
      if ((this.#current?.desireId === wanted.id && this.#current.connected) || wanted.recovering) return Promise.resolve();
      return this.#wait(wanted);
    }
    // The call goes on only from a request for it that had connected, or went on from one that had.
    const continued = wanted.kind === 'up' && sameCall(wanted.config, config) &&
      ((this.#current?.desireId === wanted.id && this.#current.connected) || !!wanted.continued);
    const next: Desire = { kind: 'up', id: this.#nextId++, config, waiters: [], continued };
    const done = this.#wait(next);
    this.#replace(next, 'a later request superseded this connect()');
    this.#setState('connecting');
    void this.#drive();
    return done;
  }

  /** Wants no call. Resolves once the session (if any) is closed, or at once when a later connect supersedes it; never rejects. */
  disconnect(reason = 'client-initiated'): Promise<void> {
    const wanted = this.#desire;
    if (wanted.kind === 'down') {
      if (this.#stateValue === 'failed') this.#setState('disconnected');
      return this.#current || this.#driving ? this.#wait(wanted) : Promise.resolve();
    }
    const next: Desire = { kind: 'down', reason, waiters: [] };
    const done = this.#wait(next);
    this.#replace(next, 'disconnect() superseded this connect()');
    this.#settle(next, 'disconnected', () => this.#out.disconnected(reason));
    void this.#drive();
    return done;
  }

  /**
   * Something the call cannot go on without is gone (the element's motion worker died): a connect in progress
   * fails with `error` (fatal, state `failed`, as a connect with no running worker does), a call that is up
   * (connected, reconnecting, or connecting afresh in place of a stuck reconnect) ends: `disconnected` with
   * `reason`. Nothing when no call is wanted. Resolves once the session is closed; never rejects.
   */
  abandon(error: SpatiusAvatarError, reason: string): Promise<void> {
    const wanted = this.#desire;
    if (wanted.kind !== 'up') return Promise.resolve();
    const up = (this.#current?.desireId === wanted.id && this.#current.connected) || wanted.recovering;
    if (up) return this.disconnect(reason);
    this.#fail(wanted, error);
    const down = this.#desire;
    const done = this.#current || this.#driving ? this.#wait(down) : Promise.resolve();
    if (this.#current) void this.#current.session.close(); // the connect in progress ends now
    void this.#drive();
    return done;
  }

  /** A new session with the last config (also after failed, stalled or disconnected). */
  reconnect(): Promise<void> {
    if (!this.#last) {
      return Promise.reject(new SpatiusAvatarError('no-previous-connection', 'reconnect() before any connect(): there is no call to return to', false));
    }
    return this.connect(this.#last, { force: true });
  }

  /**
   * Fresh credentials (a token, or a source) for `config`'s call: kept for the next connect or reconnect of
   * that call, while the live call (if any) goes on untouched. Credentials for another call (the room
   * changed too) are not taken.
   */
  refreshToken(config: CallConfig): void {
    const fresh = { token: config.token, source: config.source, participantName: config.participantName };
    if (this.#last && sameCall(this.#last, config)) this.#last = { ...this.#last, ...fresh };
    if (this.#desire.kind === 'up' && sameCall(this.#desire.config, config)) this.#desire.config = { ...this.#desire.config, ...fresh };
  }

  #wait(desire: Desire): Promise<void> {
    return new Promise<void>((resolve, reject) => desire.waiters.push({ resolve, reject }));
  }

  #replace(next: Desire, why: string): void {
    const old = this.#desire;
    this.#desire = next;
    if (old.kind === 'up') {
      // A connect that had not completed is superseded (one that had, resolved already).
      for (const w of old.waiters) w.reject(new SpatiusAvatarError('aborted', why, false));
    } else {
      for (const w of old.waiters) w.resolve(); // a disconnect superseded by a connect: nothing to wait for
    }
    old.waiters = [];
    if (this.#current) void this.#current.session.close(); // a connect in progress ends now, not when it times out
  }

  #setState(state: ConnectionState): void {
    if (state !== 'reconnecting') this.#stopDeadline();
    if (this.#stateValue === state) return;
    this.#stateValue = state;
    this.#out.state(state);
  }

  /** The one loop that changes the world: close what is not wanted, then open what is. */
  async #drive(): Promise<void> {
    if (this.#driving) return;
    this.#driving = true;
    try {
      for (;;) {
        const wanted = this.#desire;
        const cur = this.#current;
        if (cur && (wanted.kind === 'down' || cur.desireId !== wanted.id)) {
          await cur.session.close();
          if (this.#current === cur) this.#current = undefined;
          continue;
        }
        if (wanted.kind === 'down' || cur?.connected) {
          for (const w of wanted.waiters) w.resolve();
          wanted.waiters = [];
          return;
        }
        await this.#open(wanted);
      }
    } finally {
      this.#driving = false;
    }
  }

  async #open(wanted: Extract<Desire, { kind: 'up' }>): Promise<void> {
    const ref: { session?: S } = {};
    const reports: SessionReports = {
      reconnecting: () => this.#report(ref.session, 'reconnecting'),
      reconnected: () => this.#report(ref.session, 'connected'),
      progress: () => this.#progress(ref.session),
      ended: (reason) => this.#ended(ref.session, reason),
    };
    await Promise.resolve(); // requests made in the same task settle first: no Room is made for nothing
    if (this.#desire !== wanted) return;
    let session: S;
    try {
      session = await this.#factory(wanted.config, reports, () => this.#desire === wanted);
    } catch (err) {
      if (this.#desire === wanted) this.#fail(wanted, asAvatarError(err, 'connection-failed'));
      return;
    }
    ref.session = session;
    const cur: Current<S> = { session, desireId: wanted.id, connected: false };
    this.#current = cur;
    if (this.#desire !== wanted) return; // superseded while it was made: the loop closes it
    try {
      await session.connect();
    } catch (err) {
      if (this.#desire !== wanted) return; // superseded: aborted already, the loop closes it
      await session.close();
      if (this.#current === cur) this.#current = undefined;
      if (this.#desire !== wanted) return;
      const error = asAvatarError(err, 'connection-failed');
      // A fetched token the server refused (expired on the way, say): the loop opens one more session,
      // which fetches a fresh one. The state stays `connecting`.
      if (retriesOnce(error, !!wanted.config.source, !!wanted.retried)) wanted.retried = true;
      else this.#fail(wanted, error);
      return;
    }
    if (this.#desire !== wanted) return;
    cur.connected = true;
    wanted.recovering = false;
    this.#setState('connected');
    if (this.#desire === wanted) this.#out.connected(session, !!wanted.continued); // a state listener may have asked for something else
  }

  #fail(wanted: Extract<Desire, { kind: 'up' }>, error: SpatiusAvatarError): void {
    if (wanted.recovering) {
      // The fresh connect in place of a stuck reconnect failed: the call is lost, as when livekit-client gives up.
      const down: Desire = { kind: 'down', reason: LOST_REASON, waiters: [] };
      this.#desire = down;
      for (const w of wanted.waiters) w.reject(new SpatiusAvatarError(error.code, error.message, false));
      wanted.waiters = [];
      this.#settle(down, 'disconnected', () => this.#out.disconnected(LOST_REASON));
      return;
    }
    const down: Desire = { kind: 'down', reason: 'failed', waiters: [] };
    this.#desire = down;
    for (const w of wanted.waiters) w.reject(error);
    wanted.waiters = [];
    this.#settle(down, 'failed', () => this.#out.failed(error));
  }

  /**
   * The end of a call or attempt: first the event that says why (`disconnected` with its reason, or the
   * fatal `error`), then the state, unless a listener of that event already made a new request (which wins).
   */
  #settle(down: Desire, state: 'disconnected' | 'failed', tell: () => void): void {
    if (this.#stateValue === state) return;
    tell();
    if (this.#desire === down) this.#setState(state);
  }

  #isLive(session: S | undefined): boolean {
    const cur = this.#current;
    return !!session && cur?.session === session && cur.connected && this.#desire.kind === 'up' && cur.desireId === this.#desire.id;
  }

  #report(session: S | undefined, state: 'reconnecting' | 'connected'): void {
    if (!this.#isLive(session)) return;
    if (state === 'reconnecting') {
      this.#deadline.start(this.#clock.now());
      this.#armDeadline();
    }
    this.#setState(state);
  }

  #progress(session: S | undefined): void {
    if (this.#isLive(session)) this.#deadline.progress(this.#clock.now());
  }

  /** One timer at a time; when it fires early (progress moved the deadline), it is set again for what is left. */
  #armDeadline(): void {
    if (this.#deadlineTimer !== undefined) return;
    const left = this.#deadline.remaining(this.#clock.now());
    if (left === undefined) return;
    this.#deadlineTimer = this.#clock.setTimeout(() => {
      this.#deadlineTimer = undefined;
      if (this.#deadline.expired(this.#clock.now())) this.#recover();
      else this.#armDeadline();
    }, left);
  }

  #stopDeadline(): void {
    this.#deadline.stop();
    if (this.#deadlineTimer !== undefined) this.#clock.clearTimeout(this.#deadlineTimer);
    this.#deadlineTimer = undefined;
  }

  /**
   * The reconnect made no progress for the deadline: the machine abandons that session (the loop closes it,
   * and so its Room) and opens a fresh one for the same call, with the same config (a token source is asked
   * again). The page sees `reconnecting` until it connects (`connected` then, as for any new Room), or
   * `disconnected` (reason `unknown`) if it fails. Requests made meanwhile win as always.
   */
  #recover(): void {
    const wanted = this.#desire;
    const cur = this.#current;
    this.#stopDeadline();
    if (wanted.kind !== 'up' || !cur || !this.#isLive(cur.session) || this.#stateValue !== 'reconnecting') return;
    const next: Desire = { kind: 'up', id: this.#nextId++, config: wanted.config, waiters: wanted.waiters, recovering: true, continued: true };
    wanted.waiters = [];
    this.#desire = next;
    void this.#drive();
  }

  #ended(session: S | undefined, reason: string): void {
    if (!this.#isLive(session)) return;
    const down: Desire = { kind: 'down', reason, waiters: [] };
    this.#desire = down;
    this.#settle(down, 'disconnected', () => this.#out.disconnected(reason));
    void this.#drive(); // closes what is left of it
  }
}
