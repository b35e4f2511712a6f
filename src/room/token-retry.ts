import type { SpatiusAvatarError } from '../core/errors.js';

/**
 * The retry policy: a token the server refused (expired, bad signature) is fetched again once, and only
 * when it came from a source (a static token would be refused again).
 */
export function retriesOnce(error: SpatiusAvatarError, fromSource: boolean, retried: boolean): boolean {
  return fromSource && !retried && error.code === 'token-rejected';
}
