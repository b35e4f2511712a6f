import type { PlaybackEvent } from './playback-engine.js';

/**
 * When a conversation starts to play: its first frame rendered on the playback clock (after the jitter
 * buffer and the lip-sync delay, so when its voice is heard), as opposed to `conversation-start`, which the
 * engine reports on its first packet's arrival. Fed the engine's events and renders; calls `onPlaying` once
 * per conversation. Drives the element's `speaking` attribute and the captions.
 */
export class ConversationPlayout {
  #awaiting = false;

  readonly #onPlaying: () => void;

  constructor(onPlaying: () => void) {
    this.#onPlaying = onPlaying;
  }

  event(event: PlaybackEvent): void {
    if (event.type === 'conversation-start') this.#awaiting = true;
    else if (event.type === 'conversation-end') this.#awaiting = false;
  }

  /** A render of the engine; `fresh`: it shows a conversation frame not shown before. */
  render(fresh: boolean): void {
    if (!fresh || !this.#awaiting) return;
    this.#awaiting = false;
    this.#onPlaying();
  }
}
