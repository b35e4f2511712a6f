import type { MotionFrame } from '../codec/types.js';

export interface BufferedFrame {
  seq: number;
  frame: MotionFrame;
  /** Arrival time (ms, the engine's clock). */
  arrival: number;
  end: boolean;
  /** When it was sent (ms, the sender's clock), if known. */
  sent?: number | undefined;
}

/** Frames of one conversation held by `seq`, lowest first. Small (a few dozen at most): a sorted array. */
export class FrameBuffer {
  readonly #items: BufferedFrame[] = [];

  get size(): number {
    return this.#items.length;
  }

  get first(): BufferedFrame | undefined {
    return this.#items[0];
  }

  has(seq: number): boolean {
    return this.#indexOf(seq) >= 0;
  }

  /** Inserts in seq order; returns false (and keeps the first copy) when that seq is already held. */
  insert(item: BufferedFrame): boolean {
    let lo = 0, hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#items[mid]!.seq < item.seq) lo = mid + 1;
      else hi = mid;
    }
    if (this.#items[lo]?.seq === item.seq) return false;
    this.#items.splice(lo, 0, item);
    return true;
  }

  shift(): BufferedFrame | undefined {
    return this.#items.shift();
  }

  clear(): number {
    const n = this.#items.length;
    this.#items.length = 0;
    return n;
  }

  #indexOf(seq: number): number {
    for (let i = 0; i < this.#items.length; i++) if (this.#items[i]!.seq === seq) return i;
    return -1;
  }
}
