// A TCP proxy on 127.0.0.1 that a test can re-point: what a load balancer in front of LiveKit nodes does
// when a node dies and drops out of rotation. The client keeps one URL; new connections go to the current
// target; connections already open stay with the target they were opened to (and end when it ends).
import { connect, createServer } from 'node:net';

/** Starts the proxy in front of `targetPort`. Resolves to `{ port, target, retarget(port), close() }`. */
export async function startLoopbackProxy(targetPort) {
  let target = targetPort;
  const open = new Set();
  const server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    open.add(client);
    open.add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    get target() {
      return target;
    },
    retarget(port) {
      target = port;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
