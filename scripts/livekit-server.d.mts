// Types of scripts/livekit-server.mjs for the TypeScript that imports it (benchmarks).
import type { ChildProcess } from 'node:child_process';

export interface LivekitServer {
  url: string;
  httpUrl: string;
  apiKey: string;
  apiSecret: string;
  readonly nodeId: string | undefined;
  ports: { http: number; tcp: number; udp: number };
  process: ChildProcess;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export declare function startLivekitServer(options?: {
  log?: boolean;
  redis?: string;
  region?: string;
  regions?: unknown;
  name?: string;
  ports?: { http: number; tcp: number; udp: number };
  /** Media on 127.0.0.1 too (rtc.enable_loopback_candidate): for the UDP relay of test/support/udp-relay.mjs. */
  loopback?: boolean;
}): Promise<LivekitServer>;
