/** Starts the motion worker (main thread). Rollup rewrites the URL: its own file, or inlined in the standalone build. */
export function spawnMotionWorker(): Worker {
  return new Worker(new URL('./motion.worker.ts', import.meta.url), { type: 'module' });
}
