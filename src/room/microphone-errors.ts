import { SpatiusAvatarError } from '../core/errors.js';

/** Maps getUserMedia failures to stable, non-fatal error codes: listening goes on without the microphone. */
export function microphoneError(err: unknown): SpatiusAvatarError {
  const name = (err as { name?: string })?.name ?? '';
  const message = err instanceof Error ? err.message : String(err);
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return new SpatiusAvatarError('mic-denied', `microphone permission denied: ${message}`, false);
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new SpatiusAvatarError('mic-not-found', `no microphone found: ${message}`, false);
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return new SpatiusAvatarError('mic-in-use', `the microphone could not be started (in use?): ${message}`, false);
    default:
      return new SpatiusAvatarError('mic-denied', `the microphone could not be published: ${message}`, false);
  }
}
