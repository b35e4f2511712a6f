/**
 * Stable error codes of `<spatius-avatar>` (docs/errors.md). An `error` event's `detail` is
 * `{ code, message, fatal }`; `fatal` errors end the connection, the others are reports.
 */
export type ErrorCode =
  | 'invalid-url'
  | 'missing-token'
  | 'token-rejected'
  | 'room-mismatch'
  | 'connection-failed'
  | 'unsupported-browser'
  | 'invalid-attribute'
  | 'e2ee-unsupported'
  | 'mic-denied'
  | 'mic-not-found'
  | 'mic-in-use'
  | 'insecure-context'
  | 'audio-blocked'
  | 'malformed-motion'
  | 'worker-failed';

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
