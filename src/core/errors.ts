/**
 * Stable error codes of `<spatius-avatar>` (docs/errors.md). An `error` event's `detail` is
 * `{ code, message, fatal }`; `fatal` errors end the connection attempt (state `failed`), the others are
 * reports and the element goes on. Methods reject with a `SpatiusAvatarError` carrying the same fields.
 */
export type ErrorCode =
  // the call (fatal: the connect attempt ended, state `failed`)
  | 'invalid-url'
  | 'missing-token'
  | 'token-rejected'
  | 'room-mismatch'
  | 'connection-failed'
  | 'token-fetch-failed'
  | 'token-response-invalid'
  // reports while the element goes on
  | 'unsupported-browser'
  | 'invalid-attribute'
  | 'e2ee-unsupported'
  | 'mic-denied'
  | 'mic-not-found'
  | 'mic-in-use'
  | 'publish-failed'
  | 'insecure-context'
  | 'audio-blocked'
  | 'malformed-motion'
  | 'worker-failed'
  | 'agent-timeout'
  // a method was called when it cannot act (only the method's promise rejects; no event, no state change)
  | 'not-connected'
  | 'no-previous-connection'
  | 'not-in-document'
  | 'invalid-track'
  | 'invalid-frame'
  | 'aborted';

export interface ErrorDetail {
  code: ErrorCode;
  message: string;
  fatal: boolean;
}

/** An error with a stable `code`, thrown by the element's methods and carried by its `error` events. */
export class SpatiusAvatarError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly fatal = true) {
    super(message);
    this.name = 'SpatiusAvatarError';
  }

  get detail(): ErrorDetail {
    return { code: this.code, message: this.message, fatal: this.fatal };
  }
}

/** Any thrown value as a SpatiusAvatarError (an unexpected one becomes `fallback` with its text). */
export function asAvatarError(err: unknown, fallback: ErrorCode, fatal = true): SpatiusAvatarError {
  if (err instanceof SpatiusAvatarError) return err;
  return new SpatiusAvatarError(fallback, err instanceof Error ? err.message : String(err), fatal);
}

const JWT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]*)?/g;

/** `message` with `token` and anything shaped like a JWT replaced by `<token>`. */
export function redactTokens(message: string, token: string): string {
  return (token ? message.split(token).join('<token>') : message).replace(JWT, '<token>');
}

/** `err` (a SpatiusAvatarError) with `token` and anything shaped like a JWT taken out of its message. */
export function withoutTokens(err: unknown, token: string): unknown {
  if (!(err instanceof SpatiusAvatarError)) return err;
  const message = redactTokens(err.message, token);
  return message === err.message ? err : new SpatiusAvatarError(err.code, message, err.fatal);
}
