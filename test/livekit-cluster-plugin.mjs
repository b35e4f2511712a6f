// A @web/test-runner plugin that owns a two-node LiveKit cluster for multi-node tests (test/e2e/multi-node.test.ts):
// a Redis (Debian's redis-server) on a free loopback port, two `livekit-server --dev` nodes on loopback
// sharing it, each in a region of its own with the `regionaware` node selector (so a new room goes to the
// node it was asked on: the test knows where each room lives), and a TCP proxy on loopback that stands
// for a load balancer in front of the nodes (the viewer's one URL; the test re-points it when a node dies).
// Started on the first cluster command, stopped after the run. Commands:
//   cluster-start                    -> { nodes: [{ url, nodeId }], proxyUrl, proxyTarget }  (starts what is not running)
//   cluster-room-node {room}         -> index of the node hosting the room (Redis room_node_map), or -1
//   cluster-participants {room}      -> [identity] of the room, asked of any running node's RoomService
//   cluster-stop-node {node, signal?} -> stops one node (SIGTERM by default; 'SIGKILL' for a crash)
//   cluster-proxy {node}             -> new connections through the proxy go to that node
// Tokens: the nodes run with --dev's key and secret, the same as test/livekit-plugin.mjs's server, so
// livekit-token tokens are good on every node.
import { RoomServiceClient } from 'livekit-server-sdk';
import { startLivekitServer } from '../scripts/livekit-server.mjs';
import { redisCommand, startRedis } from '../scripts/redis-server.mjs';
import { startLoopbackProxy } from './loopback-proxy.mjs';

const REGIONS = [
  { name: 'node-a', lat: 0, lon: 0 },
  { name: 'node-b', lat: 0, lon: 90 },
];

export function livekitClusterPlugin() {
  let redis;
  const nodes = [undefined, undefined];
  let proxy;
  let starting;
  const log = !!process.env.LIVEKIT_LOG;

  async function start() {
    redis ??= await startRedis({ log });
    for (let i = 0; i < nodes.length; i++) {
      nodes[i] ??= await startLivekitServer({ log, redis: redis.address, region: REGIONS[i].name, regions: REGIONS, name: `livekit-server ${REGIONS[i].name}` });
    }
    // a node's id is in its start-up log line (on stderr, read by startLivekitServer)
    const until = Date.now() + 10000;
    while (nodes.some((n) => !n.nodeId)) {
      if (Date.now() > until) throw new Error('a cluster node did not log its node id');
      await new Promise((r) => setTimeout(r, 50));
    }
    proxy ??= await startLoopbackProxy(nodes[1].ports.http);
    if (!nodes.some((n) => n.ports.http === proxy.target)) proxy.retarget(nodes[1].ports.http);
    return info();
  }

  const info = () => ({
    nodes: nodes.map((n) => (n ? { url: n.url, nodeId: n.nodeId } : null)),
    proxyUrl: `ws://127.0.0.1:${proxy.port}`,
    proxyTarget: nodes.findIndex((n) => n?.ports.http === proxy.target),
  });

  async function stopAll() {
    await proxy?.close();
    for (let i = 0; i < nodes.length; i++) {
      await nodes[i]?.stop();
      nodes[i] = undefined;
    }
    await redis?.stop();
    proxy = redis = undefined;
  }

  const running = () => nodes.filter(Boolean);
  const nodeAt = (i) => {
    const n = nodes[i];
    if (!n) throw new Error(`cluster node ${i} is not running`);
    return n;
  };

  return {
    name: 'livekit-cluster',
    async serverStop() {
      await stopAll();
    },
    async executeCommand({ command, payload }) {
      if (!command.startsWith('cluster-')) return undefined;
      if (command === 'cluster-start') {
        // A part that cannot start stops the parts that did: nothing is left running, and the test gets why.
        starting ??= start()
          .catch(async (err) => {
            await stopAll().catch(() => undefined);
            throw new Error(`the two-node cluster could not start: ${err?.message ?? err}`);
          })
          .finally(() => (starting = undefined));
        return starting;
      }
      if (!redis || !proxy) throw new Error('the cluster is not running: cluster-start first');
      switch (command) {
        case 'cluster-room-node': {
          const id = await redisCommand(redis.port, 'HGET', 'room_node_map', payload.room);
          return nodes.findIndex((n) => n && n.nodeId === id);
        }
        case 'cluster-participants': {
          const n = running()[0];
          if (!n) throw new Error('no cluster node is running');
          const svc = new RoomServiceClient(n.httpUrl, n.apiKey, n.apiSecret);
          return (await svc.listParticipants(payload.room)).map((p) => p.identity);
        }
        case 'cluster-stop-node': {
          const n = nodeAt(payload.node);
          await n.stop(payload.signal ?? 'SIGTERM');
          nodes[payload.node] = undefined;
          return info();
        }
        case 'cluster-proxy':
          proxy.retarget(nodeAt(payload.node).ports.http);
          return info();
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
