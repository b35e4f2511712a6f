/**
 * Captions: when each word of the agent's transcription may be shown (docs/sync.md, "Captions"). Pure: no
 * DOM, no timers; every call takes the time (`now`, ms on one clock), the owner asks `take(now)` at
 * `nextAt()`. The rule:
 * - The agent's text is held until the avatar plays a conversation (the playback clock's
 *   `conversation-start`, so its voice is audible). The wait of the turn's first held word (the lag,
 *   `start − its arrival`, or 0 when the text came after the voice) is then added to every word of that
 *   conversation: a word is due at `arrival + lag`, so the text keeps the pace it was sent at, shifted onto
 *   the voice. Within one chunk of several words they are spread `wordMs` apart (an agent that sends a whole
 *   sentence at once); a segment's words never overtake each other.
 * - The conversation's end (or a stall, a leave) releases whatever is still queued: that audio has played.
 * - Text nothing plays for: the user's own speech, a call with no avatar, or agent text held `maxHoldMs`
 *   without a conversation, is released as it comes (the last at once when the hold runs out).
 */
import type { TranscriptionDetail } from '../core/event-details.js';
import type { TranscriptionChunk } from '../room/transcriptions.js';

/** A piece of a transcription stream as the room reads it (src/room/transcriptions.ts). */
export type CaptionChunk = TranscriptionChunk;

/** What one release gives the page: the `transcription` event's detail. */
export type CaptionRelease = TranscriptionDetail;

export interface ReleaseOptions {
  /** Spacing of the words of one chunk (an agent that sends a sentence at once). */
  wordMs: number;
  /** The longest agent text waits for a conversation before it is shown anyway. */
  maxHoldMs: number;
}

/** About 170 words a minute, a synthetic voice's usual pace; 5 s covers any avatar's start-up latency. */
export const DEFAULT_RELEASE: ReleaseOptions = { wordMs: 350, maxHoldMs: 5000 };

interface Item {
  segment: Segment;
  /** The word (with its spacing); '' for the end-of-segment marker. */
  delta: string;
  /** The segment's text once this item is out. */
  text: string;
  final: boolean;
  arrival: number;
  /** Position in its chunk (spacing). */
  index: number;
  /** When it is due; for a held item, the end of its hold. */
  at: number;
  held: boolean;
}

interface Segment {
  id: string;
  participantIdentity: string;
  trackId?: string;
  agent: boolean;
  streamId: string;
  /** What the current stream sent. */
  received: string;
  /** received, as queued or released (a replacement that does not extend it starts over). */
  queued: string;
  /** Some of its words were timed on a conversation: once that ended, the rest has played too. */
  spoken: boolean;
}

const WORDS = /\s*\S+\s*|\s+/g;

export class CaptionScheduler {
  readonly #segments = new Map<string, Segment>();
  #items: Item[] = [];
  /** While the avatar plays a conversation: the lag added to the agent's text; undefined otherwise. */
  #lag: number | undefined;
  /** The avatar plays a conversation right now. */
  #speaking = false;
  /** There is an avatar in the call (a playback clock to wait for). */
  #avatar = false;

  readonly #options: ReleaseOptions;

  constructor(options: ReleaseOptions = DEFAULT_RELEASE) {
    this.#options = options;
  }

  /** A chunk of a transcription stream arrived. */
  push(chunk: CaptionChunk, now: number): void {
    let segment = this.#segments.get(chunk.segmentId);
    if (!segment) {
      segment = { id: chunk.segmentId, participantIdentity: chunk.participantIdentity, trackId: chunk.trackId, agent: chunk.agent, streamId: chunk.streamId, received: '', queued: '', spoken: false };
      this.#segments.set(chunk.segmentId, segment);
    }
    if (segment.streamId !== chunk.streamId) {
      segment.streamId = chunk.streamId;
      segment.received = '';
    }
    segment.received += chunk.text;
    segment.trackId = chunk.trackId ?? segment.trackId;
    if (!segment.received.startsWith(segment.queued)) {
      // A replacement that is not an extension (a corrected interim transcript): its queued words go, the
      // new text is released from its start (`text` is right; `delta` is the new text's words).
      this.#items = this.#items.filter((i) => i.segment !== segment);
      segment.queued = '';
    }
    const fresh = segment.received.slice(segment.queued.length);
    let offset = segment.queued.length;
    let index = 0;
    for (const word of fresh.match(WORDS) ?? []) {
      offset += word.length;
      this.#enqueue(segment, word, segment.received.slice(0, offset), false, now, index++);
    }
    segment.queued = segment.received;
  }

  /** A segment's stream ended; `final`: the segment is complete (`lk.transcription_final`). */
  end(segmentId: string, final: boolean, now: number): void {
    const segment = this.#segments.get(segmentId);
    if (!segment || !final) return;
    this.#enqueue(segment, '', segment.queued, true, now, 0);
  }

  /** The avatar's playback: a conversation plays (true) or not (false: ended, stalled, the avatar left). */
  setSpeaking(speaking: boolean, now: number): void {
    if (speaking === this.#speaking) return;
    this.#speaking = speaking;
    if (speaking) {
      const first = this.#items.find((i) => i.held);
      this.#lag = first ? Math.max(0, now - first.arrival) : 0;
      for (const item of this.#items) if (item.held) this.#schedule(item, now);
    } else {
      this.#lag = undefined;
      for (const item of this.#items) {
        item.at = Math.min(item.at, now); // that audio has played
        item.held = false;
      }
    }
  }

  /** Whether the call has an avatar (no avatar: nothing to wait for, text is shown as it comes). */
  setAvatar(present: boolean, now: number): void {
    this.#avatar = present;
    if (!present) this.setSpeaking(false, now);
  }

  /** When the next item is due (a held item: when its hold runs out), or undefined. */
  nextAt(): number | undefined {
    let next: number | undefined;
    for (const item of this.#items) if (next === undefined || item.at < next) next = item.at;
    return next;
  }

  /** Everything due by `now`, one release per segment and run of its words, in order. */
  take(now: number): CaptionRelease[] {
    const out: CaptionRelease[] = [];
    const open = new Map<Segment, CaptionRelease>();
    const kept: Item[] = [];
    const blocked = new Set<Segment>(); // a segment's words go in order
    for (const item of this.#items) {
      if (blocked.has(item.segment) || item.at > now) {
        blocked.add(item.segment);
        kept.push(item);
        continue;
      }
      const s = item.segment;
      let release = open.get(s);
      if (!release) {
        release = { segmentId: s.id, text: '', delta: '', final: false, participantIdentity: s.participantIdentity, agent: s.agent };
        if (s.trackId !== undefined) release.trackId = s.trackId;
        open.set(s, release);
        out.push(release);
      }
      release.text = item.text;
      release.delta += item.delta;
      if (item.final) {
        release.final = true;
        open.delete(s); // a later segment with the same id starts over
        if (this.#segments.get(s.id) === s) this.#segments.delete(s.id);
      }
    }
    this.#items = kept;
    return out;
  }

  /** The call ended: everything queued is dropped. */
  clear(): void {
    this.#items = [];
    this.#segments.clear();
    this.#lag = undefined;
    this.#speaking = false;
    this.#avatar = false;
  }

  #enqueue(segment: Segment, delta: string, text: string, final: boolean, now: number, index: number): void {
    const item: Item = { segment, delta, text, final, arrival: now, index, at: now, held: false };
    let last: Item | undefined;
    for (const other of this.#items) if (other.segment === segment) last = other;
    if (final) {
      // The end marker goes right after the segment's last word (or now, when all of it is out).
      item.at = last?.at ?? now;
      item.held = last?.held ?? false;
    } else if (segment.agent && this.#avatar && !(segment.spoken && this.#lag === undefined)) {
      this.#schedule(item, now);
    }
    this.#items.push(item);
  }

  /** Sets an agent item's time from the lag (or holds it while nothing plays). */
  #schedule(item: Item, now: number): void {
    let previous: Item | undefined;
    for (const other of this.#items) if (other.segment === item.segment && other !== item && !other.held) previous = other;
    if (this.#lag === undefined) {
      item.held = true;
      item.at = item.arrival + this.#options.maxHoldMs;
      return;
    }
    item.held = false;
    item.segment.spoken = true;
    const base = Math.max(item.arrival + this.#lag, now);
    const chained = previous ? previous.at + (item.index > 0 ? this.#options.wordMs : 0) : -Infinity;
    item.at = Math.max(base, chained);
  }
}
