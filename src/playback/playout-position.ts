/**
 * Where the avatar's voice is playing now, as a delay: the RTP timestamp its receiver last delivered to
 * playout (RTCRtpReceiver.getSynchronizationSources(): rtpTimestamp and timestamp, the delivery time) against
 * when that packet arrived (the receive transform sees every audio frame with its RTP timestamp). Unlike the
 * NetEq statistics it needs no averaging window: each reading is the delay of the audio playing right then.
 * Pure: arrival and delivery times come in as arguments, on one clock (ms). See docs/sync.md.
 */

/** Arrivals kept (20 ms Opus frames: 5 s). */
const MAX_ARRIVALS = 250;
/** The delay reported: the median of the readings of the last this many ms. */
const SPAN_MS = 400;

export class PlayoutPosition {
  private readonly arrivals = new Map<number, number>();
  private readonly order: number[] = [];
  private readings: { at: number; delay: number }[] = [];
  private lastRtp = -1;

  /** An audio frame with this RTP timestamp arrived at `at` (the first arrival counts). */
  addArrival(rtpTimestamp: number, at: number): void {
    if (this.arrivals.has(rtpTimestamp)) return;
    this.arrivals.set(rtpTimestamp, at);
    this.order.push(rtpTimestamp);
    if (this.order.length > MAX_ARRIVALS) this.arrivals.delete(this.order.shift()!);
  }

  /** The receiver delivered the frame with this RTP timestamp to playout at `at`. Unknown frames are ignored. */
  addDelivery(rtpTimestamp: number, at: number): void {
    if (rtpTimestamp === this.lastRtp) return; // the same frame again: its first delivery counts
    this.lastRtp = rtpTimestamp;
    const arrival = this.arrivals.get(rtpTimestamp);
    if (arrival === undefined || at < arrival) return;
    this.readings.push({ at, delay: at - arrival });
    this.readings = this.readings.filter((r) => at - r.at <= SPAN_MS);
  }

  /** Arrival to delivery now (ms): the median of the recent readings, or undefined when none is recent. */
  delayMs(now: number, maxAgeMs = 1000): number | undefined {
    const recent = this.readings.filter((r) => now - r.at <= Math.max(maxAgeMs, SPAN_MS));
    if (!recent.length || now - recent.at(-1)!.at > maxAgeMs) return undefined;
    const sorted = recent.map((r) => r.delay).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  }

  reset(): void {
    this.arrivals.clear();
    this.order.length = 0;
    this.readings = [];
    this.lastRtp = -1;
  }
}
