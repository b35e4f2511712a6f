// A test "agent" as LiveKit Agents with an avatar looks to a viewer: one participant that sets its state in
// `lk.agent.state`, publishes a voice and a motion track whose turns it starts on demand
// (workers/conversation-sender.worker.ts), and sends the text of each turn on `lk.transcription`, ahead of
// the turn's audio and motion as an agent's transcription usually is.
import type { AgentState } from '../../src/index.js';
import { startPublisher } from './test-publisher.js';
import type { ConversationControl, ConversationReport } from './workers/conversation-sender.worker.js';

export interface TurnTimes {
  /** performance.now() when the text stream was opened, when its last chunk was written, when it was closed. */
  textOpened: number;
  textClosed: number;
  /** When the turn's first motion frame was handed to the encoder. */
  motionSent: Promise<number>;
}

export async function startAgent(url: string, room: string, identity = 'agent', options: { state?: AgentState } = {}) {
  const pub = await startPublisher(url, room, identity, {
    audio: true,
    sender: 'conversation',
    attributes: options.state ? { 'lk.agent.state': options.state } : {},
    grants: { canUpdateOwnMetadata: true },
  });
  const turnStarts: ((t: number) => void)[] = [];
  pub.worker.addEventListener('message', (e: MessageEvent<ConversationReport>) => {
    if (e.data.kind === 'turn-sent' && e.data.data.edge === 'start') turnStarts.shift()?.(performance.now());
  });
  let segments = 0;
  const voiceSid = () => pub.room.localParticipant.getTrackPublicationByName('voice')?.trackSid;
  return {
    ...pub,
    async setState(state: AgentState) {
      await pub.room.localParticipant.setAttributes({ 'lk.agent.state': state });
    },
    /**
     * One turn: the text (in `chunks` writes, `gapMs` apart) on `lk.transcription`, final, then `frames` motion
     * frames (25 a second) of a conversation, `leadMs` after the text was opened.
     */
    async say(text: string, { frames = 50, chunks = 1, gapMs = 0, leadMs = 0 } = {}): Promise<TurnTimes & { segmentId: string }> {
      const segmentId = `SG_test_${segments++}`;
      const attributes: Record<string, string> = { 'lk.segment_id': segmentId, 'lk.transcription_final': 'true' };
      const sid = voiceSid();
      if (sid) attributes['lk.transcribed_track_id'] = sid;
      const writer = await pub.room.localParticipant.streamText({ topic: 'lk.transcription', attributes });
      const textOpened = performance.now();
      const motionSent = new Promise<number>((resolve) => turnStarts.push(resolve));
      const startMotion = () => pub.worker.postMessage({ kind: 'speak', frames } satisfies ConversationControl);
      const motionTimer = leadMs > 0 ? setTimeout(startMotion, leadMs) : (startMotion(), undefined);
      const words = text.split(/(?<=\s)/);
      const per = Math.ceil(words.length / chunks);
      try {
        for (let i = 0; i < words.length; i += per) {
          await writer.write(words.slice(i, i + per).join(''));
          if (gapMs && i + per < words.length) await new Promise((r) => setTimeout(r, gapMs));
        }
        await writer.close();
      } catch (err) {
        clearTimeout(motionTimer);
        throw err;
      }
      return { segmentId, textOpened, textClosed: performance.now(), motionSent };
    },
  };
}
