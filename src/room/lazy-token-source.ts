import { SpatiusAvatarError } from '../core/errors.js';
import type { CredentialSource } from './token-source.js';

type TokenSourceModule = typeof import('./token-source.js');

/**
 * A credential source whose code (src/room/token-source.ts) is loaded on its first fetch: only a page that
 * fetches tokens (`token-endpoint`, `tokenSource`) downloads it, as a chunk of its own (issue 14). A chunk
 * that cannot be loaded fails the fetch with `token-fetch-failed`; the next fetch tries again.
 */
export function lazySource(
  make: (m: TokenSourceModule) => CredentialSource,
  load: () => Promise<TokenSourceModule> = () => import('./token-source.js'),
): CredentialSource {
  let source: Promise<CredentialSource> | undefined;
  return {
    async fetch(request, signal) {
      source ??= load().then(make);
      let loaded: CredentialSource;
      try {
        loaded = await source;
      } catch (err) {
        source = undefined;
        throw new SpatiusAvatarError('token-fetch-failed', `the token code could not be loaded (${err instanceof Error ? err.message : String(err)})`);
      }
      return loaded.fetch(request, signal);
    },
  };
}
