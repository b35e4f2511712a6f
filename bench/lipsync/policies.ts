import type { PolicySpec } from './pages/subscriber.worker.js';
import { DEFAULT_SYNC_OPTIONS } from '../../src/playback/sync-clock.js';

/** The policies measured side by side on the same events. */
export const POLICIES: PolicySpec[] = [
  { name: 'render on arrival', options: { enableJitterBuffer: false } },
  { name: 'fixed 80 ms buffer (anchor)', options: { policy: 'fixed', maxBufferDelayMs: 80 } },
  { name: 'adaptive buffer', options: { policy: 'adaptive', maxBufferDelayMs: 80 } },
  { name: 'synced clock', options: { policy: 'adaptive', maxBufferDelayMs: 80 }, sync: {} },
  // Candidates, side by side with the default:
  { name: 'synced, own arrival', options: { policy: 'adaptive', maxBufferDelayMs: 80, senderClock: false }, sync: {} }, // waits from each frame's own arrival: the default before run 14
  { name: 'synced, playout position', options: { policy: 'adaptive', maxBufferDelayMs: 80 }, sync: { source: 'playout' } },
  { name: 'synced, lead 0 ms', options: { policy: 'adaptive', maxBufferDelayMs: 80 }, sync: { motionLeadMs: 0 } },
  { name: 'synced + WebAudio output latency', options: { policy: 'adaptive', maxBufferDelayMs: 80 }, sync: { motionLeadMs: DEFAULT_SYNC_OPTIONS.motionLeadMs - 30 } }, // the default lead less the output latency (30)
];
