import { FRAMES_PER_SECOND, SLOT_MS } from '../codec/constants.js';
import { checkMotionFrame, encodeMotionFrameSync } from '../codec/encode.js';
import type { MotionFrame, MotionPacket } from '../codec/types.js';

const U32 = 0x100000000;

/** One conversation (speech turn) waiting for, or riding on, the motion track's encoded frames. */
interface Conversation {
  /** The pose to blend towards, sent once as a TRANSITION before the first frame (if given). */
  target: MotionFrame | undefined;
  frames: MotionFrame[];
  /** end() came (or the next conversation began): the last frame carries END, then TRANSITION_END. */
  ended: boolean;
  /** Frames pushed so far (TIME is stamped at push: 40 ms each, so a frame dropped from a full queue leaves a gap). */
  pushed: number;
  /** Frames sent so far (the first carries START). */
  sent: number;
  /** The last frame sent, and its TIME, repeated with END (40 ms on) when the conversation ends after it left. */
  last: MotionFrame | undefined;
  lastTime: number;
  /** Its END has gone out: next comes TRANSITION_END. */
  closed: boolean;
}

/**
 * Decides the packet each encoded frame of the motion track carries (pure; the publisher's worker runs it).
 *
 * Between conversations: IDLE. `start(target?)`: a TRANSITION towards `target` on the next frame (if given),
 * then the pushed frames, the first with START, `seq` +1 each (continuing across conversations, so a new
 * conversation never repeats the last one's START seq), TIME stamped 40 ms a frame from the conversation's
 * first pushed frame (at push, so frames dropped from a full queue leave their gap) unless the frame has one. `end()`: the last frame carries END (when every pushed frame has left already, the
 * last one goes again with END, 40 ms later), then one TRANSITION_END, then IDLE. A conversation started while
 * another still has frames queued ends that one first (its frames still go out). A frame that cannot be encoded
 * is refused at `push()` (false), so it never takes a START, an END or a `seq`. A frame with nothing queued
 * mid-conversation carries no packet (receivers forward it as ordinary video; their stall watchdog covers a
 * long gap).
 */
export class MotionSequencer {
  /** The current conversation first, then any begun after it. */
  private readonly conversations: Conversation[] = [];
  private seq: number;

  constructor(firstSeq = 0, private readonly maxQueue = 2 * FRAMES_PER_SECOND) {
    this.seq = firstSeq >>> 0;
  }

  /** Begins a conversation; `target` is the pose to blend towards (usually its first frame). */
  start(target?: MotionFrame): void {
    const open = this.conversations.at(-1);
    if (open) open.ended = true;
    this.conversations.push({ target: target && this.valid(target) ? target : undefined, frames: [], ended: false, pushed: 0, sent: 0, last: undefined, lastTime: 0, closed: false });
  }

  /**
   * Queues one motion frame of the conversation (25 per second of speech); after `end()` it begins the next
   * one. Past `maxQueue` waiting frames the oldest goes. False (and nothing queued) for a frame that cannot be
   * encoded.
   */
  push(frame: MotionFrame): boolean {
    if (!this.valid(frame)) return false;
    const open = this.conversations.at(-1);
    if (!open || open.ended) this.start();
    const c = this.conversations.at(-1)!;
    c.frames.push(frame.time === undefined ? { ...frame, time: c.pushed * SLOT_MS } : frame);
    c.pushed++;
    if (this.queued > this.maxQueue) this.conversations.find((c) => c.frames.length > 0)!.frames.shift();
    return true;
  }

  /** Ends the conversation after the frames already queued. */
  end(): void {
    const open = this.conversations.at(-1);
    if (open) open.ended = true;
  }

  /** The packet for the next encoded frame, or null for none. */
  next(): MotionPacket | null {
    const c = this.conversations[0];
    if (!c) return { kind: 'idle', start: false, end: false };
    if (c.target) {
      const frame = c.target;
      c.target = undefined;
      return { kind: 'transition', start: false, end: false, frame };
    }
    if (c.closed || (c.ended && c.frames.length === 0 && !c.last)) {
      // after its END (or ended before any frame left): blend out
      this.conversations.shift();
      return { kind: 'transition-end', start: false, end: false };
    }
    const queued = c.frames.shift();
    if (!queued && !c.ended) return null;
    // Nothing queued but ended: the last frame again, with END (it left before end() came).
    const frame = queued ?? c.last!;
    const end = c.ended && c.frames.length === 0;
    const time = queued ? queued.time! : Math.min(c.lastTime + SLOT_MS, U32 - 1);
    const packet: MotionPacket = { kind: 'frame', start: c.sent === 0, end, seq: this.seq, frame: { ...frame, time } };
    this.seq = (this.seq + 1) % U32;
    c.sent++;
    c.last = frame;
    c.lastTime = time;
    if (end) c.closed = true;
    return packet;
  }

  /** The next encoded frame's bytes: `media` with the packet appended (or `media` alone). */
  appendTo(media: Uint8Array): Uint8Array {
    const packet = this.next();
    return packet ? encodeMotionFrameSync(packet, media) : media;
  }

  /** Frames waiting for an encoded frame to ride on. */
  get queued(): number {
    let n = 0;
    for (const c of this.conversations) n += c.frames.length;
    return n;
  }

  private valid(frame: MotionFrame): boolean {
    try {
      checkMotionFrame(frame);
      return true;
    } catch {
      return false;
    }
  }
}
