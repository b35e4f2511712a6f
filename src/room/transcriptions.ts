/**
 * Transcriptions: the `lk.transcription` text streams of LiveKit Agents (one stream per segment, its text
 * written in chunks; `lk.segment_id`, `lk.transcribed_track_id`, and `lk.transcription_final` in the header
 * or the trailer). Each chunk and each stream's end is handed on as it arrives; when to show it is the
 * element's (src/element/caption-release.ts).
 */
import type { Room, TextStreamReader } from 'livekit-client';

export const TRANSCRIPTION_TOPIC = 'lk.transcription';
const SEGMENT_ID = 'lk.segment_id';
const TRACK_ID = 'lk.transcribed_track_id';
const FINAL = 'lk.transcription_final';

export interface TranscriptionChunk {
  streamId: string;
  segmentId: string;
  text: string;
  participantIdentity: string;
  trackId?: string;
  /** The agent's speech; false for the viewer's own speech transcribed (sent as the viewer, or of its track). */
  agent: boolean;
}

export type TranscriptionInput =
  | { kind: 'chunk'; chunk: TranscriptionChunk }
  | { kind: 'end'; segmentId: string; final: boolean };

/** Receives the room's transcriptions (registered once per Room; the Room's end drops the handler). */
export function receiveTranscriptions(room: Room, onInput: (input: TranscriptionInput) => void): () => void {
  let stopped = false;
  room.registerTextStreamHandler(TRANSCRIPTION_TOPIC, (reader: TextStreamReader, { identity }) => {
    void read(reader, identity);
  });

  const ownSpeech = (identity: string, trackId: string | undefined): boolean => {
    const local = room.localParticipant;
    if (identity === local.identity) return true;
    return trackId !== undefined && [...local.trackPublications.values()].some((pub) => pub.trackSid === trackId);
  };

  async function read(reader: TextStreamReader, identity: string): Promise<void> {
    const info = reader.info;
    const segmentId = info.attributes?.[SEGMENT_ID] ?? info.id;
    const trackId = info.attributes?.[TRACK_ID];
    const agent = !ownSpeech(identity, trackId);
    try {
      for await (const text of reader) {
        if (stopped) return;
        const chunk: TranscriptionChunk = { streamId: info.id, segmentId, text, participantIdentity: identity, agent };
        if (trackId !== undefined) chunk.trackId = trackId;
        onInput({ kind: 'chunk', chunk });
      }
    } catch {
      // The sender aborted the stream (or left): the segment ends without being final.
      if (!stopped) onInput({ kind: 'end', segmentId, final: false });
      return;
    }
    // The trailer's attributes are merged into the header's once the stream is done.
    if (!stopped) onInput({ kind: 'end', segmentId, final: reader.info.attributes?.[FINAL] === 'true' });
  }

  return () => {
    stopped = true;
    room.unregisterTextStreamHandler(TRANSCRIPTION_TOPIC);
  };
}
