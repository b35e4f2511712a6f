import type { ReactiveController } from 'lit';
import { setLogLevel } from 'livekit-client';
import type { LogLevel } from '../core/event-details.js';
import { SpatiusAvatarError, withoutTokens } from '../core/errors.js';
import { AvatarRoom, validateConfig } from '../room/avatar-room.js';
import type { AvatarRoomCallbacks, ConnectConfig } from '../room/avatar-room.js';
import { CallMachine, sameCall } from '../room/call-machine.js';
import type { CallConfig, SessionReports } from '../room/call-machine.js';
import { customSource, endpointSource } from '../room/token-source.js';
import type { CredentialSource } from '../room/token-source.js';
import { emit } from './events.js';
import type { FaceController } from './face-controller.js';
import type { AvatarHost } from './host.js';
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
  #tornDown = false;
  #teardownTimer: ReturnType<typeof setTimeout> | undefined;
  #seenCall: string | undefined;
  #seenToken: string | undefined;
  #seenSource: unknown;
  #seenName: string | undefined;
  #seenLogLevel: LogLevel | undefined;

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
    host.addController(this);
    // On Chromium the voice and the microphone pass through the worker too (encoded streams): without it
    // the call would be silent both ways while it says connected.
    face.onWorkerFailed = () => {
      if (this.machine.wantsCall) void this.machine.disconnect('worker-failed');
    };
    this.machine = new CallMachine<AvatarRoom>((config, reports) => this.#open(config, reports), {
      state: (state) => {
        this.#onState(state);
        emit(host, 'connection-state-changed', { state });
      },
      connected: (room, continued) => {
        // Before the event: what the page publishes in its `connected` listener belongs to this call.
        if (!continued) this.#voice.forgetPublished();
        emit(host, 'connected', { room: room.room.name });
        if (this.#avatarPending && this.avatar) emit(host, 'avatar-discovered', { identity: this.avatar });
        this.#avatarPending = false;
        this.#voice.connected();
      },
      disconnected: (reason) => {
        this.#voice.forgetPublished();
        emit(host, 'disconnected', { reason });
      },
      // livekit-server's refusal quotes the token ("invalid token: eyJ…") and a failed connect carries the
      // server's words: no token may reach an error event or a rejection (see also connect(), reconnect()).
      failed: (error) => {
        this.#voice.forgetPublished();
        host.report(withoutTokens(error, this.machine.lastConfig?.token ?? '') as SpatiusAvatarError);
      },
    });
  }

  /** connect(): attributes, overridden by `config`. */
  connect(config: Partial<ConnectConfig> = {}): Promise<void> {
    if (!this.#host.isConnected) {
      return Promise.reject(new SpatiusAvatarError('not-in-document', 'connect() needs the element in a document: append it first', false));
    }
    this.#held = false;
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
    return this.machine.connect(wanted, { check }).catch((err: unknown) => {
      throw withoutTokens(err, wanted.token);
    });
  }

  disconnect(): Promise<void> {
    this.#held = true;
    return this.machine.disconnect();
  }

  reconnect(): Promise<void> {
    if (!this.#host.isConnected) {
      return Promise.reject(new SpatiusAvatarError('not-in-document', 'reconnect() needs the element in a document', false));
    }
    this.#held = false;
    return this.machine.reconnect().catch((err: unknown) => {
      throw withoutTokens(err, this.machine.lastConfig?.token ?? '');
    });
  }

  hostConnected(): void {
    clearTimeout(this.#teardownTimer);
    this.#teardownTimer = undefined;
    if (this.#tornDown) {
      // Back after the grace period: the call comes back as the attributes describe it.
      this.#tornDown = false;
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
    // Deferred, so that moving the element in the DOM does not drop the call.
    this.#teardownTimer = setTimeout(() => void this.#tearDown(), TEARDOWN_GRACE_MS);
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
    if (!this.#host.isConnected) return;
    const call = this.#callKey();
    const callChanged = call !== this.#seenCall;
    this.#seenCall = call;
    this.#seenToken = token;
    this.#seenSource = source;
    this.#seenName = name;
    if (!this.#autoConnects()) return;
    if (callChanged) this.#held = false;
    // A new token alone keeps a live (or coming) call; it connects only an element that has no call
    // and was not disconnected on purpose (say, after a failed connect with an expired token).
    if (callChanged || (tokenChanged && !this.machine.wantsCall && !this.#held)) this.#autoConnect();
  }

  #autoConnects(): boolean {
    const h = this.#host;
    return !h.manual && ((!!h.url && !!h.token) || !!this.#sourceKey()) && h.isConnected;
  }

  #autoConnect(): void {
    this.machine.connect(this.#attributeConfig()).catch(() => undefined); // failures are `error` events
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
    if (this.#host.isConnected) return;
    this.#tornDown = true;
    await this.machine.disconnect('element-removed');
    if (!this.#host.isConnected) this.#face.dispose(); // back already: keep the worker and canvas
  }

  /** Makes the session for one connect (called by the machine, once the previous one is closed). */
  async #open(config: CallConfig, reports: SessionReports): Promise<AvatarRoom> {
    await this.#host.updateComplete; // the shadow DOM (stage, audio) exists
    const port = this.#face.port;
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
