import type { TranscriptionInput } from '../room/transcriptions.js';
import { CaptionScheduler } from './caption-release.js';
import { emit } from './events.js';
import type { AvatarHost } from './host.js';

/** How long the built-in captions line keeps a finished segment's text. */
const LINGER_MS = 4000;

/**
 * Captions: the transcriptions of the call, released to `transcription` events when their audio plays
 * (src/element/caption-release.ts, docs/sync.md), and the optional built-in captions line (`captions`
 * attribute, part `captions`: the agent's current segment, as text only).
 */
export class CaptionsController {
  readonly #scheduler = new CaptionScheduler();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lingerTimer: ReturnType<typeof setTimeout> | undefined;
  #lineSegment: string | undefined;

  readonly #host: AvatarHost;

  /** Lives with the call: cleared by the agent controller when the call ends. */
  constructor(host: AvatarHost) {
    this.#host = host;
  }

  input(input: TranscriptionInput): void {
    const now = performance.now();
    if (input.kind === 'chunk') this.#scheduler.push(input.chunk, now);
    else this.#scheduler.end(input.segmentId, input.final, now);
    this.#run();
  }

  /** The avatar's playback clock: a conversation plays or not. */
  setSpeaking(speaking: boolean): void {
    this.#scheduler.setSpeaking(speaking, performance.now());
    queueMicrotask(() => this.#run()); // after the playback event being fired (conversation-start, then the words)
  }

  /** Whether the call has an avatar to wait for. */
  setAvatar(present: boolean): void {
    this.#scheduler.setAvatar(present, performance.now());
    this.#run();
  }

  /** The call ended: nothing more is released; the line empties. */
  clear(): void {
    this.#scheduler.clear();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#showLine(undefined, '');
  }

  #run(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const now = performance.now();
    for (const release of this.#scheduler.take(now)) {
      const { segmentId, text, delta, final, participantIdentity, trackId, agent } = release;
      emit(this.#host, 'transcription', trackId === undefined
        ? { segmentId, text, delta, final, participantIdentity, agent }
        : { segmentId, text, delta, final, participantIdentity, trackId, agent });
      if (agent) this.#showLine(segmentId, text, final);
    }
    const next = this.#scheduler.nextAt();
    if (next !== undefined) this.#timer = setTimeout(() => this.#run(), Math.max(0, next - now));
  }

  /** The captions line: the agent's latest segment, set as text (never markup); emptied a while after it ends. */
  #showLine(segmentId: string | undefined, text: string, final = false): void {
    clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
    this.#lineSegment = segmentId;
    const root = this.#host.renderRoot as AvatarHost['renderRoot'] | undefined; // none before the first connect
    const line = root?.querySelector<HTMLElement>('[part=captions]');
    if (line && line.textContent !== text) line.textContent = text;
    if (final) {
      this.#lingerTimer = setTimeout(() => {
        if (this.#lineSegment === segmentId) this.#showLine(undefined, '');
      }, LINGER_MS);
    }
  }
}
