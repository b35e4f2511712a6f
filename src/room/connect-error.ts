import { SpatiusAvatarError, redactTokens } from '../core/errors.js';

/**
 * A failed `room.connect()` as the element's error: an error of ours (the page CSP's refusal) as it is;
 * livekit-client's as `token-rejected` when the server refused the token, else `connection-failed`. The
 * server's refusal quotes the token ("invalid token: eyJ…"), so `token` is taken out of the message.
 */
export function connectError(err: unknown, token: string): SpatiusAvatarError {
  if (err instanceof SpatiusAvatarError) return err;
  const message = redactTokens(err instanceof Error ? err.message : String(err), token);
  const rejected = /401|403|unauthori[sz]ed|invalid token|token is expired|permission/i.test(message);
  return new SpatiusAvatarError(rejected ? 'token-rejected' : 'connection-failed', message);
}
