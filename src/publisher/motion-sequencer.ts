import { FRAMES_PER_SECOND, SLOT_MS } from '../codec/constants.js';
import { encodeMotionFrameSync } from '../codec/encode.js';
import type { MotionFrame, MotionPacket } from '../codec/types.js';

const U32 = 0x100000000;

/**
 * Decides the packet each encoded frame of the motion track carries (pure; the publisher's worker runs it).
 *
 * Between conversations: IDLE. `start(target?)`: a TRANSITION towards `target` on the next frame (if given),
 * then the pushed frames, the first with START, `seq` +1 each (continuing across conversations, so a new
 * conversation never repeats the last one's START seq), TIME stamped from the conversation's first frame
 * unless the frame has one. `end()`: the last pushed frame carries END, then one TRANSITION_END, then IDLE.
 * A frame with nothing queued mid-conversation carries no packet (receivers forward it as ordinary video;
 * their stall watchdog covers a long gap).
 */
export class MotionSequencer {
  private readonly queue: MotionFrame[] = [];
  private state: 'idle' | 'transition' | 'speaking' | 'ending' = 'idle';
  private target: MotionFrame | undefined;
  private seq: number;
  private index = 0;
  private endRequested = false;

  constructor(firstSeq = 0, private readonly maxQueue = 2 * FRAMES_PER_SECOND) {
    this.seq = firstSeq >>> 0;
  }

  /** Begins a conversation; `target` is the pose to blend towards (usually its first frame). */
  start(target?: MotionFrame): void {
    this.queue.length = 0;
    this.endRequested = false;
    this.index = 0;
    this.target = target;
    this.state = target ? 'transition' : 'speaking';
  }

  /** Queues one motion frame of the conversation (25 per second of speech). Oldest frames go past `maxQueue`. */
  push(frame: MotionFrame): void {
    if (this.state === 'idle' || this.state === 'ending') this.start();
    this.queue.push(frame);
    if (this.queue.length > this.maxQueue) this.queue.shift();
  }

  /** Ends the conversation after the frames already queued. */
  end(): void {
    if (this.state === 'idle') return;
    this.endRequested = true;
  }

  /** The packet for the next encoded frame, or null for none. */
  next(): MotionPacket | null {
    switch (this.state) {
      case 'idle':
        return { kind: 'idle', start: false, end: false };
      case 'transition':
        this.state = 'speaking';
        return { kind: 'transition', start: false, end: false, frame: this.target! };
      case 'ending':
        this.state = 'idle';
        return { kind: 'transition-end', start: false, end: false };
      case 'speaking': {
        const frame = this.queue.shift();
        if (!frame) {
          if (!this.endRequested) return null;
          this.state = 'idle'; // ended before any frame (or right after the last): just blend out
          return { kind: 'transition-end', start: false, end: false };
        }
        const last = this.endRequested && this.queue.length === 0;
        const packet: MotionPacket = {
          kind: 'frame', start: this.index === 0, end: last, seq: this.seq,
          frame: frame.time === undefined ? { ...frame, time: this.index * SLOT_MS } : frame,
        };
        this.seq = (this.seq + 1) % U32;
        this.index++;
        if (last) this.state = 'ending';
        return packet;
      }
    }
  }

  /** The next encoded frame's bytes: `media` with the packet appended (or `media` alone). */
  appendTo(media: Uint8Array): Uint8Array {
    const packet = this.next();
    return packet ? encodeMotionFrameSync(packet, media) : media;
  }

  /** Frames waiting for an encoded frame to ride on. */
  get queued(): number {
    return this.queue.length;
  }
}
