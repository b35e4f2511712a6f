import { FRAMES_PER_SECOND, SLOT_MS } from '../codec/constants.js';
import type { MotionPacket } from '../codec/types.js';
import { DelayEstimator } from './delay-estimator.js';
import { FrameBuffer } from './frame-buffer.js';
import type { BufferedFrame } from './frame-buffer.js';
import { blendPose, copyPose, createPose, setFromFrame, setNeutral } from './pose.js';
import type { Pose, PlaybackState } from './pose.js';
import { SenderTimeline } from './sender-timeline.js';
import { StatsCollector } from './stats.js';
import type { StallReason } from '../core/motion-details.js';

/**
 * The playback engine: from motion packets in arrival order to one pose per output slot.
 * Pure: no DOM, no timers. The caller passes the time to `push()` and calls `advance(now)` (from a timer
 * or a render loop); the engine produces every slot that is due, on a cadence anchored to the clock, so
 * a late timer never makes it drift. See docs/playback.md.
 */

export type BufferPolicy = 'adaptive' | 'fixed';

export interface PlaybackOptions {
  /** Jitter buffer on (default) or render-on-arrival. */
  enableJitterBuffer: boolean;
  /** Longest wait for a missing frame, and the adaptive policy's ceiling (ms, default 80). */
  maxBufferDelayMs: number;
  /** 'adaptive' (default): hold only the delay the network needs. 'fixed': the anchor product's buffer. */
  policy: BufferPolicy;
  /** No motion packet (IDLE included) for this long, in any state: `stalled` (ms, default 3000). */
  stallTimeoutMs: number;
  /** Lip sync: follow the voice's delay when the sync clock knows it (setSyncDelay; default on; docs/sync.md). */
  lipSync: boolean;
  /**
   * Lip sync on the sender's clock: a frame's wait is counted from its arrival without the network's jitter
   * (its sender time plus the mean network delay of the frames that arrived with the voice packets the delay
   * stands for: SenderTimeline), not from its own arrival. Needs packets pushed with their sender time.
   */
  senderClock: boolean;
  /** Output cadence (ms, default 40 = 25 fps). */
  frameIntervalMs: number;
  /** Frames held at most; beyond, the oldest is dropped (default 50 = 2 s). */
  capacity: number;
  /** Slots to blend into a conversation (TRANSITION) and back to idle (default 8 and 20). */
  transitionInFrames: number;
  transitionOutFrames: number;
}

export const DEFAULT_PLAYBACK_OPTIONS: PlaybackOptions = {
  enableJitterBuffer: true,
  maxBufferDelayMs: 80,
  policy: 'adaptive',
  stallTimeoutMs: 3000,
  lipSync: true,
  senderClock: true,
  frameIntervalMs: SLOT_MS,
  capacity: 2 * FRAMES_PER_SECOND,
  transitionInFrames: 8,
  transitionOutFrames: 20,
};

export type { StallReason };

export type PlaybackEvent =
  | { type: 'conversation-start' }
  | { type: 'conversation-end' }
  | { type: 'stalled'; reason: StallReason }
  | { type: 'resumed' }
  | { type: 'first-frame'; seq: number };

export interface PlaybackSink {
  /** A pose for the slot at `at` (ms). `fresh` when it shows a conversation frame not shown before. */
  render(pose: Pose, at: number, fresh: boolean): void;
  event(event: PlaybackEvent): void;
}

/** How many recent seqs we remember as skipped, to tell a late frame from a duplicate. */
const SKIP_MEMORY = 256;
/** A clock jump larger than this (a sleeping machine) re-anchors the slots instead of replaying them. */
const MAX_CATCH_UP_MS = 60000;
/** The adaptive policy plays up to this much faster while it sheds excess delay (0.85: 34 ms slots). */
const CATCH_UP_RATE = 0.85;
/** Lip sync (docs/sync.md): the smoothed error (ms) beyond which slots run 15% faster or slower, and its weight. */
const SYNC_TOLERANCE_MS = 6;
const SYNC_SMOOTHING = 0.15;
/** Lip sync: the face this far (ms) behind the voice catches up at twice the speed (20 ms slots). */
const SYNC_BEHIND_MS = 40;
/** Lip sync on the sender's clock: a de-jittered arrival further than this (ms) from the frame's own is not used. */
const MAX_DEJITTER_MS = 1000;

export class PlaybackEngine {
  readonly options: PlaybackOptions;
  readonly stats = new StatsCollector();
  readonly #buffer = new FrameBuffer();
  readonly #estimator: DelayEstimator;
  #state: PlaybackState = 'idle';
  readonly #pose = createPose();
  readonly #blendFrom = createPose();
  readonly #blendTo = createPose();
  #blendStep = 0;
  #blendSteps = 0;

  #nextSlotAt = -1;
  #slotInterval: number;
  /** Jitter mode: frames are being taken from the buffer (false until the start condition holds). */
  #playing = false;
  #nextSeq = -1;
  #startSeq = -1;
  #inConversation = false;
  #endPending = false;
  /** When the last packet of any kind arrived (-1: none yet, so nothing can stall). */
  #lastPacketAt = -1;
  #stalled = false;
  /** The track is paused on purpose (between pause() and unpause()): packets are stragglers, ignored. */
  #paused = false;
  #firstFrameSent = false;
  #starvedNow = false;
  readonly #skippedSeqs = new Set<number>();
  readonly #skippedOrder: number[] = [];
  /** Lip sync: the delay from arrival to display the voice needs (ms), when known; see setSyncDelay(). */
  #syncDelayMs: number | undefined;
  /** Lip sync: smoothed (waited - target) of the frames played, ms. */
  #syncError = 0;
  /** Lip sync: when the voice packets behind the sync delay arrived; the frames' sender times (senderClock). */
  #syncArrivals: { from: number; to: number } | undefined;
  readonly #timeline = new SenderTimeline();

  readonly #sink: PlaybackSink;

  constructor(options: Partial<PlaybackOptions>, sink: PlaybackSink) {
    this.#sink = sink;
    this.options = { ...DEFAULT_PLAYBACK_OPTIONS, ...options };
    this.#slotInterval = this.options.frameIntervalMs;
    this.#estimator = new DelayEstimator(this.options.frameIntervalMs);
  }

  get playbackState(): PlaybackState {
    return this.#state;
  }

  get bufferDepth(): number {
    return this.#buffer.size;
  }

  /** The delay the buffer aims to hold now (ms). */
  get targetDelayMs(): number {
    if (!this.options.enableJitterBuffer) return 0;
    return this.options.policy === 'fixed' ? this.options.frameIntervalMs : this.#target();
  }

  /**
   * Lip sync (src/playback/sync-clock.ts): hold each frame this long after its arrival, so the face moves
   * with the voice as heard; undefined falls back to the own buffer. Adaptive policy with the jitter buffer
   * on only (render-on-arrival and the fixed buffer keep the anchor's behaviour). The buffer never holds
   * less than its own jitter target; maxBufferDelayMs still bounds the wait for a missing frame.
   */
  setSyncDelay(ms: number | undefined, arrivals?: { from: number; to: number }): void {
    this.#syncDelayMs = ms;
    this.#syncArrivals = arrivals;
  }

  /** When a frame counts as arrived for the sync: its own arrival, or with `senderClock` its de-jittered one. */
  #arrivalOf(item: BufferedFrame): number {
    const window = this.#syncArrivals;
    if (this.options.senderClock && window && item.sent !== undefined && this.syncing) {
      const arrival = this.#timeline.arrival(item.sent, window.from, window.to);
      // A frame sent on a clock the timeline has since left (re-based timestamps): its own arrival.
      if (arrival !== undefined && Math.abs(arrival - item.arrival) <= MAX_DEJITTER_MS) return arrival;
    }
    return item.arrival;
  }

  /** Whether the sync delay drives the slots now. */
  get syncing(): boolean {
    const o = this.options;
    return this.#syncDelayMs !== undefined && o.lipSync && o.enableJitterBuffer && o.policy === 'adaptive';
  }

  /** The adaptive target: the jitter estimate, or the sync delay when that is longer. */
  #target(): number {
    const own = this.#estimator.target(this.options.maxBufferDelayMs);
    return this.syncing ? Math.max(own, this.#syncDelayMs!) : own;
  }

  /**
   * A motion track was chosen at `now`: the stall watchdog runs from here, so a track that dies before its
   * first packet reaches the engine still gives `stalled`.
   */
  watch(now: number): void {
    this.#timeline.reset(); // another track: another sender clock
    if (this.#lastPacketAt >= 0) return;
    this.#lastPacketAt = now;
    if (this.#nextSlotAt < 0) this.#nextSlotAt = now;
  }

  /**
   * Takes one decoded packet, in arrival order, arrived at `now`; `senderMs`: when it was sent, on the sender's
   * clock (its RTP timestamp), if known. Call `advance(now)` after it.
   */
  push(packet: MotionPacket, now: number, senderMs?: number): void {
    if (this.#paused) return; // sent before the pause, arriving after it: it must not end the pause
    if (this.#nextSlotAt < 0) this.#nextSlotAt = now;
    this.#lastPacketAt = now;
    if (senderMs !== undefined) this.#timeline.add(now, senderMs);
    if (this.#stalled && packet.kind !== 'frame') this.#resumeIdle();
    switch (packet.kind) {
      case 'idle':
        if (this.#inConversation) this.#requestEnd();
        return;
      case 'transition':
        this.#onTransition(packet);
        return;
      case 'transition-end':
        if (this.#inConversation) this.#requestEnd();
        return;
      case 'frame':
        this.#onFrame(packet, now, senderMs);
        return;
    }
  }

  /**
   * The track being played is gone (unpublished, unsubscribed, its participant left): a conversation ends
   * now with its end transition from the current pose (`conversation-end` when it is done; frames still
   * buffered will never be followed, so they are dropped), and the stall watchdog stops until a packet
   * arrives (from the next track selected). A pending stall is over without `resumed`: nothing came back.
   */
  trackEnded(): void {
    this.#lastPacketAt = -1;
    this.#timeline.reset(); // the next track's sender clock is another
    this.#stalled = false;
    this.#paused = false;
    if (!this.#inConversation) return;
    this.stats.session.dropped.stale += this.#buffer.clear();
    this.#playing = false;
    this.#endPending = true;
    this.#beginEnd();
  }

  /**
   * The track was paused on purpose (muted, or paused by the SFU): `stalled` with reason `paused` at once
   * (already stalled: no second event), and a speaking avatar blends to idle, as after a network stall.
   * Packets are ignored until `unpause()`: one sent before the pause that arrives after it must not end it.
   */
  pause(): void {
    this.#paused = true;
    if (!this.#stalled) this.#stall('paused');
  }

  /**
   * The track plays again (unmuted, stream active, or another track selected): the next packet resumes
   * (`resumed`). The avatar stays stalled until then (the pause's stall is the one stall of this episode).
   */
  unpause(): void {
    this.#paused = false;
  }

  /** Produces every slot due at or before `now`. */
  advance(now: number): void {
    if (this.#nextSlotAt < 0) this.#nextSlotAt = now;
    if (now - this.#nextSlotAt > MAX_CATCH_UP_MS) this.#nextSlotAt = now;
    while (this.#nextSlotAt <= now) {
      const at = this.#nextSlotAt;
      this.#slotInterval = this.options.frameIntervalMs;
      this.#slot(at);
      this.#nextSlotAt = at + this.#slotInterval;
    }
  }

  // --- packets ---------------------------------------------------------------------------------------

  #onTransition(packet: MotionPacket): void {
    if (this.#state === 'speaking' || this.#state === 'transition-in') return; // after playback started: ignored
    this.#beginConversation();
    copyPose(this.#blendFrom, this.#pose);
    setFromFrame(this.#blendTo, packet.frame!);
    this.#startBlend('transition-in', this.options.transitionInFrames);
  }

  #onFrame(packet: MotionPacket, now: number, sent: number | undefined): void {
    const seq = packet.seq!;
    if (packet.start) {
      if (this.#inConversation && seq === this.#startSeq && !this.#endPending) {
        this.stats.session.dropped.duplicate++; // the same START twice
        return;
      }
      this.#newSequence(seq);
    } else if (!this.#inConversation) {
      this.#newSequence(seq); // joined mid-conversation
    }
    if (this.#stalled) this.#resume(seq);
    const item: BufferedFrame = { seq, frame: packet.frame!, arrival: now, end: packet.end, sent };
    if (this.options.enableJitterBuffer) this.#buffered(item, now);
    else this.#direct(item, now);
  }

  /** A START (or a first frame) begins a conversation: sequence tracking resets. */
  #newSequence(seq: number): void {
    this.stats.session.dropped.stale += this.#buffer.clear();
    this.#beginConversation();
    this.#startSeq = seq;
    this.#nextSeq = -1;
    this.#playing = false;
    this.#endPending = false;
    this.#skippedSeqs.clear();
    this.#skippedOrder.length = 0;
    this.#estimator.restart(seq);
    if (this.#state === 'transition-out' || this.#state === 'idle' || this.#state === 'stalled') {
      // A new conversation during the end transition: continue from the current pose, no blend-in.
      if (this.#state !== 'idle') copyPose(this.#blendFrom, this.#pose);
      this.#state = 'speaking';
    }
  }

  #beginConversation(): void {
    if (this.#stalled) {
      // A new conversation's first packet is motion coming back, like any other packet after a stall.
      this.#stalled = false;
      this.#sink.event({ type: 'resumed' });
    }
    if (this.#inConversation) {
      // A conversation that began with TRANSITION goes on with its START frame.
      if (!this.#endPending && this.#startSeq < 0) return;
      // Otherwise the old conversation ends where the new one begins (its end transition, if any, is cut).
      this.#sink.event({ type: 'conversation-end' });
    }
    this.#inConversation = true;
    this.#endPending = false;
    this.#startSeq = -1;
    this.stats.session.conversations++;
    this.#sink.event({ type: 'conversation-start' });
  }

  #buffered(item: BufferedFrame, now: number): void {
    const seq = item.seq;
    if (this.#nextSeq >= 0 && seq < this.#nextSeq) {
      const d = this.stats.session.dropped;
      if (this.#skippedSeqs.has(seq)) {
        d.late++;
        this.stats.session.lost--; // it did arrive, only too late
        this.#skippedSeqs.delete(seq);
      } else if (this.#nextSeq - seq <= SKIP_MEMORY) d.duplicate++;
      else d.stale++;
      return;
    }
    if (!this.#buffer.insert(item)) {
      this.stats.session.dropped.duplicate++;
      return;
    }
    if (this.options.policy === 'adaptive') this.#estimator.add(seq, now);
    if (this.#buffer.size > this.options.capacity) {
      const dropped = this.#buffer.shift()!;
      this.stats.session.dropped.overflow++;
      if (dropped.seq >= this.#nextSeq) this.#nextSeq = dropped.seq + 1;
    }
    if (!this.#playing && this.#state === 'speaking') {
      // Anchor the slots on the start: at once when the start condition holds, else (adaptive, one frame)
      // when the first frame will have waited the target delay.
      if (this.#startCondition(now)) this.#nextSlotAt = now;
      else if (this.options.policy === 'adaptive' && this.#buffer.size === 1) {
        this.#nextSlotAt = this.#arrivalOf(this.#buffer.first!) + this.#target();
      }
    }
  }

  #direct(item: BufferedFrame, now: number): void {
    if (this.#nextSeq >= 0 && item.seq < this.#nextSeq) {
      this.stats.session.dropped[item.seq === this.#nextSeq - 1 ? 'duplicate' : 'stale']++;
      return;
    }
    this.#show(item, now);
  }

  #requestEnd(): void {
    if (this.#endPending) return;
    this.#endPending = true;
    // Jitter mode: the end transition starts once buffered frames have played (see takeFrame).
    if (!this.options.enableJitterBuffer || this.#buffer.size === 0) this.#beginEnd();
  }

  // --- slots -----------------------------------------------------------------------------------------

  #slot(at: number): void {
    this.#checkStall(at);
    switch (this.#state) {
      case 'transition-in':
        // Conversation frames keep their time during the blend: the blend moves towards the current one,
        // so motion stays in step with the audio instead of starting 8 frames late.
        this.#stepBlend(at, this.options.enableJitterBuffer && this.#takeFrame(at));
        return;
      case 'transition-out':
      case 'stalled':
        this.#stepBlend(at, false);
        return;
      case 'speaking':
        if (this.options.enableJitterBuffer) this.#sink.render(this.#pose, at, this.#takeFrame(at));
        return;
      case 'idle':
        setNeutral(this.#pose);
        this.#pose.state = 'idle';
        this.#sink.render(this.#pose, at, false);
        return;
    }
  }

  /** Jitter mode: takes the frame due at this slot, if any, into the pose. Returns whether it did. */
  #takeFrame(at: number): boolean {
    const o = this.options;
    if (!this.#playing) {
      if (!this.#startCondition(at)) {
        if (this.#endPending && this.#buffer.size === 0) this.#beginEnd();
        return false;
      }
      this.#playing = true;
      this.#starvedNow = false;
      if (this.#nextSeq < 0) this.#nextSeq = this.#buffer.first!.seq;
    }
    const first = this.#buffer.first;
    if (!first) {
      if (this.#endPending) {
        this.#beginEnd();
        return false;
      }
      if (!this.#starvedNow) this.stats.session.starved++;
      this.#starvedNow = true;
      // Refill before resuming; with lip sync the slots keep the voice's time instead, so a late frame
      // plays at the next slot rather than a whole sync delay after its late arrival.
      if (!this.syncing) this.#playing = false;
      return false;
    }
    if (first.seq > this.#nextSeq) {
      // A gap: wait for the missing seq until the next buffered frame has waited maxBufferDelayMs (fixed),
      // or as long as the measured jitter says a late frame may still come (adaptive, at most the same).
      if (at - first.arrival < this.#gapWaitMs()) return false;
      for (let s = this.#nextSeq; s < first.seq; s++) this.#rememberSkipped(s);
      this.stats.session.skipped += first.seq - this.#nextSeq;
      this.stats.lost(first.seq - this.#nextSeq);
    }
    this.#buffer.shift();
    this.#starvedNow = false;
    this.#nextSeq = first.seq + 1;
    this.#show(first, at);
    if (this.syncing) this.#followSync(at - this.#arrivalOf(first));
    else if (o.policy === 'adaptive') {
      // Shed excess delay by playing slightly faster, never by dropping frames.
      const excess = at - first.arrival - this.#estimator.target(o.maxBufferDelayMs);
      if (excess > o.frameIntervalMs / 2 && this.#buffer.size > 0) this.#slotInterval = o.frameIntervalMs * CATCH_UP_RATE;
    }
    return true;
  }

  /**
   * Lip sync: keeps the frames' wait (arrival to slot) on the sync delay, on average, by playing 15% faster
   * or slower while the smoothed error is beyond a few ms. Never drops or repeats a frame to do it.
   */
  #followSync(waited: number): void {
    this.#syncError += SYNC_SMOOTHING * (waited - this.#target() - this.#syncError);
    const o = this.options;
    if (this.#syncError > SYNC_BEHIND_MS && this.#buffer.size > 0) this.#slotInterval = o.frameIntervalMs / 2;
    else if (this.#syncError > SYNC_TOLERANCE_MS && this.#buffer.size > 0) this.#slotInterval = o.frameIntervalMs * CATCH_UP_RATE;
    else if (this.#syncError < -SYNC_TOLERANCE_MS) this.#slotInterval = o.frameIntervalMs / CATCH_UP_RATE;
  }

  #gapWaitMs(): number {
    const max = this.options.maxBufferDelayMs;
    // Until a second of arrivals has been seen, nothing is known about the network: wait the full time.
    if (this.options.policy === 'fixed' || this.#estimator.samplesSeen < FRAMES_PER_SECOND) return max;
    return Math.min(max, Math.max(10, this.#estimator.target(max), this.#estimator.reorderMs * 1.25));
  }

  #startCondition(at: number): boolean {
    const size = this.#buffer.size;
    if (this.syncing && size > 0) {
      // Lip sync: start when the first frame has waited the sync delay (or the buffer holds more than it).
      const waited = at - this.#arrivalOf(this.#buffer.first!);
      if (waited >= this.#target() || size * this.options.frameIntervalMs > this.#target() + this.options.maxBufferDelayMs) {
        this.#syncError = waited - this.#target();
        return true;
      }
      return false;
    }
    if (size >= 2) return true;
    if (size === 0 || this.options.policy === 'fixed') return false;
    return at - this.#buffer.first!.arrival >= this.#target();
  }

  /**
   * A conversation frame becomes current: into the pose, or into the blend target during a transition-in.
   * Jitter mode renders it from the slot; direct mode renders it here, on arrival.
   */
  #show(item: BufferedFrame, at: number): void {
    if (!this.options.enableJitterBuffer && this.#nextSeq >= 0 && item.seq > this.#nextSeq) {
      this.stats.lost(item.seq - this.#nextSeq);
    }
    this.#nextSeq = item.seq + 1;
    const blending = this.#state === 'transition-in';
    if (!blending) this.#state = 'speaking';
    setFromFrame(blending ? this.#blendTo : this.#pose, item.frame, item.seq);
    this.#pose.state = this.#state;
    this.stats.rendered(at, Math.max(0, at - item.arrival));
    if (!this.#firstFrameSent) {
      this.#firstFrameSent = true;
      this.#sink.event({ type: 'first-frame', seq: item.seq });
    }
    if (!this.options.enableJitterBuffer && !blending) this.#sink.render(this.#pose, at, true);
    if (item.end) {
      this.#endPending = true;
      this.#beginEnd();
    }
  }

  // --- transitions and stalls --------------------------------------------------------------------------

  #startBlend(state: PlaybackState, steps: number): void {
    this.#state = state;
    this.#blendStep = 0;
    this.#blendSteps = Math.max(1, steps);
  }

  #beginEnd(): void {
    if (this.#state === 'transition-out' || this.#state === 'idle') return;
    copyPose(this.#blendFrom, this.#pose);
    setNeutral(this.#blendTo);
    this.#startBlend('transition-out', this.options.transitionOutFrames);
  }

  #stepBlend(at: number, fresh: boolean): void {
    if (this.#state === 'transition-out' && fresh) {
      this.#sink.render(this.#pose, at, true); // the frame just taken was the END frame: shown as is
      return;
    }
    this.#blendStep++;
    const t = Math.min(1, this.#blendStep / this.#blendSteps);
    blendPose(this.#pose, this.#blendFrom, this.#blendTo, t);
    if (this.#state === 'transition-in') {
      // The blend shows the conversation frame (or the TRANSITION target, seq -1) on its way in.
      this.#pose.seq = this.#blendTo.seq;
      this.#pose.time = this.#blendTo.time;
      if (t >= 1) this.#state = 'speaking';
    }
    this.#pose.state = this.#state;
    this.#sink.render(this.#pose, at, fresh);
    if (t < 1) return;
    if (this.#state === 'transition-out') {
      this.#state = 'idle';
      this.#inConversation = false;
      this.#endPending = false;
      this.#playing = false;
      this.#sink.event({ type: 'conversation-end' });
    }
    // 'stalled' stays until frames return
  }

  #checkStall(at: number): void {
    if (this.#stalled || this.#lastPacketAt < 0 || at - this.#lastPacketAt < this.options.stallTimeoutMs) return;
    this.#stall('no-motion');
  }

  #stall(reason: StallReason): void {
    this.#stalled = true;
    this.stats.session.stalls++;
    this.#sink.event({ type: 'stalled', reason });
    // Idle, or already ending: the avatar is (or is about to be) idle. Speaking: it falls to idle now.
    if (!this.#inConversation || this.#endPending || (this.#state !== 'speaking' && this.#state !== 'transition-in')) return;
    this.stats.session.dropped.stale += this.#buffer.clear();
    this.#playing = false;
    copyPose(this.#blendFrom, this.#pose);
    setNeutral(this.#blendTo);
    this.#startBlend('stalled', this.options.transitionOutFrames);
  }

  /** IDLE (or a transition) came back after a stall: a stalled conversation ends from where it stopped. */
  #resumeIdle(): void {
    this.#stalled = false;
    this.#sink.event({ type: 'resumed' });
    if (this.#state === 'stalled') {
      this.#endPending = true;
      this.#beginEnd();
    }
  }

  /** Frames came back after a stall: play directly, no start transition; the gap counts as lost. */
  #resume(seq: number): void {
    this.#stalled = false;
    this.#state = 'speaking';
    if (this.#nextSeq >= 0 && seq > this.#nextSeq) this.stats.lost(seq - this.#nextSeq);
    this.#nextSeq = -1;
    this.#sink.event({ type: 'resumed' });
  }

  #rememberSkipped(seq: number): void {
    this.#skippedSeqs.add(seq);
    this.#skippedOrder.push(seq);
    if (this.#skippedOrder.length > SKIP_MEMORY) this.#skippedSeqs.delete(this.#skippedOrder.shift()!);
  }
}
