/**
 * How long the element waits before its next automatic connect (from attributes or properties), after
 * `failures` automatic connects failed in a row: the first retry at once (a page that fixes its token after
 * a failure connects now), then 1 s, 2 s, 4 s… up to 30 s. A page that hands the element new credentials on
 * every failure (an `error` listener, or a React re-render that makes a new `tokenSource` function each time)
 * would otherwise make it retry as fast as the failures come. An explicit `connect()` / `reconnect()`, or a
 * connect that succeeds, starts the count again.
 */
export const AUTO_RETRY_FIRST_MS = 1000;
export const AUTO_RETRY_MAX_MS = 30000;

export function autoRetryDelayMs(failures: number): number {
  return failures < 2 ? 0 : Math.min(AUTO_RETRY_MAX_MS, AUTO_RETRY_FIRST_MS * 2 ** (failures - 2));
}
