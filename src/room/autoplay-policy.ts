/**
 * Whether the browser would let a media element play sound now, where it can say: `navigator.getAutoplayPolicy`
 * (Firefox; `allowed-muted` and `disallowed` are no). `undefined` where it cannot (Chromium).
 */
export function mediaElementMayPlay(): boolean | undefined {
  const nav = globalThis.navigator as { getAutoplayPolicy?: (type: 'mediaelement') => string } | undefined;
  try {
    const policy = nav?.getAutoplayPolicy?.('mediaelement');
    return policy === undefined ? undefined : policy === 'allowed';
  } catch {
    return undefined;
  }
}
