import { transformEncodedFrames } from './encoded-frames.js';
import type { EncodedFrame, EncodedStreams } from './encoded-frames.js';

/**
 * The encoded-frame pipes a worker runs, by the id the main thread gave their receiver or sender (unique
 * across calls: src/room/receive-transform.ts). Chromium never ends a closed call's encoded streams, so a
 * pipe would stay pending for the worker's life with its transform and motion extractor (docs/reliability.md,
 * "Long runs and leaks"): when the call closes, `release` cancels its readables and aborts its writables.
 */
export class StreamPipes {
  readonly #pipes = new Map<number, Set<AbortController>>();

  /** Pipes `streams` through `handle` (see transformEncodedFrames) until they end or `id` is released. */
  run(id: number, streams: EncodedStreams, handle: (frame: EncodedFrame) => boolean): Promise<void> {
    const controller = new AbortController();
    let set = this.#pipes.get(id);
    if (!set) this.#pipes.set(id, (set = new Set()));
    set.add(controller);
    const own = set;
    return transformEncodedFrames(streams, handle, controller.signal).then(() => {
      own.delete(controller);
      if (own.size === 0 && this.#pipes.get(id) === own) this.#pipes.delete(id);
    });
  }

  /** Ends the pipes of these ids now (their call closed) and forgets them. */
  release(ids: Iterable<number>): void {
    for (const id of ids) {
      const set = this.#pipes.get(id);
      this.#pipes.delete(id);
      for (const controller of set ?? []) controller.abort();
    }
  }

  /** How many ids have a pipe running (tests). */
  get size(): number {
    return this.#pipes.size;
  }
}
