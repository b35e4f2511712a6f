import type { Room } from 'livekit-client';

/**
 * The one place that reaches into livekit-client's private state, for what its public API does not
 * offer. Verified against the version pinned in package.json; test/e2e/element-lifecycle.test.ts fails
 * if the shape moves (a peer connection is left open, or receivers are not found).
 */
interface PrivateEngine {
  pcManager?: { close(): Promise<void> | void };
}

/**
 * livekit-client 2.23: a `disconnect()` that lands early in `connect()` closes the engine before the join
 * has made its peer connections (with the offer sent along with the join, the publisher's PC is made
 * during the join); the join then makes them on a closed engine and nothing closes them. Once the aborted
 * connect has settled, close what it left: call this before `disconnect()`, and what it returns after the
 * connect settled.
 */
export function leftoverTransportCloser(room: Room): () => Promise<void> {
  // Taken before disconnect(): the Room lets go of its engine, but the aborted join goes on with it.
  const engine = (room as unknown as { engine?: PrivateEngine }).engine;
  return async () => {
    await engine?.pcManager?.close();
  };
}
