/**
 * Starts the motion worker (main thread). Rollup rewrites the built-in URL (scripts/rollup/worker-url.mjs):
 * `motion.worker.js` next to the module in the module build, a `blob:` URL in the standalone build.
 *
 * `url` is the page's own copy of the worker (the element's `worker-url`): a same-origin URL of the
 * module build's `dist/motion.worker.js` (one file that imports nothing), as a string or a
 * TrustedScriptURL. It is handed to `new Worker` as is: where Trusted Types are enforced, a string goes
 * through the page's default policy or is refused, as for any script URL the page supplies.
 *
 * The built-in URL goes through our own Trusted Types policy, `spatius-avatar`, which lets that one URL
 * through and nothing else. Where the page's `trusted-types` directive does not allow the name (or a
 * second copy of this package already made it), the policy is not made and the plain URL is used: the
 * browser then asks the page's default policy, or refuses, and the element reports `worker-failed`.
 * @throws what `new Worker` throws (a CSP or Trusted Types refusal, a bad URL): the port reports it.
 */
export function spawnMotionWorker(url?: string | TrustedScriptURLLike): Worker {
  const script = url ?? trusted(builtInUrl());
  return new Worker(script as string | URL, { type: 'module' });
}

/** A TrustedScriptURL (not in TypeScript's DOM types): an object whose string (and JSON) is the URL. */
export interface TrustedScriptURLLike {
  toJSON(): string;
  toString(): string;
}

interface TrustedTypePolicyLike {
  createScriptURL(url: string): TrustedScriptURLLike;
}
interface TrustedTypesLike {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): TrustedTypePolicyLike;
}

let builtIn: string | undefined;
/** The built-in worker's URL, made once (in the standalone build, one blob: URL for every element). */
function builtInUrl(): string {
  builtIn ??= String(new URL('./motion.worker.ts', import.meta.url));
  return builtIn;
}

let policy: TrustedTypePolicyLike | null | undefined;
function trusted(url: string): string | TrustedScriptURLLike {
  if (policy === undefined) {
    const tt = (globalThis as { trustedTypes?: TrustedTypesLike }).trustedTypes;
    try {
      policy = tt?.createPolicy('spatius-avatar', {
        createScriptURL: (u) => {
          if (u !== builtIn) throw new TypeError(`spatius-avatar: ${u} is not the motion worker`);
          return u;
        },
      }) ?? null;
    } catch {
      policy = null; // the page's trusted-types directive does not allow our policy
    }
  }
  return policy ? policy.createScriptURL(url) : url;
}
