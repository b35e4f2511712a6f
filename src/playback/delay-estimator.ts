import { FRAMES_PER_SECOND, SLOT_MS } from '../codec/constants.js';

/**
 * Estimates how much delay the network needs (the adaptive policy of the playback engine).
 *
 * Frame `seq` of a conversation should arrive at `line + seq * interval`; the line is the earliest any
 * frame has come (the running minimum of `arrival - seq * interval`). A frame's lateness is how far
 * behind the line it came. The target delay is a high percentile of recent lateness, plus a spike memory
 * that jumps to a large lateness at once and decays slowly (half-life 20 s), so a network that stalls now
 * and then (Wi-Fi) keeps its margin between stalls, and a single stall is forgotten within about a minute.
 */
export class DelayEstimator {
  readonly #samples: Float64Array;
  #count = 0;
  #next = 0;
  #line = Infinity;
  #base = 0;
  #spike = 0;
  #reorder = 0;
  #highestSeq = -1;
  #highestArrival = 0;
  #lastArrival = 0;
  readonly #sorted: Float64Array;

  readonly #intervalMs: number;
  readonly #percentile: number;
  readonly #spikeHalfLifeMs: number;

  constructor(
    intervalMs = SLOT_MS,
    window = 5 * FRAMES_PER_SECOND, // 5 s of frames
    percentile = 0.95,
    spikeHalfLifeMs = 20000,
  ) {
    this.#intervalMs = intervalMs;
    this.#percentile = percentile;
    this.#spikeHalfLifeMs = spikeHalfLifeMs;
    this.#samples = new Float64Array(window);
    this.#sorted = new Float64Array(window);
  }

  /** A new conversation: seq numbering restarts, so the line does too (the lateness history is kept). */
  restart(firstSeq: number): void {
    this.#line = Infinity;
    this.#base = firstSeq;
    this.#highestSeq = -1;
  }

  /** Records a frame's arrival. */
  add(seq: number, arrival: number): void {
    const offset = arrival - (seq - this.#base) * this.#intervalMs;
    if (offset < this.#line) this.#line = offset;
    const lateness = offset - this.#line;
    this.#samples[this.#next] = lateness;
    this.#next = (this.#next + 1) % this.#samples.length;
    if (this.#count < this.#samples.length) this.#count++;
    const decay = Math.pow(0.5, Math.max(0, arrival - this.#lastArrival) / this.#spikeHalfLifeMs);
    this.#spike *= decay;
    this.#reorder *= decay;
    if (lateness > this.#spike) this.#spike = lateness;
    if (seq < this.#highestSeq) {
      // Overtaken: it came this long after a later frame. A gap may be worth waiting that long for.
      this.#reorder = Math.max(this.#reorder, arrival - this.#highestArrival);
    } else {
      this.#highestSeq = seq;
      this.#highestArrival = arrival;
    }
    this.#lastArrival = arrival;
  }

  /** Arrivals recorded (up to the window size). */
  get samplesSeen(): number {
    return this.#count;
  }

  /** How long after a later frame an overtaken frame has recently come (ms, decaying). */
  get reorderMs(): number {
    return this.#reorder;
  }

  /** The delay to hold (ms), between `floor` and `max`. */
  target(max: number, floor = 0): number {
    if (this.#count === 0) return Math.min(max, Math.max(floor, this.#intervalMs));
    this.#sorted.set(this.#samples.subarray(0, this.#count));
    const view = this.#sorted.subarray(0, this.#count).sort();
    const p = view[Math.min(this.#count - 1, Math.floor(this.#percentile * this.#count))]!;
    const want = Math.max(p, this.#spike * 0.75) + 5;
    return Math.min(max, Math.max(floor, want));
  }
}
