import { LitElement, html } from 'lit';
import { property } from 'lit/decorators.js';
import type { Room } from 'livekit-client';
import type { ConnectionState } from '../core/connection-state.js';
import type { AgentState, LogLevel, LookName, RendererName } from '../core/event-details.js';
import { SpatiusAvatarError } from '../core/errors.js';
import type { SecondStats, SessionStats } from '../playback/stats.js';
import type { ConnectConfig } from '../room/avatar-room.js';
import type { AvatarTokenSource } from '../room/token-source.js';
import { Announcer } from './announcer.js';
import { AgentController } from './agent-controller.js';
import { ATTRIBUTE_RULES, converter, invalidAttributeMessage } from './attributes.js';
import { CallController } from './call-controller.js';
import { CaptionsController } from './captions-controller.js';
import { logReport } from './console-report.js';
import { applyStyles, litCanStyle } from './document-styles.js';
import { emit } from './events.js';
import type { SpatiusAvatarEventMap } from './events.js';
import { FaceController } from './face-controller.js';
import { OwnedAttributes } from './owned-attributes.js';
import { styles } from './styles.js';
import { takePropertyReports, validated } from './validated-property.js';
import { ViewState } from './view-state.js';
import { VoiceController } from './voice-controller.js';
import type { TrustedScriptURLLike } from '../worker/spawn.js';

/** The accessible name of the avatar when the `label` attribute is missing or empty. */
const DEFAULT_LABEL = 'AI avatar';

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
 * @fires {CustomEvent<AgentStateChangedDetail>} agent-state-changed - The agent's `lk.agent.state` changed: `{state}` (initializing, idle, listening, thinking, speaking).
 * @fires {CustomEvent<TranscriptionDetail>} transcription - Caption text released when its audio plays: `{segmentId, text, delta, final, participantIdentity, trackId, agent}` (docs/sync.md).
 * @attr {string} url - LiveKit server URL (wss://…).
 * @attr {string} token - LiveKit access token for the viewer. Changing it alone keeps a live call; it is used at the next connect.
 * @attr {string} token-endpoint - LiveKit's standard token endpoint (livekit-client's `TokenSource.endpoint` shape), asked for a fresh token and server URL at every connect and reconnect; `url` and `token` are then optional. Takes precedence over `token`.
 * @attr {string} participant-name - Sent to the token endpoint or source as `participant_name`.
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
 * @attr {string} [label=AI avatar] - The avatar's accessible name (the stage is `role="img"`); also prefixes what the live region announces.
 * @attr {boolean} start-button - Show a start button (part `start-button`, slot `start`) while there is no call (disconnected or failed); activating it calls connect(), so the call starts from a user gesture and the voice is not blocked.
 * @attr {'disconnected' | 'connecting' | 'connected' | 'reconnecting' | 'failed'} [state=disconnected] - Read-only: the connection state, for CSS. A page's write is undone.
 * @attr {string} error-code - Read-only: present while the state is `failed`, the code of the fatal error (docs/errors.md), for CSS. A page's write is undone.
 * @slot placeholder - Shown over the face until the first motion frame is drawn (and again from each new connect until its first frame): a poster image, a spinner.
 * @slot error - Shown while the call has failed (state `failed`, a fatal error; `error-code` says which).
 * @attr {'initializing' | 'idle' | 'listening' | 'thinking' | 'speaking'} agent-state - Read-only: the agent's `lk.agent.state`; absent without an agent and after the call.
 * @attr {boolean} speaking - Read-only: present while the avatar plays a conversation (by its playback clock); gone on its end, a stall, a leave or the call's end.
 * @attr {number} [agent-timeout=20000] - No agent or avatar in the room this long (0 to 600000 ms; 0: never) after `connected` gives the non-fatal `agent-timeout` error.
 * @attr {boolean} captions - Show the built-in captions line (the agent's speech as its audio plays).
 * @slot audio-blocked - Replaces the built-in "tap to hear" button shown while audio is blocked.
 * @slot start - Replaces the built-in start button (`start-button` attribute); a click in it calls connect().
 * @csspart stage - The box the avatar is drawn in (`role="img"`, named by `label`).
 * @csspart canvas - The canvas the default face is drawn on.
 * @csspart audio - The `<audio>` element the avatar's voice plays in.
 * @csspart placeholder - The layer holding the `placeholder` slot.
 * @csspart error - The layer holding the `error` slot.
 * @csspart overlay - Both overlays over the face: the audio-blocked one and the start one.
 * @csspart audio-overlay - The layer over the face shown while audio is blocked.
 * @csspart start-overlay - The layer over the face holding the start button.
 * @csspart button - Both built-in buttons ("Tap to hear" and "Start").
 * @csspart audio-button - The built-in "tap to hear" button.
 * @csspart start-button - The built-in start button.
 * @csspart captions - The built-in captions line (with the `captions` attribute): plain text, not a live region.
 * @cssproperty [--spatius-avatar-background=#dfe9f3] - Background behind the face.
 * @cssproperty [--spatius-avatar-overlay-background=transparent] - Background of the overlays (audio-blocked, start).
 * @cssproperty [--spatius-avatar-button-background=rgba(20, 24, 36, 0.85)] - Background of the built-in buttons.
 * @cssproperty [--spatius-avatar-button-color=#fff] - Text colour of the built-in buttons.
 * @cssproperty [--spatius-avatar-focus-ring=3px solid #1a56db] - The keyboard focus ring (`outline`) of the built-in buttons.
 * @cssproperty --spatius-avatar-skin - Skin colour of the default face (default: from the look).
 * @cssproperty --spatius-avatar-hair - Hair colour (default: from the look).
 * @cssproperty --spatius-avatar-eyes - Iris colour (default: from the look).
 * @cssproperty --spatius-avatar-lips - Lip colour (default: from the look).
 * @cssproperty --spatius-avatar-shirt - Shirt colour (default: from the look).
 * @cssproperty [--spatius-avatar-captions-color=#fff] - Text colour of the built-in captions line.
 */
export class SpatiusAvatarElement extends LitElement {
  static override styles = styles;

  /** LiveKit server URL (wss://…). */
  @property() url = '';
  /** LiveKit access token for the viewer. Changing it alone keeps a live call (used at the next connect). */
  @property() token = '';
  /** LiveKit's standard token endpoint, asked at every connect and reconnect (before `token`). */
  @property({ attribute: 'token-endpoint' }) tokenEndpoint = '';
  /**
   * A livekit-client `TokenSource` (`TokenSource.endpoint()`, `.custom()`, `.literal()`…) or an async
   * function `(options) => ({ serverUrl, participantToken })`, asked at every connect and reconnect. It
   * takes precedence over `token-endpoint` and `token`. Property only.
   */
  @property({ attribute: false }) tokenSource: AvatarTokenSource | undefined = undefined;
  /** Sent to the token endpoint or source as the participant's name. */
  @property({ attribute: 'participant-name' }) participantName = '';
  /** Room name; must match the token's room when both are given. */
  @property() room = '';
  /** When set, the element does not connect by itself: call `connect()`. */
  @property({ type: Boolean, reflect: true, converter: converter(ATTRIBUTE_RULES.manual) })
  @validated('manual')
  manual = false;
  /** Play this participant as the avatar; otherwise it is discovered (the participant whose video carries motion). */
  @property({ attribute: 'avatar-identity' }) avatarIdentity: string | undefined = undefined;
  /**
   * AvatarPlayerOptions.enableJitterBuffer: smooth motion through a jitter buffer (on), or render each
   * frame on arrival (off). Attribute `jitter-buffer="on|off"`.
   */
  @property({ attribute: 'jitter-buffer', converter: converter(ATTRIBUTE_RULES['jitter-buffer']) })
  @validated('jitter-buffer')
  enableJitterBuffer: boolean = ATTRIBUTE_RULES['jitter-buffer'].fallback;
  /** AvatarPlayerOptions.maxBufferDelayMs: the longest wait for a late motion frame, 0 to 1000 ms. */
  @property({ attribute: 'max-buffer-delay', converter: converter(ATTRIBUTE_RULES['max-buffer-delay']) })
  @validated('max-buffer-delay')
  maxBufferDelayMs: number = ATTRIBUTE_RULES['max-buffer-delay'].fallback;
  /** No motion frame for this long (100 to 600000 ms) gives `stalled`. */
  @property({ attribute: 'stall-timeout', converter: converter(ATTRIBUTE_RULES['stall-timeout']) })
  @validated('stall-timeout')
  stallTimeoutMs: number = ATTRIBUTE_RULES['stall-timeout'].fallback;
  /** `default` draws the face; `none` draws nothing and fires `frame` events. */
  @property({ reflect: true, converter: converter(ATTRIBUTE_RULES.renderer) })
  @validated('renderer')
  renderer: RendererName = ATTRIBUTE_RULES.renderer.fallback;
  /** The default face's look. Colours: CSS custom properties. */
  @property({ converter: converter(ATTRIBUTE_RULES.look) })
  @validated('look')
  look: LookName = ATTRIBUTE_RULES.look.fallback;
  /**
   * What the element and livekit-client log to the console. livekit-client's level is global to the
   * library: the last element to set it wins.
   */
  @property({ attribute: 'log-level', converter: converter(ATTRIBUTE_RULES['log-level']) })
  @validated('log-level')
  logLevel: LogLevel = ATTRIBUTE_RULES['log-level'].fallback;
  /** Mute the avatar's voice. */
  @property({ type: Boolean, reflect: true, converter: converter(ATTRIBUTE_RULES.muted) })
  @validated('muted')
  muted = false;
  /** The avatar's voice volume, 0 to 1. */
  @property({ converter: converter(ATTRIBUTE_RULES.volume) })
  @validated('volume')
  volume: number = ATTRIBUTE_RULES.volume.fallback;
  /** Publish the microphone once connected (and stop it when the attribute goes). */
  @property({ type: Boolean, reflect: true, converter: converter(ATTRIBUTE_RULES.mic) })
  @validated('mic')
  mic = false;
  /**
   * A self-hosted copy of the module build's `motion.worker.js` (same origin; a TrustedScriptURL where the
   * page enforces Trusted Types), read when the face starts: the first render, or back in the page.
   */
  @property({ attribute: 'worker-url' }) workerUrl: string | TrustedScriptURLLike | undefined = undefined;
  /** The avatar's accessible name (the stage is `role="img"`); empty: "AI avatar". */
  @property() label = DEFAULT_LABEL;
  /** Show a start button while there is no call; activating it calls connect() (a user gesture, so the voice can play). */
  @property({ type: Boolean, attribute: 'start-button', converter: converter(ATTRIBUTE_RULES['start-button']) })
  @validated('start-button')
  startButton = false;
  /** No agent or avatar in the room this long (ms) after `connected` gives the non-fatal `agent-timeout` error; 0: never. */
  @property({ attribute: 'agent-timeout', converter: converter(ATTRIBUTE_RULES['agent-timeout']) })
  @validated('agent-timeout')
  agentTimeoutMs: number = ATTRIBUTE_RULES['agent-timeout'].fallback;
  /** Show the built-in captions line. */
  @property({ type: Boolean, reflect: true, converter: converter(ATTRIBUTE_RULES.captions) })
  @validated('captions')
  captions = false;

  readonly #owned = new OwnedAttributes(this, ['state', 'error-code']);
  readonly #announcer = new Announcer(this, () => this.#accessibleName);
  readonly #view = new ViewState(this);
  readonly #face = new FaceController(this);
  // TS-private, not #private: the browser tests set its playback state (test/browser/element-a11y.test.ts).
  private readonly voice: VoiceController = new VoiceController(this, () => this.#call.machine.session,
    () => this.#call.machine.wantedSession);
  readonly #captionsLine = new CaptionsController(this);
  readonly #agent = new AgentController(this, this.#face, this.#captionsLine);
  readonly #call: CallController = new CallController(this, this.#face, this.voice, (state) => this.#stateChanged(state),
    (owns) => this.#agent.roomCallbacks(owns));
  readonly #pendingReports: SpatiusAvatarError[] = [];

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'state', 'error-code', ...AgentController.READ_ONLY];
  }

  /** The connection state (as `getConnectionState()`). */
  get connectionState(): ConnectionState {
    return this.#call.machine.state;
  }

  getConnectionState(): ConnectionState {
    return this.#call.machine.state;
  }

  /**
   * Spatius AvatarPlayer's `isConnected`, under another name: `isConnected` on an element is the DOM's
   * "is in a document", which frameworks rely on and which must not be overridden (docs/decisions.md).
   */
  get isRoomConnected(): boolean {
    return this.#call.machine.state === 'connected';
  }

  /** The agent's `lk.agent.state` (as the `agent-state` attribute), or undefined. */
  get agentState(): AgentState | undefined {
    return this.#agent.state;
  }

  /** The identity of the avatar participant, once found. */
  get avatar(): string | undefined {
    return this.#call.avatar;
  }

  /** The session summary: frames rendered, lost, skipped, dropped, starved, malformed, added delay… */
  get stats(): SessionStats | undefined {
    return this.#face.stats;
  }

  /** The last second: fps, loss rate, cadence jitter, buffer depth, target delay (updated once a second). */
  get liveStats(): SecondStats | undefined {
    return this.#face.liveStats;
  }

  /** The LiveKit `Room` of the connected call, or null. */
  getNativeClient(): Room | null {
    return this.#call.machine.session?.room ?? null;
  }

  /**
   * Connects, with `config` overriding the attributes. The last request wins: a later connect() to
   * another call, disconnect() or reconnect() makes this one reject with the non-fatal `aborted`.
   * Rejects with a SpatiusAvatarError (docs/errors.md).
   */
  connect(config: Partial<ConnectConfig> = {}): Promise<void> {
    return this.#call.connect(config);
  }

  /** Leaves the call. Never rejects. */
  disconnect(): Promise<void> {
    return this.#call.disconnect();
  }

  /** Connects again with the last config (a new Room). Rejects with `no-previous-connection` before any connect(). */
  reconnect(): Promise<void> {
    return this.#call.reconnect();
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

  /**
   * Publishes the microphone, also on a new Room of the same call (`reconnect()`). Rejects with not-connected,
   * aborted (the call ended meanwhile, or `stopPublishing()` came first; the device is released), or (also as
   * an `error` event) mic-denied, mic-not-found, mic-in-use, insecure-context.
   */
  startPublishing(): Promise<void> {
    return this.voice.startPublishing();
  }

  /** Stops publishing the microphone and releases the device. Rejects (also as an `error` event) with publish-failed. */
  stopPublishing(): Promise<void> {
    return this.voice.stopPublishing();
  }

  /**
   * Publishes any live audio track (WebAudio, a file, another device), also on a new Room of the same call
   * (`reconnect()`) while it is live; the track already published is left as it is. The element never stops
   * it. Rejects with not-connected, invalid-track
   * (not a live audio track), aborted, or (also as an `error` event) publish-failed.
   */
  publishAudio(track: MediaStreamTrack): Promise<void> {
    return this.voice.publishAudio(track);
  }

  /** Unpublishes the track given to publishAudio(); the track is not stopped. Rejects (also as an `error` event) with publish-failed. */
  unpublishAudio(): Promise<void> {
    return this.voice.unpublishAudio();
  }

  /** The face as drawn now, as an image (default `image/png`); null with renderer="none". Rejects with worker-failed. */
  snapshot(type = 'image/png'): Promise<Blob | null> {
    try {
      return this.#face.snapshot(type);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Re-reads the look and the --spatius-avatar-* custom properties (call after changing them in CSS). */
  refreshTheme(): void {
    this.#face.refreshTheme();
  }

  /** @internal Fires a (non-bubbling) `error` event, and says it in the console as `log-level` allows. */
  report(error: SpatiusAvatarError): void {
    this.#view.reported(error);
    logReport(error, this.logLevel, this.token);
    emit(this, 'error', error.detail);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#owned.set('state', this.#call.machine.state);
    this.#owned.writeAll();
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (this.#owned.changed(name)) return; // read-only: a page's write is undone
    if (this.#agent.guard(name)) return; // agent-state, speaking: read-only
    super.attributeChangedCallback(name, old, value);
    const message = value === old ? undefined : invalidAttributeMessage(name, value);
    if (message) {
      this.#pendingReports.push(new SpatiusAvatarError('invalid-attribute', message, false));
      this.requestUpdate(); // reported after the update, when listeners added with the attribute exist
    }
  }

  protected override updated(): void {
    for (const error of [...this.#pendingReports.splice(0), ...takePropertyReports(this)]) this.report(error);
  }

  /** Moved into another document: the styles, as sheets of that document (src/element/document-styles.ts). */
  adoptedCallback(): void {
    if (this.shadowRoot) applyStyles(this.shadowRoot, (this.constructor as typeof SpatiusAvatarElement).elementStyles);
  }

  /** First rendered in another document than this module's: lit's sheets would be refused there. */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    if (litCanStyle(this.ownerDocument)) return super.createRenderRoot();
    const ctor = this.constructor as typeof SpatiusAvatarElement;
    const root = this.shadowRoot ?? this.attachShadow(ctor.shadowRootOptions);
    applyStyles(root, ctor.elementStyles);
    return root;
  }

  protected override render() {
    const state = this.#call.machine.state;
    const showStart = this.startButton && (state === 'disconnected' || state === 'failed');
    return html`<div part="stage" role="img" aria-label=${this.#accessibleName} tabindex="-1"></div>
      <div part="captions" aria-live="off" ?hidden=${!this.captions}></div>
      <div part="placeholder" class="layer" ?hidden=${!this.#view.beforeFirstFrame}><slot name="placeholder"></slot></div>
      <div part="error" class="layer" ?hidden=${!this.#view.errorCode}><slot name="error"></slot></div>
      <div part="overlay start-overlay" class="layer" ?hidden=${!showStart}>
        <slot name="start" @click=${this.#onStartClick}>
          <button part="button start-button" type="button" aria-label=${`Start ${this.#accessibleName}`}>Start</button>
        </slot>
      </div>
      <div part="overlay audio-overlay" class="layer" ?hidden=${!this.voice.blocked}>
        <slot name="audio-blocked" @click=${this.#onOverlayClick}>
          <button part="button audio-button" type="button">Tap to hear</button>
        </slot>
      </div>
      <div role="status" class="visually-hidden">${this.#announcer.message}</div>
      <audio part="audio" autoplay></audio>`;
  }

  get #accessibleName(): string {
    return this.label.trim() || DEFAULT_LABEL;
  }

  readonly #onOverlayClick = (): void => {
    this.startAudio().catch(() => undefined); // reported as an `audio-blocked` error
  };

  /** The start button (or the page's own in the `start` slot): connect, keeping keyboard focus in the element. */
  readonly #onStartClick = (event: Event): void => {
    const slot = event.currentTarget as HTMLSlotElement;
    const inside = (node: Element | null) => !!node && (slot.contains(node) || slot.assignedElements().some((e) => e.contains(node)));
    const hadFocus = inside((this.renderRoot as ShadowRoot).activeElement) || inside(document.activeElement);
    this.connect().catch(() => undefined); // failures are `error` events and the state `failed`
    // The overlay goes with the state `connecting`: focus moves to the avatar instead of the page's top.
    if (hadFocus) this.renderRoot.querySelector<HTMLElement>('[part=stage]')?.focus();
  };

  /** The call's state changed: the `state` and `error-code` attributes, the layers and the live region follow. */
  #stateChanged(state: ConnectionState): void {
    this.#agent.callState(state);
    this.#owned.set('state', state);
    this.#view.connectionChanged(state);
    this.#owned.set('error-code', this.#view.errorCode ?? null);
    this.#announcer.connectionChanged(state);
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
