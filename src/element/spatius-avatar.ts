import { LitElement, css, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { setLogLevel } from 'livekit-client';
import type { Room } from 'livekit-client';
import type { SecondStats, SessionStats } from '../playback/stats.js';
import { AvatarRoom } from '../room/avatar-room.js';
import type { ConnectConfig } from '../room/avatar-room.js';
import type { ConfigureMessage, FromWorkerMessage, RendererKind } from '../worker/messages.js';
import { parseBoolean, parseChoice, parseMilliseconds } from './attributes.js';
import { FaceStage } from './face-stage.js';
import { SpatiusAvatarError } from './errors.js';
import { emit } from './events.js';
import type { ConnectionState, SpatiusAvatarEventMap } from './events.js';

/** How long a removed element waits before it disconnects, so that moving it in the DOM keeps the call. */
const TEARDOWN_GRACE_MS = 1000;

/**
 * `<spatius-avatar>`: joins a LiveKit room, finds the avatar participant whose video track carries
 * motion frames (docs/wire-format.md) and draws its face in a worker. Audio and the microphone come with
 * the element issue.
 *
 * @tag spatius-avatar
 * @fires connected - The room is connected. `detail: {room}`
 * @fires disconnected - The connection ended. `detail: {reason}`
 * @fires error - Something went wrong. `detail: {code, message, fatal}` (codes in docs/errors.md)
 * @fires connection-state-changed - `detail: {state}`: disconnected, connecting, connected, reconnecting or failed
 * @fires avatar-discovered - The participant whose video carries motion frames was found. `detail: {identity}`
 * @fires conversation-start - A conversation (speech turn) began.
 * @fires conversation-end - A conversation ended; the avatar is idle again.
 * @fires stalled - No motion for `stall-timeout` ms inside a conversation; the avatar fell back to idle.
 * @fires resumed - Motion came back after `stalled`.
 * @fires first-frame - The first motion frame was rendered.
 * @fires frame - renderer="none": one per rendered pose. `detail: {weights, rotation, translation, state, seq, time, at, fresh}`
 * @fires audio-blocked - The browser blocked the avatar's voice (autoplay policy); call startAudio() from a user gesture.
 * @fires audio-unblocked - The avatar's voice can play.
 * @slot audio-blocked - Replaces the built-in "tap to hear" button shown while audio is blocked.
 * @csspart audio-overlay - The layer over the face shown while audio is blocked.
 * @csspart audio-button - The built-in "tap to hear" button.
 * @attr look - The default face's look: aurora (default), sol or nova.
 * @csspart stage - The box the avatar is drawn in.
 * @csspart canvas - The canvas the default face is drawn on.
 * @cssproperty --spatius-avatar-background - Background behind the face.
 * @cssproperty --spatius-avatar-skin - Skin colour of the default face.
 * @cssproperty --spatius-avatar-hair - Hair colour.
 * @cssproperty --spatius-avatar-eyes - Iris colour.
 * @cssproperty --spatius-avatar-lips - Lip colour.
 * @cssproperty --spatius-avatar-shirt - Shirt colour.
 */
export class SpatiusAvatarElement extends LitElement {
  static override styles = css`
    :host {
      display: inline-block;
      position: relative;
      width: 320px;
      height: 320px;
      contain: content;
    }
    [part='stage'] {
      width: 100%;
      height: 100%;
      background: var(--spatius-avatar-background, #dfe9f3);
      border-radius: inherit;
      overflow: hidden;
    }
    [part='canvas'] {
      display: block;
      width: 100%;
      height: 100%;
    }
    :host([renderer='none']) [part='canvas'] {
      visibility: hidden;
    }
    [part='audio-overlay'] {
      position: absolute;
      inset: 0;
      display: flex;
      align-items: flex-end;
      justify-content: center;
      padding-bottom: 12%;
    }
    [part='audio-overlay'][hidden] {
      display: none;
    }
    [part='audio-button'] {
      font: inherit;
      padding: 0.5em 1em;
      border: 0;
      border-radius: 999px;
      background: rgba(20, 24, 36, 0.78);
      color: #fff;
      cursor: pointer;
    }
  `;

  /** LiveKit server URL (wss://…). */
  @property() url = '';
  /** LiveKit access token for the viewer. */
  @property() token = '';
  /** Room name; must match the token's room when both are given. */
  @property() room = '';
  /** When set, the element does not connect by itself: call `connect()`. */
  @property({ type: Boolean, reflect: true }) manual = false;
  /** Jitter buffer on (default) or off (render on arrival). Attribute `jitter-buffer="on|off"`. */
  @property({ attribute: 'jitter-buffer', converter: { fromAttribute: (v: string | null) => v } })
  jitterBuffer: string | null = null;
  /** Longest wait for a late motion frame (ms, default 80). Attribute `max-buffer-delay`. */
  @property({ attribute: 'max-buffer-delay' }) maxBufferDelay: string | null = null;
  /** No motion for this long inside a conversation gives `stalled` (ms, default 3000). */
  @property({ attribute: 'stall-timeout' }) stallTimeout: string | null = null;
  /** `default` draws the face; `none` draws nothing and fires `frame` events. */
  @property({ attribute: 'renderer', reflect: true }) renderer: string | null = null;
  /** The default face's look: `aurora` (default), `sol` or `nova`. Colours: CSS custom properties. */
  @property({ attribute: 'look' }) look: string | null = null;
  /** Play this participant as the avatar; otherwise it is discovered (the participant whose video carries motion). */
  @property({ attribute: 'avatar-identity' }) avatarIdentity: string | null = null;
  /**
   * `info`, `warning` (default), `error` or `none`: what the element and livekit-client log to the console.
   * livekit-client's level is global to the library: the last element to set it wins.
   */
  @property({ attribute: 'log-level' }) logLevel: string | null = null;
  /** Mute the avatar's voice. */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** The avatar's voice volume, 0 to 1 (default 1). */
  @property({ type: Number }) volume = 1;
  /** Publish the microphone once connected (and stop it when the attribute goes). */
  @property({ type: Boolean, reflect: true }) mic = false;

  @state() private audioBlocked = false;

  /** Connection state, reflected for CSS (`spatius-avatar[state=connected]`). */
  @property({ reflect: true, attribute: 'state' }) protected stateAttr: ConnectionState = 'disconnected';

  @state() private discoveredAvatar: string | undefined;

  private session: AvatarRoom | undefined;
  private stage: FaceStage | undefined;
  private lastStats: SessionStats | undefined;
  private lastSecond: SecondStats | undefined;
  private lastConfig: ConnectConfig | undefined;
  private teardownTimer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  /** The connection state (also `getConnectionState()`). */
  get connectionState(): ConnectionState {
    return this.stateAttr;
  }

  getConnectionState(): ConnectionState {
    return this.stateAttr;
  }

  /** The identity of the avatar participant, once found. */
  get avatar(): string | undefined {
    return this.discoveredAvatar;
  }

  /**
   * Spatius AvatarPlayer's `isConnected`, under another name: `isConnected` on an element is the DOM's
   * "is in a document", which frameworks rely on and which must not be overridden (docs/decisions.md).
   */
  get isRoomConnected(): boolean {
    return this.stateAttr === 'connected';
  }

  /** The face as drawn now, as an image (default `image/png`); null with renderer="none". */
  snapshot(type = 'image/png'): Promise<Blob | null> {
    const stage = this.ensureStage();
    const id = ++this.snapshotId;
    return new Promise((resolve) => {
      this.snapshots.set(id, resolve);
      stage.post({ kind: 'snapshot', data: { id, type } });
    });
  }

  private snapshotId = 0;
  private readonly snapshots = new Map<number, (image: Blob | null) => void>();

  /** From a user gesture: lets the avatar's voice play where the browser blocked autoplay. */
  async startAudio(): Promise<void> {
    await this.session?.startAudio();
  }

  /** Publishes the microphone. Rejects (and fires a non-fatal error) with mic-denied, mic-not-found, mic-in-use or insecure-context. */
  async startPublishing(): Promise<void> {
    const session = this.requireSession();
    try {
      await session.startMicrophone();
    } catch (err) {
      const error = err instanceof SpatiusAvatarError ? err : new SpatiusAvatarError('mic-denied', String(err), false);
      this.report(error);
      throw error;
    }
  }

  /** Stops publishing the microphone and releases the device. */
  async stopPublishing(): Promise<void> {
    await this.session?.stopMicrophone();
  }

  /** Publishes any audio track (WebAudio, a file, another device). */
  async publishAudio(track: MediaStreamTrack): Promise<void> {
    await this.requireSession().publishAudio(track);
  }

  /** Unpublishes the track given to publishAudio(); the track is not stopped. */
  async unpublishAudio(): Promise<void> {
    await this.session?.unpublishAudio();
  }

  private requireSession(): AvatarRoom {
    if (!this.session || this.stateAttr !== 'connected') {
      throw new SpatiusAvatarError('connection-failed', 'not connected: call connect() first', false);
    }
    return this.session;
  }

  /** AvatarPlayerOptions.enableJitterBuffer (attribute `jitter-buffer`). */
  get enableJitterBuffer(): boolean {
    return parseBoolean(this.jitterBuffer, true, () => undefined);
  }
  set enableJitterBuffer(on: boolean) {
    this.jitterBuffer = on ? 'on' : 'off';
  }

  /** AvatarPlayerOptions.maxBufferDelayMs (attribute `max-buffer-delay`). */
  get maxBufferDelayMs(): number {
    return parseMilliseconds(this.maxBufferDelay, 80, 0, 1000, () => undefined);
  }
  set maxBufferDelayMs(ms: number) {
    this.maxBufferDelay = String(ms);
  }

  /** The session summary: frames rendered, lost, skipped, dropped, starved, malformed, added delay… */
  get stats(): SessionStats | undefined {
    return this.lastStats;
  }

  /** The last second: fps, loss rate, cadence jitter, buffer depth, target delay (updated once a second). */
  get liveStats(): SecondStats | undefined {
    return this.lastSecond;
  }

  /** The LiveKit `Room` this element owns, or null when not connected. */
  getNativeClient(): Room | null {
    return this.session?.room ?? null;
  }

  /** Connects, with `config` overriding the attributes. Rejects with a SpatiusAvatarError. */
  async connect(config: Partial<ConnectConfig> = {}): Promise<void> {
    const full: ConnectConfig = {
      url: config.url ?? this.url,
      token: config.token ?? this.token,
      roomName: config.roomName ?? (this.room || undefined),
    };
    await this.closeSession();
    const generation = ++this.generation;
    this.lastConfig = full;
    this.setState('connecting');
    let session: AvatarRoom;
    try {
      const stage = this.ensureStage();
      session = new AvatarRoom({
        onState: (s, reason) => {
          if (generation !== this.generation) return;
          this.setState(s);
          if (s === 'disconnected') emit(this, 'disconnected', { reason: reason ?? 'unknown' });
        },
        onAvatar: (identity) => {
          if (generation !== this.generation) return;
          this.discoveredAvatar = identity;
          emit(this, 'avatar-discovered', { identity });
        },
        onAudioPlayback: (allowed) => {
          if (generation !== this.generation || this.audioBlocked === !allowed) return;
          this.audioBlocked = !allowed;
          emit(this, allowed ? 'audio-unblocked' : 'audio-blocked', {});
        },
        onError: (error) => {
          if (generation === this.generation) this.report(error);
        },
      }, stage.worker, this.configuration(true), {
        audio: this.audioElement(),
        avatarIdentity: this.avatarIdentity ?? undefined,
        onVoiceAttached: () => this.audioElement(),
      });
      this.session = session;
      await session.connect(full);
    } catch (err) {
      if (generation !== this.generation) return;
      const error = err instanceof SpatiusAvatarError ? err : new SpatiusAvatarError('connection-failed', String(err));
      await this.closeSession();
      this.setState('failed');
      this.report(error);
      throw error;
    }
    if (generation !== this.generation) return;
    this.setState('connected');
    emit(this, 'connected', { room: session.room.name });
    if (this.mic) this.startPublishing().catch(() => undefined); // reported through the error event
  }

  /** Leaves the room and frees the worker. */
  async disconnect(): Promise<void> {
    this.generation++;
    const had = !!this.session;
    await this.closeSession();
    if (had) {
      this.setState('disconnected');
      emit(this, 'disconnected', { reason: 'client-initiated' });
    }
  }

  /** Connects again with the last config. */
  async reconnect(): Promise<void> {
    if (!this.lastConfig) throw new SpatiusAvatarError('missing-token', 'reconnect() before any connect()');
    await this.connect(this.lastConfig);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    clearTimeout(this.teardownTimer);
    this.teardownTimer = undefined;
    if (this.hasUpdated) this.ensureStage();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    // Deferred, so that moving the element in the DOM does not drop the call.
    this.teardownTimer = setTimeout(() => {
      if (this.isConnectedToDocument()) return;
      void this.disconnect().finally(() => {
        if (this.isConnectedToDocument()) return;
        this.stage?.dispose(); // the worker and its canvas go; a new pair comes if the element returns
        this.stage = undefined;
        for (const resolve of this.snapshots.values()) resolve(null);
        this.snapshots.clear();
      });
    }, TEARDOWN_GRACE_MS);
  }

  protected override firstUpdated(): void {
    this.ensureStage();
  }

  /** The canvas and motion worker, made on first render (the neutral face shows before any connection). */
  private ensureStage(): FaceStage {
    if (this.stage) return this.stage;
    const container = this.renderRoot.querySelector<HTMLElement>('[part=stage]')!;
    this.stage = new FaceStage(this, container, (m) => {
      this.session?.onWorkerMessage(m);
      this.onWorker(m);
    }, (message) => this.report(new SpatiusAvatarError('worker-failed', `motion worker failed: ${message}`, false)));
    this.stage.applyTheme(this.look);
    this.stage.post({ kind: 'configure', data: this.configuration(false) });
    return this.stage;
  }

  /** Playback options and renderer from the attributes; invalid values are reported once and defaulted. */
  private configuration(report = false): ConfigureMessage['data'] {
    const bad = (name: string, value: string, expected: string) => {
      if (report) this.report(new SpatiusAvatarError('invalid-attribute', `${name}="${value}" is not ${expected}; using the default`, false));
    };
    return {
      playback: {
        enableJitterBuffer: parseBoolean(this.jitterBuffer, true, (v) => bad('jitter-buffer', v, 'on or off')),
        maxBufferDelayMs: parseMilliseconds(this.maxBufferDelay, 80, 0, 1000, (v) => bad('max-buffer-delay', v, 'a number of ms from 0 to 1000')),
        stallTimeoutMs: parseMilliseconds(this.stallTimeout, 3000, 100, 600000, (v) => bad('stall-timeout', v, 'a number of ms from 100 to 600000')),
      },
      renderer: parseChoice<RendererKind>(this.renderer, ['default', 'none'], 'default', (v) => bad('renderer', v, 'default or none')),
    };
  }

  private applyLogLevel(): void {
    const level = parseChoice(this.logLevel, ['info', 'warning', 'error', 'none'] as const, 'warning', (v) =>
      this.report(new SpatiusAvatarError('invalid-attribute', `log-level="${v}" is not info, warning, error or none; using warning`, false)));
    setLogLevel(({ info: 'info', warning: 'warn', error: 'error', none: 'silent' } as const)[level]);
  }

  private onWorker(m: FromWorkerMessage): void {
    switch (m.kind) {
      case 'malformed':
        this.report(new SpatiusAvatarError('malformed-motion',
          `${m.data.count} malformed motion packet(s) dropped (${m.data.total} in all; last: ${m.data.lastReason})`, false));
        break;
      case 'playback':
        emit(this, m.data.type, {});
        break;
      case 'stats':
        this.lastStats = m.data.session;
        this.lastSecond = m.data.second;
        break;
      case 'pose':
        emit(this, 'frame', m.data);
        break;
      case 'snapshot':
        this.snapshots.get(m.data.id)?.(m.data.image);
        this.snapshots.delete(m.data.id);
        break;
      case 'motion-track':
        break;
    }
  }

  /** Re-reads the look and the --spatius-avatar-* custom properties (call after changing them in CSS). */
  refreshTheme(): void {
    this.stage?.applyTheme(this.look);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('logLevel')) this.applyLogLevel();
    if (changed.has('look') && this.hasUpdated) this.refreshTheme();
    if (changed.has('volume') || changed.has('muted')) {
      if (changed.has('volume') && (!Number.isFinite(this.volume) || this.volume < 0 || this.volume > 1)) {
        this.report(new SpatiusAvatarError('invalid-attribute', `volume="${this.volume}" is not a number from 0 to 1; using 1`, false));
      }
      this.audioElement();
    }
    if (changed.has('mic') && changed.get('mic') !== undefined && this.isRoomConnected) {
      (this.mic ? this.startPublishing() : this.stopPublishing()).catch(() => undefined);
    }
    if (['jitterBuffer', 'maxBufferDelay', 'stallTimeout', 'renderer'].some((k) => changed.has(k)) && this.stage && changed.size) {
      this.stage.post({ kind: 'configure', data: this.configuration(!!this.session) });
    }
    if (['url', 'token', 'room', 'manual', 'avatarIdentity'].some((k) => changed.has(k)) && this.shouldAutoConnect()) {
      this.connect().catch(() => undefined); // reported through the error event
    }
  }

  protected override render() {
    return html`<div part="stage"></div>
      <audio part="audio" autoplay></audio>
      <div part="audio-overlay" ?hidden=${!this.audioBlocked}>
        <slot name="audio-blocked" @click=${this.onOverlayClick}>
          <button part="audio-button" type="button">Tap to hear</button>
        </slot>
      </div>`;
  }

  private readonly onOverlayClick = (): void => {
    this.startAudio().catch(() => this.report(new SpatiusAvatarError('audio-blocked', 'the browser still blocks audio', false)));
  };

  private audioElement(): HTMLAudioElement {
    const audio = this.renderRoot.querySelector('audio')!;
    audio.volume = Math.min(1, Math.max(0, Number.isFinite(this.volume) ? this.volume : 1));
    audio.muted = this.muted;
    return audio;
  }

  private shouldAutoConnect(): boolean {
    return !this.manual && !!this.url && !!this.token && this.isConnectedToDocument();
  }

  private isConnectedToDocument(): boolean {
    return this.isConnected;
  }

  private setState(s: ConnectionState): void {
    if (this.stateAttr === s) return;
    this.stateAttr = s;
    emit(this, 'connection-state-changed', { state: s });
  }

  private report(error: SpatiusAvatarError): void {
    emit(this, 'error', error.detail);
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.discoveredAvatar = undefined;
    this.audioBlocked = false;
    await session?.close().catch(() => undefined);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spatius-avatar': SpatiusAvatarElement;
  }
  interface HTMLElementEventMap extends SpatiusAvatarEventMap {}
}
