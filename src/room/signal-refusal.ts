/**
 * Firefox throws from `new WebSocket()` when the page's Content-Security-Policy (`connect-src`) refuses the
 * URL (an `NS_ERROR_CONTENT_BLOCKED` exception; Chromium fires the socket's `error` instead). livekit-client
 * 2.23.0 builds its signal socket inside an async promise executor without a catch, so the throw escapes as
 * an unhandled rejection and its connect waits out the 15 s signal timeout. While one connect of ours is in
 * flight, this catches that one rejection before the page's listeners (a capture listener on `window` runs
 * first at its target), keeps it from being reported, and calls `onRefused` so the connect fails at once.
 * Nothing else is touched: any other rejection goes on to the page. Returns the stop function.
 */
export function watchSignalRefusal(onRefused: () => void, target: Partial<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>> = globalThis): () => void {
  if (typeof target.addEventListener !== 'function') return () => undefined;
  const listener = (event: Event): void => {
    if (!isContentBlocked((event as PromiseRejectionEvent).reason)) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    onRefused();
  };
  target.addEventListener('unhandledrejection', listener, { capture: true });
  return () => target.removeEventListener?.('unhandledrejection', listener, { capture: true });
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
