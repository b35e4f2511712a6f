// One Room's inbound-rtp counters, summed over its subscribed tracks (receiver.getStats()): what the viewer
// and the voice-only pages report per avatar or per call. Types only from livekit-client: the viewer page's
// bundle must not carry a second copy of it (the element's is in the standalone file).
import type { Room } from 'livekit-client';

export interface RtpSums { at: number; videoBytes: number; videoHeaderBytes: number; videoPackets: number; videoFrames: number; audioBytes: number; audioHeaderBytes: number }

export async function rtpSums(room: Room | null | undefined): Promise<RtpSums> {
  const sums: RtpSums = { at: performance.now(), videoBytes: 0, videoHeaderBytes: 0, videoPackets: 0, videoFrames: 0, audioBytes: 0, audioHeaderBytes: 0 };
  for (const p of room?.remoteParticipants.values() ?? []) {
    for (const pub of p.trackPublications.values()) {
      const receiver = pub.track?.receiver;
      if (!receiver) continue;
      for (const s of (await receiver.getStats()).values()) {
        if (s.type !== 'inbound-rtp') continue;
        if (s.kind === 'video') {
          sums.videoBytes += s.bytesReceived ?? 0;
          sums.videoHeaderBytes += s.headerBytesReceived ?? 0;
          sums.videoPackets += s.packetsReceived ?? 0;
          sums.videoFrames += s.framesReceived ?? 0;
        } else if (s.kind === 'audio') {
          sums.audioBytes += s.bytesReceived ?? 0;
          sums.audioHeaderBytes += s.headerBytesReceived ?? 0;
        }
      }
    }
  }
  return sums;
}
