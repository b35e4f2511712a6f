/**
 * Where the avatar's voice is playing now, as a delay: the RTP timestamp its receiver last delivered to
 * playout (RTCRtpReceiver.getSynchronizationSources(): rtpTimestamp and timestamp, the delivery time) against
 * when that packet arrived (the receive transform sees every audio frame with its RTP timestamp). Unlike the
 * NetEq statistics it needs no averaging window: each reading is the delay of the audio playing right then.
 * Pure: arrival and delivery times come in as arguments, on one clock (ms). See docs/sync.md.
 * A lip-sync candidate measured by the bench (`PlayoutSyncClock`); the element's worker does not use it.
 */
import { SyncClock } from './sync-clock.js';
import type { AudioDelay } from './audio-delay.js';

/** Arrivals kept (20 ms Opus frames: 5 s). */
const MAX_ARRIVALS = 250;
/** The delay reported: the median of the readings of the last this many ms. */
const SPAN_MS = 400;

export class PlayoutPosition {
  readonly #arrivals = new Map<number, number>();
  readonly #order: number[] = [];
  #readings: { at: number; delay: number; arrival: number }[] = [];
  #lastRtp = -1;

  /** An audio frame with this RTP timestamp arrived at `at` (the first arrival counts). */
  addArrival(rtpTimestamp: number, at: number): void {
    if (this.#arrivals.has(rtpTimestamp)) return;
    this.#arrivals.set(rtpTimestamp, at);
    this.#order.push(rtpTimestamp);
    if (this.#order.length > MAX_ARRIVALS) this.#arrivals.delete(this.#order.shift()!);
  }

  /** The receiver delivered the frame with this RTP timestamp to playout at `at`. Unknown frames are ignored. */
  addDelivery(rtpTimestamp: number, at: number): void {
    if (rtpTimestamp === this.#lastRtp) return; // the same frame again: its first delivery counts
    this.#lastRtp = rtpTimestamp;
    const arrival = this.#arrivals.get(rtpTimestamp);
    if (arrival === undefined || at < arrival) return;
    this.#readings.push({ at, delay: at - arrival, arrival });
    this.#readings = this.#readings.filter((r) => at - r.at <= SPAN_MS);
  }

  /**
   * Arrival to delivery now (ms): the median of the recent readings, or undefined when none is recent; with
   * when the packets behind it arrived (the first and last of them).
   */
  delay(now: number, maxAgeMs = 1000): { ms: number; arrivedFrom: number; arrivedTo: number } | undefined {
    const recent = this.#readings.filter((r) => now - r.at <= Math.max(maxAgeMs, SPAN_MS));
    if (!recent.length || now - recent.at(-1)!.at > maxAgeMs) return undefined;
    const sorted = recent.map((r) => r.delay).sort((a, b) => a - b);
    return { ms: sorted[Math.floor(sorted.length / 2)]!, arrivedFrom: recent[0]!.arrival, arrivedTo: recent.at(-1)!.arrival };
  }

  reset(): void {
    this.#arrivals.clear();
    this.#order.length = 0;
    this.#readings = [];
    this.#lastRtp = -1;
  }
}

/**
 * The sync clock with NetEq's part of the voice's delay from the playout position (getSynchronizationSources
 * against the audio frames' arrivals); the stats still give the playout delay after NetEq, and stand in while
 * there are no playout readings.
 */
export class PlayoutSyncClock extends SyncClock {
  readonly #position = new PlayoutPosition();

  /** An audio frame of the voice arrived (its RTP timestamp). */
  addAudioArrival(rtpTimestamp: number, at: number): void {
    this.#position.addArrival(rtpTimestamp, at);
  }

  /** The voice's receiver delivered this RTP timestamp to playout at `at`. */
  addAudioDelivery(rtpTimestamp: number, at: number): void {
    this.#position.addDelivery(rtpTimestamp, at);
  }

  override audioDelay(now: number): AudioDelay | undefined {
    const stats = super.audioDelay(now);
    const position = this.#position.delay(now);
    if (position === undefined) return stats;
    const neteq = position.ms;
    const after = stats ? stats.playoutMs + stats.outputMs : 0;
    return {
      totalMs: neteq + after, jitterBufferMs: neteq, playoutMs: stats?.playoutMs ?? 0, outputMs: stats?.outputMs ?? 0, at: now,
      arrivedFrom: position.arrivedFrom, arrivedTo: position.arrivedTo,
    };
  }

  override reset(): void {
    super.reset();
    this.#position.reset();
  }
}
