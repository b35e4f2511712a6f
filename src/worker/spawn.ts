import { ownScriptUrl } from '../util/own-script-url.js';
import type { TrustedScriptURLLike } from '../util/own-script-url.js';

export type { TrustedScriptURLLike };

/**
 * Starts the motion worker (main thread). Rollup rewrites the built-in URL (scripts/rollup/worker-url.mjs):
 * `motion.worker.js` next to the module in the module build, a `blob:` URL in the standalone build.
 *
 * `url` is the page's own copy of the worker (the element's `worker-url`): a same-origin URL of the
 * module build's `dist/motion.worker.js` (one file that imports nothing), as a string or a
 * TrustedScriptURL. It is handed to `new Worker` as is: where Trusted Types are enforced, a string goes
 * through the page's default policy or is refused, as for any script URL the page supplies.
 *
 * The built-in URL goes through the package's Trusted Types policy (src/util/own-script-url.ts), which
 * lets only our own scripts through.
 * @throws what `new Worker` throws (a CSP or Trusted Types refusal, a bad URL): the port reports it.
 */
export function spawnMotionWorker(url?: string | TrustedScriptURLLike): Worker {
  const script = url ?? ownScriptUrl(builtInUrl());
  return new Worker(script as string | URL, { type: 'module' });
}

let builtIn: string | undefined;
/** The built-in worker's URL, made once (in the standalone build, one blob: URL for every element). */
function builtInUrl(): string {
  builtIn ??= String(new URL('./motion.worker.ts', import.meta.url));
  return builtIn;
}
