/**
 * What the playback engine (src/playback) and the renderer (src/render) report, as types: the element's
 * event details carry them, so they live here, below every layer, and those modules re-export them.
 */

/** What the playback engine is doing, as the renderer sees it. */
export type PlaybackState = 'idle' | 'transition-in' | 'speaking' | 'transition-out' | 'stalled';

/**
 * Why motion stopped: `no-motion`, no packet of any kind for `stallTimeoutMs` (the network, or a publisher
 * that went quiet); `paused`, the track was paused on purpose (muted by its publisher or the server, or
 * paused by the SFU), told by the room at once, without waiting for the timeout.
 */
export type StallReason = 'no-motion' | 'paused';

export interface SessionStats {
  /** Conversation frames rendered. */
  rendered: number;
  /** Seqs never received (gaps in what was rendered). */
  lost: number;
  /** Seqs the jitter buffer stopped waiting for and passed over. */
  skipped: number;
  dropped: { stale: number; late: number; duplicate: number; overflow: number };
  /** Times the buffer ran empty mid-conversation. */
  starved: number;
  /** Malformed packets (counted by the worker's decoder). */
  malformed: number;
  /** Mean time from a frame's arrival to its render (ms). */
  meanAddedDelayMs: number;
  conversations: number;
  stalls: number;
}

export interface SecondStats {
  /** Conversation frames rendered in the last second. */
  fps: number;
  /** lost / (rendered + lost) in the last second. */
  lossRate: number;
  /** Standard deviation of the intervals between rendered frames in the last second (ms). */
  cadenceJitterMs: number;
  /** Frames waiting in the jitter buffer now. */
  bufferDepth: number;
  /** The delay the buffer holds now (ms). */
  targetDelayMs: number;
  /** Lip sync: the avatar voice's delay from arrival to heard that the face follows (ms), or null (own buffer). */
  voiceDelayMs?: number | null;
}

/** The pose as it crosses to the main thread (renderer "none": the element's `frame` event). */
export interface PoseData {
  /** 52 weights in BLENDSHAPE_NAMES order. */
  weights: Float32Array;
  rotation: [number, number, number];
  translation: [number, number, number];
  state: PlaybackState;
  seq: number;
  time: number;
  /** The slot time on the worker's clock (ms, performance.now() of the worker). */
  at: number;
  fresh: boolean;
}
