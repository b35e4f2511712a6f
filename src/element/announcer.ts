import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionState } from '../core/connection-state.js';

/** What the live region says for each connection change (the initial `disconnected` is not a change). */
export const CONNECTION_ANNOUNCEMENTS: Partial<Record<ConnectionState, string>> = {
  connected: 'connected',
  reconnecting: 'connection lost, reconnecting',
  disconnected: 'disconnected',
  failed: 'connection failed',
};

/** What it says for the agent's state (`lk.agent.state`); other values are not announced. */
export const AGENT_ANNOUNCEMENTS: Record<string, string> = {
  initializing: 'starting',
  listening: 'listening',
  thinking: 'thinking',
  speaking: 'speaking',
};

/**
 * The text of the element's polite live region (`role="status"`): connection changes and the agent's
 * state, each prefixed with the element's accessible name ("AI avatar: connected"), so that a page with
 * two avatars tells them apart. The agent's state comes from the `agent-state-changed` event on the
 * element (`detail.state`), heard by name.
 */
export class Announcer implements ReactiveController {
  /** The current announcement (empty until the first change). */
  message = '';
  #lastAgentState: string | undefined;

  readonly #host: ReactiveControllerHost & HTMLElement;
  readonly #name: () => string;

  constructor(host: ReactiveControllerHost & HTMLElement, name: () => string) {
    this.#host = host;
    this.#name = name;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('agent-state-changed', this.#onAgentState);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('agent-state-changed', this.#onAgentState);
  }

  /** The call's state changed. */
  connectionChanged(state: ConnectionState): void {
    if (state === 'connecting' || state === 'disconnected' || state === 'failed') this.#lastAgentState = undefined; // a new call's agent starts afresh
    const text = CONNECTION_ANNOUNCEMENTS[state];
    if (text) this.#say(text);
  }

  readonly #onAgentState = (event: Event): void => {
    const state = (event as CustomEvent<{ state?: unknown } | null>).detail?.state;
    if (typeof state !== 'string' || state === this.#lastAgentState) return;
    this.#lastAgentState = state;
    const text = AGENT_ANNOUNCEMENTS[state];
    if (text) this.#say(text);
  };

  #say(text: string): void {
    this.message = `${this.#name()}: ${text}`;
    this.#host.requestUpdate();
  }
}
