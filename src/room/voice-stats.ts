/**
 * Lip sync, main-thread side: reads the avatar voice receiver's WebRTC statistics four times a second and hands
 * the counters the worker's sync clock needs (src/playback/sync-clock.ts) to `onSample`. The worker stamps
 * each reading with its own clock on arrival. See docs/sync.md.
 */
import type { AudioStatsSample } from '../playback/audio-delay.js';

/**
 * What goes to the worker: the counters of an AudioStatsSample (without the time), the voice's track id,
 * and the playout positions read since the last message (getSynchronizationSources: the RTP timestamp last
 * delivered to playout, and when, in ms since the Unix epoch).
 */
export type VoiceStats = Omit<AudioStatsSample, 'at'> & {
  trackId?: string;
  deliveries?: { rtpTimestamp: number; timestamp: number }[];
};

/** The counters from one getStats() report of an audio receiver, or undefined when it has no inbound-rtp yet. */
export function readVoiceStats(report: RTCStatsReport): VoiceStats | undefined {
  let inbound: Record<string, unknown> | undefined;
  let playout: Record<string, unknown> | undefined;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound = s;
    else if (s.type === 'media-playout') playout = s;
  });
  if (!inbound || typeof inbound.jitterBufferDelay !== 'number' || typeof inbound.jitterBufferEmittedCount !== 'number') return undefined;
  const stats: VoiceStats = { jitterBufferDelay: inbound.jitterBufferDelay, jitterBufferEmittedCount: inbound.jitterBufferEmittedCount };
  if (typeof playout?.totalPlayoutDelay === 'number' && typeof playout.totalSamplesCount === 'number') {
    stats.totalPlayoutDelay = playout.totalPlayoutDelay;
    stats.totalSamplesCount = playout.totalSamplesCount;
  }
  return stats;
}

/** The playout position is read this often (ms); getSynchronizationSources() is synchronous and cheap. */
const POSITION_MS = 50;

export class VoiceStatsMonitor {
  private receiver: RTCRtpReceiver | undefined;
  private trackId: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private positionTimer: ReturnType<typeof setInterval> | undefined;
  private deliveries: { rtpTimestamp: number; timestamp: number }[] = [];

  constructor(private readonly onSample: (stats: VoiceStats) => void, private readonly intervalMs = 250) {}

  /** Reads this receiver (the avatar's current voice, its track's id) from now on, or none. */
  follow(receiver: RTCRtpReceiver | undefined, trackId?: string): void {
    this.receiver = receiver;
    this.trackId = trackId;
    this.deliveries = [];
    if (!receiver) return this.stop();
    this.timer ??= setInterval(() => void this.read(), this.intervalMs);
    this.positionTimer ??= setInterval(() => this.readPosition(), POSITION_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    clearInterval(this.positionTimer);
    this.timer = this.positionTimer = undefined;
    this.receiver = undefined;
  }

  private readPosition(): void {
    const source = this.receiver?.getSynchronizationSources?.()[0];
    if (source && source.rtpTimestamp !== this.deliveries.at(-1)?.rtpTimestamp) {
      this.deliveries.push({ rtpTimestamp: source.rtpTimestamp, timestamp: source.timestamp });
    }
  }

  private async read(): Promise<void> {
    const receiver = this.receiver;
    if (!receiver) return;
    try {
      const stats = readVoiceStats(await receiver.getStats());
      if (!stats || receiver !== this.receiver) return;
      this.onSample({ ...stats, trackId: this.trackId, deliveries: this.deliveries });
      this.deliveries = [];
    } catch {
      /* a closed connection: the next voice track brings a new receiver */
    }
  }
}
