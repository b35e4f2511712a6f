/** An impairment of one direction (see udp-relay.mjs). */
export interface Impairment {
  /** 0..1: each media packet dropped with this probability. */
  lossRate?: number;
  /** A fixed one-way delay (ms). */
  delayMs?: number;
  /** A random extra delay per packet, |N(0, jitterMs)| (ms). */
  jitterMs?: number;
  /** 0..1: each media packet held back `reorderMs` more, so later packets overtake it. */
  reorderRate?: number;
  reorderMs?: number;
  /** Default true: jitter alone keeps the packet order (one queue). */
  inOrder?: boolean;
}

export interface DirectionStats { packets: number; media: number; dropped: number; reordered: number; meanDelayMs: number; maxDelayMs: number }

export interface UdpRelay {
  /** The relay's UDP port on 127.0.0.1: the page's server candidates are rewritten to it. */
  port: number;
  target: number;
  stats(): { up: DirectionStats; down: DirectionStats; flows: number };
  setProfile(profile: { up?: Impairment; down?: Impairment }): void;
  close(): Promise<void>;
}

/** mulberry32, as test/support/random.ts. */
export declare function rng(seed: number): () => number;
/** Starts the relay in front of 127.0.0.1:`target` (livekit-server's UDP port; start it with `loopback`). */
export declare function startUdpRelay(options: { target: number; up?: Impairment; down?: Impairment; seed?: number }): Promise<UdpRelay>;
