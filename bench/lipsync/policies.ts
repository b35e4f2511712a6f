import type { PolicySpec } from './pages/subscriber.worker.js';

/** The policies measured side by side on the same events. */
export const POLICIES: PolicySpec[] = [
  { name: 'render on arrival', options: { enableJitterBuffer: false } },
  { name: 'fixed 80 ms buffer (anchor)', options: { policy: 'fixed', maxBufferDelayMs: 80 } },
  { name: 'adaptive buffer', options: { policy: 'adaptive', maxBufferDelayMs: 80 } },
  { name: 'synced clock', options: { policy: 'adaptive', maxBufferDelayMs: 80 }, sync: {} },
];
