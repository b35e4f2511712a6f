/**
 * Credentials fetched for each connect: LiveKit's standard token endpoint (the request and answer of
 * livekit-client 2.23's `TokenSource.endpoint`), a livekit-client `TokenSource`, or a function with the
 * signature `TokenSource.custom` takes. Pure parsing and the retry policy; the only I/O is `fetch()`.
 */
import type { TokenSourceBase, TokenSourceConfigurable, TokenSourceFetchOptions, TokenSourceResponseObject } from 'livekit-client';
import { SpatiusAvatarError, redactTokens } from '../core/errors.js';
import { systemClock } from './reconnect-deadline.js';
import type { Clock } from './reconnect-deadline.js';

/** What the element asks for: the room (`room` attribute) and the participant's name (`participant-name`). */
export type TokenRequest = Pick<TokenSourceFetchOptions, 'roomName' | 'participantName'>;

/** What a token source answers (livekit-client's `TokenSourceResponseObject`). */
export type TokenResponse = TokenSourceResponseObject;

/**
 * A function that gets credentials: the signature `TokenSource.custom()` takes, so one function serves both.
 * It is called for every connect and reconnect; it may return a promise.
 */
export type TokenFetcher = (options: TokenSourceFetchOptions) => TokenResponse | Promise<TokenResponse>;

/** The `tokenSource` property: a livekit-client `TokenSource` (literal, custom, endpoint…) or a TokenFetcher. */
export type AvatarTokenSource = TokenSourceBase | TokenFetcher;

/** Where a session gets its credentials: one call per connect attempt. */
export interface CredentialSource {
  fetch(request: TokenRequest, signal: AbortSignal): Promise<TokenResponse>;
}

/**
 * The JSON body `TokenSource.endpoint` sends: the request's proto field names (snake_case), fields left
 * unset left out (livekit-client: `TokenSourceRequest#toJsonString({ useProtoFieldName: true })`).
 */
export function endpointRequestBody(request: TokenRequest): string {
  const body: Record<string, string> = {};
  if (request.roomName) body.room_name = request.roomName;
  if (request.participantName) body.participant_name = request.participantName;
  return JSON.stringify(body);
}

/**
 * An answer as livekit-client reads it (`TokenSourceResponse.fromJson`: the proto name `participant_token`
 * or the JSON name `participantToken`, unknown fields ignored). A token is required; `serverUrl` may be
 * empty (the `url` attribute is used then). Throws `token-response-invalid`.
 */
export function readTokenResponse(value: unknown, from: string): TokenResponse {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${from} answered ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}, not an object with participant_token and server_url`);
  }
  const o = value as Record<string, unknown>;
  const token = o.participant_token ?? o.participantToken;
  const url = o.server_url ?? o.serverUrl ?? '';
  if (typeof token !== 'string' || token === '') throw invalid(`${from} answered no participant_token`);
  if (typeof url !== 'string') throw invalid(`${from} answered a server_url that is not a string`);
  return { serverUrl: url, participantToken: token };
}

/** The text of an endpoint's answer, parsed. Throws `token-response-invalid`. */
export function parseEndpointAnswer(text: string, from: string): TokenResponse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(`${from} answered something that is not JSON`);
  }
  return readTokenResponse(value, from);
}

/** `url` for messages: origin and path only (a query may carry a key). */
export function describeEndpoint(url: string): string {
  try {
    const u = new URL(url, globalThis.location?.href);
    return `the token endpoint ${u.origin}${u.pathname}`;
  } catch {
    return 'the token endpoint';
  }
}

/** LiveKit's standard token endpoint at `url`: a POST of the request, a JSON answer. */
export function endpointSource(url: string): CredentialSource {
  const from = describeEndpoint(url);
  return {
    async fetch(request, signal) {
      let res: Response;
      let text: string;
      try {
        res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: endpointRequestBody(request), signal });
        text = await res.text();
      } catch (err) {
        if (signal.aborted) throw aborted();
        throw new SpatiusAvatarError('token-fetch-failed', `${from} could not be reached (${err instanceof Error ? err.message : String(err)})`);
      }
      // The answer's body is not quoted: an error page may echo anything, a token included.
      if (!res.ok) throw new SpatiusAvatarError('token-fetch-failed', `${from} answered HTTP ${res.status}`);
      return parseEndpointAnswer(text, from);
    },
  };
}

/**
 * The `tokenSource` property as a credential source. A livekit-client TokenSource is asked with `force`
 * (its cache skipped): every connect gets a fresh token. Its failures become `token-fetch-failed`.
 */
export function customSource(source: AvatarTokenSource): CredentialSource {
  const from = typeof source === 'function' ? 'the tokenSource function' : 'the tokenSource';
  return {
    async fetch(request) {
      let answer: unknown;
      try {
        answer = typeof source === 'function' ? await source({ ...request }) : await (source as TokenSourceConfigurable).fetch({ ...request }, true);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        throw new SpatiusAvatarError('token-fetch-failed', `${from} failed: ${redactTokens(message, '')}`);
      }
      return readTokenResponse(answer, from);
    },
  };
}

/** How long a token source may take to answer before the connect fails with `token-fetch-failed`. */
export const TOKEN_FETCH_TIMEOUT_MS = 15000;

/** The timers `fetchCredentials` waits with: the call machine's clock (the page's, or a test's). */
export type Timers = Pick<Clock, 'setTimeout' | 'clearTimeout'>;

/**
 * Asks `source` once, never waiting longer than `signal` or `timeoutMs` allow, whatever the source does: an
 * abort rejects at once with `aborted` (not fatal), a source that has not answered within `timeoutMs` fails
 * with `token-fetch-failed` (a function that never settles, an endpoint that never answers). The source's own
 * signal aborts in both cases (an endpoint's request is cancelled); a late answer is dropped.
 */
export function fetchCredentials(source: CredentialSource, request: TokenRequest, signal: AbortSignal, timeoutMs = TOKEN_FETCH_TIMEOUT_MS, timers: Timers = systemClock): Promise<TokenResponse> {
  if (signal.aborted) return Promise.reject(aborted());
  const own = new AbortController();
  return new Promise<TokenResponse>((resolve, reject) => {
    const settle = (error?: SpatiusAvatarError, answer?: TokenResponse) => {
      timers.clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      if (error) {
        own.abort();
        reject(error);
      } else {
        resolve(answer!);
      }
    };
    const onAbort = () => settle(aborted());
    const timer = timers.setTimeout(() => settle(new SpatiusAvatarError('token-fetch-failed', `the token source did not answer within ${timeoutMs / 1000} s`)), timeoutMs);
    signal.addEventListener('abort', onAbort);
    source.fetch(request, own.signal).then((answer) => {
      if (!own.signal.aborted) settle(undefined, answer);
    }, (err: unknown) => {
      if (!own.signal.aborted) settle(err instanceof SpatiusAvatarError ? err : new SpatiusAvatarError('token-fetch-failed', String(err)));
    });
  });
}

/**
 * The retry policy: a token the server refused (expired, bad signature) is fetched again once, and only
 * when it came from a source (a static token would be refused again).
 */
export function retriesOnce(error: SpatiusAvatarError, fromSource: boolean, retried: boolean): boolean {
  return fromSource && !retried && error.code === 'token-rejected';
}

function invalid(message: string): SpatiusAvatarError {
  return new SpatiusAvatarError('token-response-invalid', message);
}

function aborted(): SpatiusAvatarError {
  return new SpatiusAvatarError('aborted', 'the connect was abandoned while its token was fetched', false);
}
