/**
 * Lip sync, main-thread side: reads the avatar voice receiver's WebRTC statistics twice a second and hands
 * the counters the worker's sync clock needs (src/playback/sync-clock.ts) to `onSample`. The worker stamps
 * each reading with its own clock on arrival. See docs/sync.md.
 */
import { NO_PLAYOUT_STATS_ALLOWANCE_MS } from '../playback/audio-delay.js';
import type { VoiceStats } from '../playback/audio-delay.js';

export type { VoiceStats };

type Stat = Record<string, unknown>;

/**
 * Where a receiver's counters are in its reports: the stats ids of its audio inbound-rtp and media-playout,
 * which stay the same for the receiver's life. Read by id, a report converts only those two entries to
 * JavaScript, not all ten or so (measured on Chromium: 0.18 ms a report to scan, 0.01 by id).
 */
export interface VoiceStatsIds {
  inbound: string;
  playout: string;
}

/**
 * The counters from one getStats() report of an audio receiver, or undefined when it has no inbound-rtp yet.
 * With `ids`, both entries are looked up by id; if either is missing the report is scanned, and `found` gets
 * the ids the scan found (when it found both). A report with no media-playout entry at all (Firefox) carries
 * `outputLatencyMs: NO_PLAYOUT_STATS_ALLOWANCE_MS`: the part of the voice's delay after NetEq that no stat gives
 * there (docs/sync.md, "Firefox"); Chromium reports media-playout from its first report, and gets none.
 */
export function readVoiceStats(report: RTCStatsReport, ids?: VoiceStatsIds, found?: (ids: VoiceStatsIds) => void): VoiceStats | undefined {
  let inbound = ids && (report.get(ids.inbound) as Stat | undefined);
  let playout = ids && (report.get(ids.playout) as Stat | undefined);
  if (!inbound || !playout) {
    const scan: { inbound?: Stat; playout?: Stat } = {};
    report.forEach((s: Stat) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') scan.inbound = s;
      else if (s.type === 'media-playout') scan.playout = s;
    });
    ({ inbound, playout } = scan);
    if (inbound && playout) found?.({ inbound: String(inbound.id), playout: String(playout.id) });
  }
  if (!inbound || typeof inbound.jitterBufferDelay !== 'number' || typeof inbound.jitterBufferEmittedCount !== 'number') return undefined;
  const stats: VoiceStats = { jitterBufferDelay: inbound.jitterBufferDelay, jitterBufferEmittedCount: inbound.jitterBufferEmittedCount };
  if (typeof playout?.totalPlayoutDelay === 'number' && typeof playout.totalSamplesCount === 'number') {
    stats.totalPlayoutDelay = playout.totalPlayoutDelay;
    stats.totalSamplesCount = playout.totalSamplesCount;
  } else if (!playout) stats.outputLatencyMs = NO_PLAYOUT_STATS_ALLOWANCE_MS;
  return stats;
}

/** A number per voice followed, page-wide (so the next call's voices never reuse one): VoiceStats.source. */
let nextSource = 1;

export class VoiceStatsMonitor {
  private receiver: RTCRtpReceiver | undefined;
  private source = 0;
  /** The current receiver's stats ids, once a scan found them (readVoiceStats). */
  #ids: VoiceStatsIds | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  readonly #onSample: (stats: VoiceStats) => void;
  readonly #intervalMs: number;

  constructor(onSample: (stats: VoiceStats) => void, intervalMs = 500) {
    this.#onSample = onSample;
    this.#intervalMs = intervalMs;
  }

  /**
   * Reads this receiver (the avatar's current voice) from now on, or none. Another receiver is another
   * voice (a new avatar, a reconnect): its readings carry a new `source`, so the worker's sync clock drops
   * the old voice's delay with the first of them, read at once.
   */
  follow(receiver: RTCRtpReceiver | undefined): void {
    if (receiver === this.receiver) return;
    this.receiver = receiver;
    if (!receiver) return this.stop();
    this.source = nextSource++;
    this.#ids = undefined;
    this.#timer ??= setInterval(() => void this.#read(), this.#intervalMs);
    void this.#read();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.receiver = undefined;
  }

  async #read(): Promise<void> {
    const { receiver, source } = this;
    if (!receiver) return;
    try {
      const stats = readVoiceStats(await receiver.getStats(), this.#ids, (ids) => { if (receiver === this.receiver) this.#ids = ids; });
      if (stats && receiver === this.receiver && source === this.source) this.#onSample({ ...stats, source });
    } catch {
      /* a closed connection: the next voice track brings a new receiver */
    }
  }
}
