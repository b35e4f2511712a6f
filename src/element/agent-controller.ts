import type { ReactiveController } from 'lit';
import type { ConnectionState } from '../core/connection-state.js';
import type { AgentState } from '../core/event-details.js';
import { SpatiusAvatarError } from '../core/errors.js';
import type { PlaybackEvent } from '../playback/playback-engine.js';
import type { AvatarRoomCallbacks } from '../room/avatar-room.js';
import type { CaptionsController } from './captions-controller.js';
import type { FaceController } from './face-controller.js';
import { emit } from './events.js';
import type { AvatarHost } from './host.js';


/**
 * The agent and the conversation: the agent's `lk.agent.state` as the read-only `agent-state` attribute and
 * `agent-state-changed` events, `agent-timeout` (an `error` when no agent or avatar joins in time), and the
 * read-only `speaking` attribute, present while the avatar plays a conversation by its playback clock.
 * Feeds the captions (when the voice plays, whether there is an avatar) and clears everything with the call.
 */
export class AgentController implements ReactiveController {
  /** Read-only host attributes: a page's write is undone. */
  static readonly READ_ONLY = ['agent-state', 'speaking'];
  state: AgentState | undefined;
  identity: string | undefined;
  #speaking = false;
  #inConversation = false;
  /** The conversation's first frame has played (the playback clock), not only arrived. */
  #playing = false;
  #stalled = false;
  #present = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerUsed = false;
  #writing = false;

  readonly #host: AvatarHost;
  readonly #captions: CaptionsController;

  constructor(host: AvatarHost, face: FaceController, captions: CaptionsController) {
    this.#host = host;
    this.#captions = captions;
    host.addController(this);
    face.onPlayback = (type) => this.#playback(type);
  }

  hostConnected(): void {
    this.#reflect();
  }

  /** The room's reports for one session; `owns`: the session is still the call's. */
  roomCallbacks(owns: () => boolean): Pick<AvatarRoomCallbacks, 'onAgent' | 'onTranscription'> {
    return {
      onAgent: (agent, present, avatar) => {
        if (!owns()) return;
        this.#present = present || avatar !== undefined;
        if (this.#present) this.#stopTimer();
        this.identity = agent?.identity;
        this.#setState(agent?.state);
        this.#captions.setAvatar(avatar !== undefined);
        if (avatar === undefined) this.#setConversation(false, false, false);
      },
      onTranscription: (input) => {
        if (owns()) this.#captions.input(input);
      },
    };
  }

  /**
   * A playback event of the face. `conversation-start` comes with the turn's first packet; `speaking` waits
   * for `conversation-playing`, its first frame rendered by the playback clock (when its voice is heard).
   */
  #playback(type: PlaybackEvent['type'] | 'conversation-playing'): void {
    if (type === 'conversation-start') this.#setConversation(true, false, false);
    else if (type === 'conversation-playing') this.#setConversation(this.#inConversation, true, this.#stalled);
    else if (type === 'conversation-end') this.#setConversation(false, false, this.#stalled);
    else if (type === 'stalled') this.#setConversation(this.#inConversation, this.#playing, true);
    else if (type === 'resumed') this.#setConversation(this.#inConversation, this.#playing, false);
  }

  /** The connection state: the timeout starts at the call's first `connected`; the end clears all. */
  callState(state: ConnectionState): void {
    if (state === 'connected' && !this.#timerUsed) {
      this.#timerUsed = true;
      const ms = this.#host.agentTimeoutMs;
      if (!this.#present && ms > 0) {
        this.#timer = setTimeout(() => {
          this.#timer = undefined;
          this.#host.report(new SpatiusAvatarError('agent-timeout', `no agent or avatar joined the room within ${ms} ms`, false));
        }, ms);
      }
    } else if (state === 'disconnected' || state === 'failed' || state === 'connecting') {
      this.#stopTimer();
      this.#timerUsed = false;
      this.#present = false;
      this.identity = undefined;
      this.#setConversation(false, false, false);
      this.#setState(undefined);
      this.#captions.clear();
    }
  }

  /** For attributeChangedCallback: true when `name` is one of these read-only attributes (write undone). */
  guard(name: string): boolean {
    if (!AgentController.READ_ONLY.includes(name)) return false;
    if (!this.#writing) this.#reflect();
    return true;
  }

  #stopTimer(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #setState(state: AgentState | undefined): void {
    if (state === this.state) return;
    this.state = state;
    this.#reflect();
    if (state) emit(this.#host, 'agent-state-changed', { state });
  }

  #setConversation(inConversation: boolean, playing: boolean, stalled: boolean): void {
    this.#inConversation = inConversation;
    this.#playing = playing;
    this.#stalled = stalled;
    const speaking = inConversation && playing && !stalled;
    if (speaking === this.#speaking) return;
    this.#speaking = speaking;
    this.#reflect();
    this.#captions.setSpeaking(speaking);
  }

  #reflect(): void {
    const host = this.#host;
    if (!host.isConnected) return;
    this.#writing = true;
    if (this.state === undefined) host.removeAttribute('agent-state');
    else if (host.getAttribute('agent-state') !== this.state) host.setAttribute('agent-state', this.state);
    host.toggleAttribute('speaking', this.#speaking);
    this.#writing = false;
  }
}
