// What the viewer's receivers say about the network (RTCRtpReceiver.getStats of the avatar's subscribed
// tracks): the inbound-rtp counters per kind, and the remote port of the candidate pair in use.
import type { Room } from 'livekit-client';

export interface InboundFigures {
  packetsReceived: number;
  packetsLost: number;
  /** RTCP interarrival jitter (s). */
  jitter: number;
  jitterBufferDelay: number;
  jitterBufferEmittedCount: number;
  /** Audio only (0 for video). */
  concealedSamples: number;
  totalSamplesReceived: number;
  /** Video only (0 for audio). */
  framesReceived: number;
  framesDropped: number;
  nackCount: number;
}

export interface NetworkFigures {
  audio?: InboundFigures;
  video?: InboundFigures;
  /** The remote port of the selected candidate pair of each receiver's transport (or of each selected pair). */
  remotePorts: number[];
}

export async function receiverFigures(room: Room | null, identity: string): Promise<NetworkFigures> {
  const out: NetworkFigures = { remotePorts: [] };
  const participant = room?.remoteParticipants.get(identity);
  for (const pub of participant?.trackPublications.values() ?? []) {
    const receiver = pub.track?.receiver;
    if (!receiver) continue;
    const report = await receiver.getStats();
    const byId = new Map<string, Record<string, unknown>>();
    report.forEach((s: Record<string, unknown>) => byId.set(s.id as string, s));
    for (const s of byId.values()) {
      if (s.type === 'inbound-rtp' && (s.kind === 'audio' || s.kind === 'video')) {
        const n = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : 0);
        out[s.kind] = {
          packetsReceived: n('packetsReceived'), packetsLost: n('packetsLost'), jitter: n('jitter'),
          jitterBufferDelay: n('jitterBufferDelay'), jitterBufferEmittedCount: n('jitterBufferEmittedCount'),
          concealedSamples: n('concealedSamples'), totalSamplesReceived: n('totalSamplesReceived'),
          framesReceived: n('framesReceived'), framesDropped: n('framesDropped'), nackCount: n('nackCount'),
        };
      }
      // The pair in use: named by the transport (Chromium), or marked `selected` (Firefox: no transport stats)
      const pair = s.type === 'transport' && s.selectedCandidatePairId ? byId.get(s.selectedCandidatePairId as string)
        : s.type === 'candidate-pair' && s.selected === true ? s : undefined;
      const remote = pair && byId.get(pair.remoteCandidateId as string);
      if (remote && typeof remote.port === 'number') out.remotePorts.push(remote.port);
    }
  }
  return out;
}

/** Loss as a share of the packets expected. */
export const lossShare = (f: InboundFigures): number => (f.packetsLost / Math.max(1, f.packetsReceived + f.packetsLost));
/** Mean jitter-buffer delay (ms). */
export const jitterBufferMs = (f: InboundFigures): number => (1000 * f.jitterBufferDelay) / Math.max(1, f.jitterBufferEmittedCount);
