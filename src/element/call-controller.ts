import type { ReactiveController } from 'lit';
import { setLogLevel } from 'livekit-client';
import type { LogLevel } from '../core/event-details.js';
import { SpatiusAvatarError, asAvatarError, withoutTokens } from '../core/errors.js';
import { AvatarRoom, validateConfig } from '../room/avatar-room.js';
import type { AvatarRoomCallbacks, ConnectConfig } from '../room/avatar-room.js';
import { CallMachine, sameCall } from '../room/call-machine.js';
import type { CallConfig, SessionReports } from '../room/call-machine.js';
import { customSource, endpointSource } from '../room/token-source.js';
import type { CredentialSource } from '../room/token-source.js';
import { AutoRetry } from './auto-retry.js';
import { emit } from './events.js';
import type { FaceController } from './face-controller.js';
import type { AvatarHost } from './host.js';
import { inPage } from './in-page.js';
import { PageWatch } from './page-watch.js';
import type { VoiceController } from './voice-controller.js';

/** How long a removed element waits before it leaves the call, so that moving it in the DOM keeps it. */
export const TEARDOWN_GRACE_MS = 1000;

const LIVEKIT_LOG_LEVEL = { info: 'info', warning: 'warn', error: 'error', none: 'silent' } as const;

/**
 * The call: one CallMachine (the only owner of the element's AvatarRoom, so of its LiveKit Room), fed by
 * the methods, the connection attributes and the element's moves in and out of the page (rules in
 * docs/lifecycle.md), and turned into the `state` and the connection events.
 */
export class CallController implements ReactiveController {
  readonly machine: CallMachine<AvatarRoom>;
  /** The identity of the avatar the current call plays. */
  avatar: string | undefined;
  /** Found while the call was still connecting: announced right after `connected`. */
  #avatarPending = false;
  /** disconnect() holds the call down against token-only changes until the next request. */
  #held = false;
  /**
   * The call ended by itself (the server, the agent or LiveKit ended it; the worker died): new credentials
   * alone do not bring it back (a framework re-render hands a new inline `tokenSource` on every render), until
   * the next request (connect(), reconnect(), another call, the element back after its teardown).
   */
  #endedByItself = false;
  #tornDown = false;
  #teardownTimer: ReturnType<typeof setTimeout> | undefined;
  #seenCall: string | undefined;
  #seenToken: string | undefined;
  #seenSource: unknown;
  #seenName: string | undefined;
  #seenLogLevel: LogLevel | undefined;
  /** Automatic connects (attributes, properties): after failures in a row the next one waits (auto-retry.ts). */
  readonly #retry = new AutoRetry();
  /** The element's document going away (an iframe removed): the call ends at once. */
  readonly #page: PageWatch;
  /** Sessions being made while the element is out of the page wait for its return (or its teardown). */
  #back: { promise: Promise<void>; resolve(): void } | undefined;

  readonly #host: AvatarHost;
  readonly #face: FaceController;
  readonly #voice: VoiceController;
  readonly #onState: (state: CallMachine<AvatarRoom>['state']) => void;
  readonly #moreCallbacks: (owns: () => boolean) => Partial<AvatarRoomCallbacks>;

  constructor(
    host: AvatarHost,
    face: FaceController,
    voice: VoiceController,
    onState: (state: CallMachine<AvatarRoom>['state']) => void,
    /** More of a session's reports (agent state, transcriptions); `owns`: the session is still the call's. */
    moreCallbacks: (owns: () => boolean) => Partial<AvatarRoomCallbacks> = () => ({}),
  ) {
    this.#host = host;
    this.#face = face;
    this.#voice = voice;
    this.#onState = onState;
    this.#moreCallbacks = moreCallbacks;
    this.#page = new PageWatch(host, () => {
      face.stopObserving(); // now: its ResizeObserver would err on every frame until the teardown
      this.#leftPage(0); // after the event: by then the document has no window
    });
    host.addController(this);
    // On Chromium the voice and the microphone pass through the worker too (encoded streams): without it
    // the call would be silent both ways while it says connected.
    // A connect in progress fails with `worker-failed` (as one made with no running worker does); a call ends.
    face.onWorkerFailed = () => void this.machine.abandon(new SpatiusAvatarError('worker-failed',
      'the motion worker stopped while the call was being made: the call cannot be made without it'), 'worker-failed');
    this.machine = new CallMachine<AvatarRoom>((config, reports, wanted) => this.#open(config, reports, wanted), {
      state: (state) => {
        this.#onState(state);
        emit(host, 'connection-state-changed', { state });
      },
      connected: (room, continued) => {
        // Before the event: what the page publishes in its `connected` listener belongs to this call.
        if (!continued) this.#voice.forgetPublished();
        const pending = this.#avatarPending;
        this.#avatarPending = false;
        emit(host, 'connected', { room: room.room.name });
        // A `connected` listener that asked for something else (disconnect(), reconnect()) ended this call:
        // nothing of it follows.
        if (!this.machine.owns(room)) return;
        if (pending && this.avatar) emit(host, 'avatar-discovered', { identity: this.avatar });
        this.#voice.connected();
      },
      disconnected: (reason) => {
        this.#endedByItself = reason !== 'element-removed';
        this.#ended();
        emit(host, 'disconnected', { reason });
      },
      // livekit-server's refusal quotes the token ("invalid token: eyJ…") and a failed connect carries the
      // server's words: no token may reach an error event or a rejection (see also connect(), reconnect()).
      failed: (error) => {
        this.#endedByItself = false; // new credentials after a failure retry (the page may have fixed them)
        this.#ended();
        host.report(withoutTokens(error, this.machine.lastConfig?.token ?? '') as SpatiusAvatarError);
      },
    });
  }

  /** The call is over (disconnected or failed): no avatar, nothing to hear, nothing published to keep. */
  #ended(): void {
    this.avatar = undefined;
    this.#avatarPending = false;
    this.#voice.forgetPublished();
    this.#voice.reset();
  }

  /** connect(): attributes, overridden by `config`. */
  connect(config: Partial<ConnectConfig> = {}): Promise<void> {
    if (!inPage(this.#host)) {
      return Promise.reject(new SpatiusAvatarError('not-in-document', 'connect() needs the element in a page\'s document: append it first', false));
    }
    this.#held = false;
    this.#endedByItself = false;
    this.#retry.reset();
    const { tokenEndpoint, tokenSource, ...rest } = config;
    const attributes = this.#attributeConfig();
    // Credentials given to connect() replace the element's (a token, an endpoint or a source alike).
    const own = rest.token !== undefined || tokenEndpoint !== undefined || tokenSource !== undefined;
    const credentials = own ? { token: rest.token ?? '', source: sourceOf(tokenSource, tokenEndpoint) } : {};
    const wanted = this.#withKeptToken({ ...attributes, ...definedOnly(rest), ...credentials });
    // A connect() that cannot work (invalid-url, missing-token, room-mismatch) leaves a live call alone; with
    // a token source, the token and maybe the url come with the answer: checked by the session, as before.
    const check = (c: CallConfig) => {
      if (!c.source) validateConfig(c);
    };
    const done = this.machine.connect(wanted, { check });
    this.#releaseWaiting();
    return done.catch((err: unknown) => {
      throw withoutTokens(err, wanted.token);
    });
  }

  disconnect(): Promise<void> {
    this.#held = true;
    this.#retry.reset();
    const done = this.machine.disconnect();
    this.#releaseWaiting();
    return done;
  }

  reconnect(): Promise<void> {
    if (!inPage(this.#host)) {
      return Promise.reject(new SpatiusAvatarError('not-in-document', 'reconnect() needs the element in a page\'s document', false));
    }
    this.#held = false;
    this.#endedByItself = false;
    this.#retry.reset();
    const done = this.machine.reconnect();
    this.#releaseWaiting();
    return done.catch((err: unknown) => {
      throw withoutTokens(err, this.machine.lastConfig?.token ?? '');
    });
  }

  hostConnected(): void {
    clearTimeout(this.#teardownTimer);
    this.#teardownTimer = undefined;
    this.#page.watch();
    // In a document with no window (an inert document): as out of the page.
    if (!inPage(this.#host)) return this.#leftPage(TEARDOWN_GRACE_MS);
    this.#releaseWaiting();
    if (this.#tornDown) {
      // Back after the grace period: the call comes back as the attributes describe it.
      this.#tornDown = false;
      this.#endedByItself = false;
      this.#seenCall = this.#callKey();
      this.#seenToken = this.#host.token;
      this.#seenSource = this.#sourceKey();
      this.#seenName = this.#host.participantName;
      if (!this.#held && this.#autoConnects()) this.#autoConnect();
      return;
    }
    this.#applyAttributes(); // a move: the call went on; attributes changed meanwhile apply now
  }

  hostDisconnected(): void {
    this.#page.stop();
    // Deferred, so that moving the element in the DOM does not drop the call.
    this.#leftPage(TEARDOWN_GRACE_MS);
  }

  #leftPage(graceMs: number): void {
    // A delayed automatic connect stays armed through a move (it checks that the element is in the page).
    clearTimeout(this.#teardownTimer);
    this.#teardownTimer = setTimeout(() => void this.#tearDown(), graceMs);
  }


  hostUpdated(): void {
    if (this.#host.logLevel !== this.#seenLogLevel) {
      this.#seenLogLevel = this.#host.logLevel;
      setLogLevel(LIVEKIT_LOG_LEVEL[this.#host.logLevel]);
    }
    this.#applyAttributes();
  }

  #callKey(): string {
    const { url, room, avatarIdentity, manual } = this.#host;
    return JSON.stringify([url, room, avatarIdentity ?? '', manual]);
  }

  /** `tokenSource`, else `token-endpoint`: what the credentials come from, if not the token. */
  #sourceKey(): unknown {
    return this.#host.tokenSource ?? (this.#host.tokenEndpoint || undefined);
  }

  /** The connection attributes as requests (docs/lifecycle.md); out of the page they wait for its return. */
  #applyAttributes(): void {
    const token = this.#host.token;
    const source = this.#sourceKey();
    // Credentials are a token, an endpoint or a source (docs/lifecycle.md). None (the page removed the token
    // once connected, to keep it out of the DOM) is not new credentials: the call goes on and the machine
    // keeps the last ones, in memory only, for reconnect().
    const name = this.#host.participantName;
    const tokenChanged = token !== this.#seenToken || source !== this.#seenSource || (!!source && name !== this.#seenName);
    if (tokenChanged && (token || source)) this.machine.refreshToken(this.#attributeConfig());
    if (!inPage(this.#host)) return;
    const call = this.#callKey();
    const callChanged = call !== this.#seenCall;
    this.#seenCall = call;
    this.#seenToken = token;
    this.#seenSource = source;
    this.#seenName = name;
    if (!this.#autoConnects()) return;
    if (callChanged) {
      // Another call: a request of its own, made at once (the last request wins), whatever failed before.
      this.#held = false;
      this.#endedByItself = false;
      this.#retry.reset();
      return this.#autoConnect();
    }
    // A new token alone keeps a live (or coming) call; it connects only an element that has no call
    // and was not disconnected on purpose (say, after a failed connect with an expired token).
    if (tokenChanged && !this.machine.wantsCall && !this.#held && !this.#endedByItself) this.#autoConnect();
  }

  #autoConnects(): boolean {
    const h = this.#host;
    return !h.manual && ((!!h.url && !!h.token) || !!this.#sourceKey()) && inPage(h);
  }

  /** An automatic connect: at once, or after the wait its failures in a row call for (auto-retry.ts). */
  #autoConnect(): void {
    // Still wanted when its turn comes: in the page, not disconnected on purpose, and no call wanted meanwhile
    // (a `connect()` or another call's request resets the count and cancels the wait).
    this.#retry.schedule(() => this.#autoConnectNow(), () => this.#autoConnects() && !this.machine.wantsCall && !this.#held);
  }

  #autoConnectNow(): void {
    // Failures are `error` events; a superseded connect (`aborted`, not fatal) is no failure.
    const done = this.machine.connect(this.#attributeConfig());
    this.#releaseWaiting();
    done.then(() => this.#retry.settled(false), (err: unknown) => {
      if (asAvatarError(err, 'connection-failed').fatal) this.#retry.settled(true);
    });
  }

  #attributeConfig(): CallConfig {
    const h = this.#host;
    return {
      url: h.url, token: h.token ?? '', roomName: h.room || undefined, avatarIdentity: h.avatarIdentity || undefined,
      source: sourceOf(h.tokenSource, h.tokenEndpoint), participantName: h.participantName || undefined,
    };
  }

  /**
   * A connect without credentials (the token attribute was removed after connecting) to the call the last
   * connect was for uses that connect's, kept in memory. Credentials are only ever used for their own call.
   */
  #withKeptToken(config: CallConfig): CallConfig {
    const last = this.machine.lastConfig;
    if (config.token || config.source || !last || !(last.token || last.source) || !sameCall(last, config)) return config;
    return { ...config, token: last.token, source: last.source };
  }

  async #tearDown(): Promise<void> {
    if (inPage(this.#host)) return;
    this.#tornDown = true;
    this.#page.stop();
    this.#retry.cancel();
    const done = this.machine.disconnect('element-removed');
    this.#releaseWaiting(); // a session waiting for the element's return: it is not coming back
    await done;
    if (!inPage(this.#host)) this.#face.dispose(); // back already: keep the worker and canvas
  }

  /**
   * Wakes a session waiting for the element's return (#open): the element is back, or a request was made
   * (a waiting connect that is no longer wanted gives up; one still wanted waits again).
   */
  #releaseWaiting(): void {
    this.#back?.resolve();
    this.#back = undefined;
  }

  /** Resolves at the next #releaseWaiting(). */
  #whenBack(): Promise<void> {
    if (!this.#back) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.#back = { promise, resolve };
    }
    return this.#back.promise;
  }

  /** Makes the session for one connect (called by the machine, once the previous one is closed). */
  async #open(config: CallConfig, reports: SessionReports, wanted: () => boolean): Promise<AvatarRoom> {
    await this.#host.updateComplete; // the shadow DOM (stage, audio) exists
    // Removed right after the connect (a move: the call is kept for TEARDOWN_GRACE_MS): the stage exists only
    // in the page, so the session waits for the element's return. A request meanwhile (disconnect(), another
    // call, the teardown): the machine no longer wants this connect, and ignores the error.
    while (!inPage(this.#host)) {
      await this.#whenBack();
      if (!wanted()) throw new SpatiusAvatarError('aborted', 'the element left the page while its call was being made', false);
      await this.#host.updateComplete;
    }
    const port = await this.#face.portForCall();
    if (!wanted()) throw new SpatiusAvatarError('aborted', 'a later request superseded this connect while its motion worker started', false);
    if (!port.alive) throw new SpatiusAvatarError('worker-failed', 'the motion worker is not running (see the earlier worker-failed error): the call cannot be made without it');
    this.avatar = undefined;
    this.#avatarPending = false;
    this.#voice.reset();
    const session: AvatarRoom = new AvatarRoom({
      ...this.#moreCallbacks(() => this.machine.owns(session)),
      ...reports,
      onAvatar: (identity) => {
        if (!this.machine.owns(session)) return;
        this.avatar = identity;
        if (this.machine.session === session) emit(this.#host, 'avatar-discovered', { identity });
        else this.#avatarPending = true; // events in order: connected, then avatar-discovered
      },
      onAvatarLeft: () => {
        if (this.machine.owns(session)) this.avatar = undefined; // its return is discovered (and announced) again
      },
      onAudioPlayback: (allowed) => {
        if (this.machine.owns(session)) this.#voice.setPlaybackAllowed(allowed);
      },
      onError: (error) => {
        if (this.machine.owns(session)) this.#host.report(error);
      },
    }, port, {
      config,
      audio: this.#voice.audio,
      onVoiceAttached: () => void this.#voice.audio,
    });
    return session;
  }
}

/** Precedence: a tokenSource, else a token endpoint (LiveKit's standard shape), else none (the token). */
function sourceOf(tokenSource: ConnectConfig['tokenSource'], tokenEndpoint: string | undefined): CredentialSource | undefined {
  if (tokenSource) return customSource(tokenSource);
  return tokenEndpoint ? endpointSource(tokenEndpoint) : undefined;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
