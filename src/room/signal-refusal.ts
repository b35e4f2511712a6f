/**
 * Firefox throws from `new WebSocket()` when the page's Content-Security-Policy (`connect-src`) refuses the
 * URL (an `NS_ERROR_CONTENT_BLOCKED` exception; Chromium fires the socket's `error` instead). livekit-client
 * 2.23.0 builds its signal socket inside an async promise executor without a catch, so the throw escapes as
 * an unhandled rejection and its connect waits out the 15 s signal timeout. While one connect of ours is in
 * flight, this claims that rejection, and only once the browser has reported the violation of our server's
 * origin (Firefox fires the `securitypolicyviolation` before the rejection's event): before the page's
 * listeners (a capture listener on `window` runs first at its target) it keeps it from being reported and
 * calls `onRefused`, so the connect fails at once. Any other rejection, or one with no violation of our
 * origin seen (another element's server, the page's own socket), goes on to the page. Returns the stop
 * function; it stops by itself after its one claim.
 */
export function watchSignalRefusal(
  origin: string,
  onRefused: () => void,
  target: Partial<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>> = globalThis,
): () => void {
  if (typeof target.addEventListener !== 'function') return () => undefined;
  let violated = false;
  const onViolation = (event: Event): void => {
    const { effectiveDirective, blockedURI } = event as SecurityPolicyViolationEvent;
    // The last connect-src violation decides: the refused socket's violation comes right before its rejection.
    if (effectiveDirective === 'connect-src') violated = blockedURI === origin || !!blockedURI?.startsWith(`${origin}/`);
  };
  const onRejection = (event: Event): void => {
    if (!violated || !isContentBlocked((event as PromiseRejectionEvent).reason)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    stop();
    onRefused();
  };
  const stop = (): void => {
    target.removeEventListener?.('securitypolicyviolation', onViolation, { capture: true });
    target.removeEventListener?.('unhandledrejection', onRejection, { capture: true });
  };
  target.addEventListener('securitypolicyviolation', onViolation, { capture: true });
  target.addEventListener('unhandledrejection', onRejection, { capture: true });
  return stop;
}

/** Gecko's exception for a load its content policy (CSP) blocked. */
export function isContentBlocked(reason: unknown): boolean {
  return (reason as { name?: unknown } | null)?.name === 'NS_ERROR_CONTENT_BLOCKED';
}

/** The origin of the signal socket for a LiveKit server URL (`https:` is dialled as `wss:`), as `connect-src` names it. */
export function signalOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol.replace(/^http/, 'ws')}//${u.host}`;
  } catch {
    return url;
  }
}
