import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import type { Room } from 'livekit-client';
import type { ConnectionState } from '../core/connection-state.js';
import type { LogLevel, LookName, RendererName } from '../core/event-details.js';
import { SpatiusAvatarError } from '../core/errors.js';
import type { SecondStats, SessionStats } from '../playback/stats.js';
import type { ConnectConfig } from '../room/avatar-room.js';
import { ATTRIBUTE_RULES, converter, invalidAttributeMessage } from './attributes.js';
import { CallController } from './call-controller.js';
import { emit } from './events.js';
import type { SpatiusAvatarEventMap } from './events.js';
import { FaceController } from './face-controller.js';
import { styles } from './styles.js';
import { VoiceController } from './voice-controller.js';
import type { TrustedScriptURLLike } from '../worker/spawn.js';

/**
 * `<spatius-avatar>`: joins a LiveKit room, finds the avatar participant whose video track carries
 * motion frames (docs/wire-format.md), plays its voice and draws its face in a worker.
 *
 * @tag spatius-avatar
 * @fires {CustomEvent<ConnectedDetail>} connected - The call is connected.
 * @fires {CustomEvent<DisconnectedDetail>} disconnected - The call ended (`reason`: client-initiated, element-removed, or LiveKit's).
 * @fires {CustomEvent<ErrorDetail>} error - Something went wrong: `{code, message, fatal}` (codes in docs/errors.md). Does not bubble.
 * @fires {CustomEvent<ConnectionStateChangedDetail>} connection-state-changed - disconnected, connecting, connected, reconnecting or failed.
 * @fires {CustomEvent<AvatarDiscoveredDetail>} avatar-discovered - The participant whose video carries motion frames was found.
 * @fires {CustomEvent<EmptyDetail>} conversation-start - A conversation (speech turn) began.
 * @fires {CustomEvent<EmptyDetail>} conversation-end - A conversation ended; the avatar is idle again.
 * @fires {CustomEvent<StalledDetail>} stalled - Motion stopped; the avatar fell back to idle. `reason`: `no-motion` (no motion packet, IDLE included, for `stall-timeout` ms) or `paused` (the track was muted, paused or unsubscribed by the SFU while still published; at once).
 * @fires {CustomEvent<EmptyDetail>} resumed - Motion came back after `stalled`.
 * @fires {CustomEvent<EmptyDetail>} first-frame - The first motion frame was rendered.
 * @fires {CustomEvent<PoseData>} frame - renderer="none": one per rendered pose.
 * @fires {CustomEvent<EmptyDetail>} audio-blocked - The browser blocked the avatar's voice (autoplay policy); call startAudio() from a user gesture.
 * @fires {CustomEvent<EmptyDetail>} audio-unblocked - The avatar's voice can play.
 * @attr {string} url - LiveKit server URL (wss://…).
 * @attr {string} token - LiveKit access token for the viewer. Changing it alone keeps a live call; it is used at the next connect.
 * @attr {string} room - Room name; must match the token's room when both are given.
 * @attr {boolean} manual - The element does not connect by itself: call connect().
 * @attr {string} avatar-identity - Play this participant as the avatar (otherwise discovered).
 * @attr {'on' | 'off'} [jitter-buffer=on] - AvatarPlayerOptions.enableJitterBuffer: smooth motion through a jitter buffer, or render on arrival.
 * @attr {number} [max-buffer-delay=80] - AvatarPlayerOptions.maxBufferDelayMs: the longest wait for a late motion frame (0 to 1000 ms).
 * @attr {number} [stall-timeout=3000] - No motion frame for this long (100 to 600000 ms) gives `stalled`.
 * @attr {'default' | 'none'} [renderer=default] - `default` draws the face; `none` draws nothing and fires `frame` events.
 * @attr {'aurora' | 'sol' | 'nova'} [look=aurora] - The default face's look.
 * @attr {'info' | 'warning' | 'error' | 'none'} [log-level=warning] - What the element and livekit-client log (livekit-client's level is global: the last element to set it wins).
 * @attr {boolean} muted - Mute the avatar's voice.
 * @attr {number} [volume=1] - The avatar's voice volume, 0 to 1.
 * @attr {boolean} mic - Publish the microphone once connected (and stop it when the attribute goes).
 * @attr {string} worker-url - A self-hosted copy of the module build's `motion.worker.js` (same origin), for a strict CSP or a bundler that does not copy it; read when the face starts (the first render, or back in the page). Default: the file next to the module, or a blob: URL in the standalone build.
 * @attr {'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed'} [state=disconnected] - Read-only: the connection state, for CSS. A page's write is undone.
 * @slot audio-blocked - Replaces the built-in "tap to hear" button shown while audio is blocked.
 * @csspart stage - The box the avatar is drawn in.
 * @csspart canvas - The canvas the default face is drawn on.
 * @csspart audio - The `<audio>` element the avatar's voice plays in.
 * @csspart audio-overlay - The layer over the face shown while audio is blocked.
 * @csspart audio-button - The built-in "tap to hear" button.
 * @cssproperty [--spatius-avatar-background=#dfe9f3] - Background behind the face.
 * @cssproperty --spatius-avatar-skin - Skin colour of the default face (default: from the look).
 * @cssproperty --spatius-avatar-hair - Hair colour (default: from the look).
 * @cssproperty --spatius-avatar-eyes - Iris colour (default: from the look).
 * @cssproperty --spatius-avatar-lips - Lip colour (default: from the look).
 * @cssproperty --spatius-avatar-shirt - Shirt colour (default: from the look).
 */
export class SpatiusAvatarElement extends LitElement {
  static override styles = styles;

  /** LiveKit server URL (wss://…). */
  @property() url = '';
  /** LiveKit access token for the viewer. Changing it alone keeps a live call (used at the next connect). */
  @property() token = '';
  /** Room name; must match the token's room when both are given. */
  @property() room = '';
  /** When set, the element does not connect by itself: call `connect()`. */
  @property({ type: Boolean, reflect: true }) manual = false;
  /** Play this participant as the avatar; otherwise it is discovered (the participant whose video carries motion). */
  @property({ attribute: 'avatar-identity' }) avatarIdentity: string | undefined = undefined;
  /**
   * AvatarPlayerOptions.enableJitterBuffer: smooth motion through a jitter buffer (on), or render each
   * frame on arrival (off). Attribute `jitter-buffer="on|off"`.
   */
  @property({ attribute: 'jitter-buffer', converter: converter(ATTRIBUTE_RULES['jitter-buffer']) })
  enableJitterBuffer: boolean = ATTRIBUTE_RULES['jitter-buffer'].fallback;
  /** AvatarPlayerOptions.maxBufferDelayMs: the longest wait for a late motion frame, 0 to 1000 ms. */
  @property({ attribute: 'max-buffer-delay', converter: converter(ATTRIBUTE_RULES['max-buffer-delay']) })
  maxBufferDelayMs: number = ATTRIBUTE_RULES['max-buffer-delay'].fallback;
  /** No motion frame for this long (100 to 600000 ms) gives `stalled`. */
  @property({ attribute: 'stall-timeout', converter: converter(ATTRIBUTE_RULES['stall-timeout']) })
  stallTimeoutMs: number = ATTRIBUTE_RULES['stall-timeout'].fallback;
  /** `default` draws the face; `none` draws nothing and fires `frame` events. */
  @property({ reflect: true, converter: converter(ATTRIBUTE_RULES.renderer) })
  renderer: RendererName = ATTRIBUTE_RULES.renderer.fallback;
  /** The default face's look. Colours: CSS custom properties. */
  @property({ converter: converter(ATTRIBUTE_RULES.look) })
  look: LookName = ATTRIBUTE_RULES.look.fallback;
  /**
   * What the element and livekit-client log to the console. livekit-client's level is global to the
   * library: the last element to set it wins.
   */
  @property({ attribute: 'log-level', converter: converter(ATTRIBUTE_RULES['log-level']) })
  logLevel: LogLevel = ATTRIBUTE_RULES['log-level'].fallback;
  /** Mute the avatar's voice. */
  @property({ type: Boolean, reflect: true }) muted = false;
  /** The avatar's voice volume, 0 to 1. */
  @property({ converter: converter(ATTRIBUTE_RULES.volume) })
  volume: number = ATTRIBUTE_RULES.volume.fallback;
  /** Publish the microphone once connected (and stop it when the attribute goes). */
  @property({ type: Boolean, reflect: true }) mic = false;
  /**
   * A self-hosted copy of the module build's `motion.worker.js` (same origin; a TrustedScriptURL where the
   * page enforces Trusted Types), read when the face starts: the first render, or back in the page.
   */
  @property({ attribute: 'worker-url' }) workerUrl: string | TrustedScriptURLLike | undefined = undefined;

  private readonly face = new FaceController(this);
  private readonly voice: VoiceController = new VoiceController(this, () => this.call.machine.session);
  private readonly call: CallController = new CallController(this, this.face, this.voice, (state) => this.reflectState(state));
  private readonly pendingReports: SpatiusAvatarError[] = [];
  private writingState = false;

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'state'];
  }

  /** The connection state (as `getConnectionState()`). */
  get connectionState(): ConnectionState {
    return this.call.machine.state;
  }

  getConnectionState(): ConnectionState {
    return this.call.machine.state;
  }

  /**
   * Spatius AvatarPlayer's `isConnected`, under another name: `isConnected` on an element is the DOM's
   * "is in a document", which frameworks rely on and which must not be overridden (docs/decisions.md).
   */
  get isRoomConnected(): boolean {
    return this.call.machine.state === 'connected';
  }

  /** The identity of the avatar participant, once found. */
  get avatar(): string | undefined {
    return this.call.avatar;
  }

  /** The session summary: frames rendered, lost, skipped, dropped, starved, malformed, added delay… */
  get stats(): SessionStats | undefined {
    return this.face.stats;
  }

  /** The last second: fps, loss rate, cadence jitter, buffer depth, target delay (updated once a second). */
  get liveStats(): SecondStats | undefined {
    return this.face.liveStats;
  }

  /** The LiveKit `Room` of the connected call, or null. */
  getNativeClient(): Room | null {
    return this.call.machine.session?.room ?? null;
  }

  /**
   * Connects, with `config` overriding the attributes. The last request wins: a later connect() to
   * another call, disconnect() or reconnect() makes this one reject with the non-fatal `aborted`.
   * Rejects with a SpatiusAvatarError (docs/errors.md).
   */
  connect(config: Partial<ConnectConfig> = {}): Promise<void> {
    return this.call.connect(config);
  }

  /** Leaves the call. Never rejects. */
  disconnect(): Promise<void> {
    return this.call.disconnect();
  }

  /** Connects again with the last config (a new Room). Rejects with `no-previous-connection` before any connect(). */
  reconnect(): Promise<void> {
    return this.call.reconnect();
  }

  /**
   * From a user gesture: lets the avatar's voice play where the browser blocked autoplay. Rejects (and
   * fires `error`) with the non-fatal `audio-blocked` when the browser still blocks it.
   */
  startAudio(): Promise<void> {
    return this.voice.startAudio().catch((error: SpatiusAvatarError) => {
      this.report(error); // audio-blocked, not fatal
      throw error;
    });
  }

  /** Publishes the microphone. Rejects with not-connected, or (also as an `error` event) mic-denied, mic-not-found, mic-in-use, insecure-context. */
  startPublishing(): Promise<void> {
    return this.voice.startPublishing();
  }

  /** Stops publishing the microphone and releases the device. */
  stopPublishing(): Promise<void> {
    return this.voice.stopPublishing();
  }

  /** Publishes any audio track (WebAudio, a file, another device). The element never stops it. */
  publishAudio(track: MediaStreamTrack): Promise<void> {
    return this.voice.publishAudio(track);
  }

  /** Unpublishes the track given to publishAudio(); the track is not stopped. */
  unpublishAudio(): Promise<void> {
    return this.voice.unpublishAudio();
  }

  /** The face as drawn now, as an image (default `image/png`); null with renderer="none". Rejects with worker-failed. */
  snapshot(type = 'image/png'): Promise<Blob | null> {
    try {
      return this.face.snapshot(type);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Re-reads the look and the --spatius-avatar-* custom properties (call after changing them in CSS). */
  refreshTheme(): void {
    this.face.refreshTheme();
  }

  /** @internal Fires a (non-bubbling) `error` event. */
  report(error: SpatiusAvatarError): void {
    emit(this, 'error', error.detail);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.reflectState(this.call.machine.state);
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'state') {
      if (!this.writingState && value !== this.call.machine.state) this.reflectState(this.call.machine.state); // read-only
      return;
    }
    super.attributeChangedCallback(name, old, value);
    const message = value === old ? undefined : invalidAttributeMessage(name, value);
    if (message) {
      this.pendingReports.push(new SpatiusAvatarError('invalid-attribute', message, false));
      this.requestUpdate(); // reported after the update, when listeners added with the attribute exist
    }
  }

  protected override updated(): void {
    for (const error of this.pendingReports.splice(0)) this.report(error);
  }

  protected override render() {
    return html`<div part="stage"></div>
      <audio part="audio" autoplay></audio>
      <div part="audio-overlay" ?hidden=${!this.voice.blocked}>
        <slot name="audio-blocked" @click=${this.onOverlayClick}>
          <button part="audio-button" type="button">Tap to hear</button>
        </slot>
      </div>`;
  }

  private readonly onOverlayClick = (): void => {
    this.startAudio().catch(() => undefined); // reported as an `audio-blocked` error
  };

  private reflectState(state: ConnectionState): void {
    if (!this.isConnected || this.getAttribute('state') === state) return;
    this.writingState = true;
    this.setAttribute('state', state);
    this.writingState = false;
  }
}

// Typed listeners for the element's own events, on the element only (not merged into HTMLElementEventMap,
// where lib.dom already owns `error` and `stalled`).
export interface SpatiusAvatarElement {
  addEventListener<K extends keyof SpatiusAvatarEventMap>(
    type: K, listener: (this: SpatiusAvatarElement, ev: SpatiusAvatarEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K, listener: (this: SpatiusAvatarElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof SpatiusAvatarEventMap>(
    type: K, listener: (this: SpatiusAvatarElement, ev: SpatiusAvatarEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K, listener: (this: SpatiusAvatarElement, ev: HTMLElementEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'spatius-avatar': SpatiusAvatarElement;
  }
}
