/**
 * Lip sync under network jitter (docs/sync.md): the motion frames' arrivals without the network's jitter.
 *
 * The voice's delay the sync clock follows is a mean over a window of its samples: NetEq's time from each
 * packet's arrival to playout, averaged. Holding each motion frame that long after its *own* arrival puts the
 * path jitter of every frame back on the face (a frame that came 80 ms late is shown 80 ms late, while the voice
 * it belongs to plays smoothly). Voice and motion share the route, so the mean of the motion's (arrival − sender
 * time) over the frames that arrived in the same window as those voice samples carries the same network delay the
 * voice's mean took out: a frame's sender time plus that mean is its arrival as the voice's mean sees it, and that
 * plus the voice's delay is when its voice is heard. Pure: arrivals and sender times come in as arguments.
 */

/** Frames older than this (ms before the newest arrival) are forgotten. */
const KEEP_MS = 4000;
/** A frame whose (arrival − sender time) moved this much (ms) from the last one's: the sender's clock jumped. */
const JUMP_MS = 2000;

export class SenderTimeline {
  /** Arrival (ms, the engine's clock) and arrival − sender time (ms) of the recent frames, oldest first. */
  readonly #arrivals: number[] = [];
  readonly #offsets: number[] = [];
  /** A frame whose offset jumped, held until the next one confirms the new clock. */
  #pending: { arrival: number; offset: number } | undefined;

  /** A frame that arrived at `arrival` (ms) and was sent at `senderMs` (the sender's clock, ms). */
  add(arrival: number, senderMs: number): void {
    const offset = arrival - senderMs;
    const last = this.#offsets.at(-1);
    if (last !== undefined && Math.abs(offset - last) > JUMP_MS) {
      // A new clock (the SFU re-based the timestamps), or one frame that came seconds late after a freeze: the
      // history goes only when the next frame agrees with this one.
      const pending = this.#pending;
      if (!pending || Math.abs(offset - pending.offset) > JUMP_MS) {
        this.#pending = { arrival, offset };
        return;
      }
      this.reset();
      this.#arrivals.push(pending.arrival);
      this.#offsets.push(pending.offset);
    }
    this.#pending = undefined;
    this.#arrivals.push(arrival);
    this.#offsets.push(offset);
    let drop = 0;
    while (drop < this.#arrivals.length - 1 && arrival - this.#arrivals[drop]! > KEEP_MS) drop++;
    if (drop) {
      this.#arrivals.splice(0, drop);
      this.#offsets.splice(0, drop);
    }
  }

  /** Another track, or a sender clock that jumped: the history goes. */
  reset(): void {
    this.#arrivals.length = 0;
    this.#offsets.length = 0;
    this.#pending = undefined;
  }

  /**
   * The arrival of a frame sent at `senderMs` without the network's jitter: `senderMs` plus the mean
   * (arrival − sender time) of the frames that arrived in [from, to]; when none did, of the frames of the last
   * second; undefined with no frame at all.
   */
  arrival(senderMs: number, from: number, to: number): number | undefined {
    const n = this.#arrivals.length;
    if (!n) return undefined;
    let sum = 0, count = 0;
    for (let i = 0; i < n; i++) {
      const a = this.#arrivals[i]!;
      if (a >= from && a <= to) { sum += this.#offsets[i]!; count++; }
    }
    if (!count) {
      const last = this.#arrivals[n - 1]!;
      for (let i = n - 1; i >= 0 && last - this.#arrivals[i]! <= 1000; i--) { sum += this.#offsets[i]!; count++; }
    }
    return senderMs + sum / count;
  }
}
