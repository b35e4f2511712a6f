// More than one server node: two livekit-server nodes sharing a Redis (test/livekit-cluster-plugin.mjs).
// The avatar publishes through node A (its room lives there); the viewer element connects through node B,
// behind a loopback proxy that stands for the load balancer a deployment puts in front of its nodes (one
// URL for the page). Node B is stopped: the proxy is re-pointed at node A, as a load balancer takes a dead
// node out of rotation, and the element reconnects by itself (livekit-client's resume/full reconnect to
// the same URL) and plays on. Module build.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar } from './element-fixture.js';

interface ClusterInfo {
  nodes: ({ url: string; nodeId: string } | null)[];
  proxyUrl: string;
  proxyTarget: number;
}

const cluster = async <T = ClusterInfo>(command: string, payload: Record<string, unknown> = {}): Promise<T> => {
  const answer = await executeServerCommand<T, Record<string, unknown>>(command, payload);
  if (answer === undefined || answer === null) throw new Error(`${command}: no answer from the cluster plugin`);
  return answer;
};

const A = 0;
const B = 1;

describe('<spatius-avatar> with two LiveKit nodes', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    cleanup = [];
  });

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`connects through one node to a room on the other, plays, and survives its node being stopped (${signal})`, async function () {
      this.timeout(180000);
      const info = await cluster('cluster-start'); // starts Redis and whichever node is not running
      const nodeA = info.nodes[A]!;
      await cluster('cluster-proxy', { node: B });
      const room = uniqueRoom('multi-node');

      // The avatar joins through node A: the room is made there (regionaware selector: the asked node's region).
      const pub = await startPublisher(nodeA.url, room, 'avatar-agent');
      cleanup.push(() => pub.stop());
      expect(await cluster<number>('cluster-room-node', { room }), 'the room lives on node A').to.equal(A);

      // The viewer connects through the proxy, to node B: B bridges its signalling to the room on A.
      const { el, events } = createAvatar({ url: info.proxyUrl, token: await mintToken('viewer', room), renderer: 'none' });
      cleanup.push(async () => el.remove());
      const freshSeqs = () => events.filter((e) => e.type === 'frame' && e.detail.fresh).map((e) => e.detail.seq as number);
      await waitFor('the avatar to be discovered and play through node B', () => el.avatar === 'avatar-agent' && freshSeqs().length >= 25, 60000);
      expect(await cluster<string[]>('cluster-participants', { room })).to.have.members(['avatar-agent', 'viewer']);
      const seqBefore = freshSeqs().at(-1)!;
      const statesBefore = events.filter((e) => e.type === 'connection-state-changed').length;

      // Node B stops. The load balancer (the proxy) sends new connections to node A.
      const after = await cluster('cluster-stop-node', { node: B, signal });
      expect(after.nodes[B], 'node B is gone').to.equal(null);
      await cluster('cluster-proxy', { node: A });

      const states = () => events.filter((e) => e.type === 'connection-state-changed').slice(statesBefore).map((e) => e.detail.state as string);
      await waitFor('reconnecting, then connected again', () => states().includes('reconnecting') && states().at(-1) === 'connected', 90000);
      // Plays on: frames well past those before the stop, in order, through node A.
      await waitFor('frames after the reconnect', () => (freshSeqs().at(-1) ?? 0) > seqBefore + 50, 60000);
      const seqs = freshSeqs();
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!, `frame ${i}`).to.be.greaterThan(seqs[i - 1]!);
      expect(events.filter((e) => e.type === 'disconnected'), 'never disconnected').to.deep.equal([]);
      expect(events.filter((e) => e.type === 'error' && e.detail.fatal), 'no fatal error').to.deep.equal([]);
      expect(el.getConnectionState()).to.equal('connected');
      expect(await cluster<string[]>('cluster-participants', { room })).to.have.members(['avatar-agent', 'viewer']);
    });
  }

  it("with its URL reaching only the dead node: reconnecting, then disconnected; connect() with the other node's URL recovers", async function () {
    this.timeout(240000);
    const info = await cluster('cluster-start');
    const nodeA = info.nodes[A]!;
    await cluster('cluster-proxy', { node: B });
    const room = uniqueRoom('dead-node');
    const pub = await startPublisher(nodeA.url, room, 'avatar-agent');
    cleanup.push(() => pub.stop());
    expect(await cluster<number>('cluster-room-node', { room }), 'the room lives on node A').to.equal(A);
    const { el, events } = createAvatar({ url: info.proxyUrl, token: await mintToken('viewer', room), renderer: 'none', 'log-level': 'none' });
    cleanup.push(async () => el.remove());
    const freshSeqs = () => events.filter((e) => e.type === 'frame' && e.detail.fresh).map((e) => e.detail.seq as number);
    await waitFor('frames through node B', () => freshSeqs().length >= 25, 60000);

    // Node B dies and nothing re-points the proxy: livekit-client retries the same URL, then gives up.
    await cluster('cluster-stop-node', { node: B, signal: 'SIGKILL' });
    await waitFor('disconnected', () => events.some((e) => e.type === 'disconnected'), 200000);
    const states = events.filter((e) => e.type === 'connection-state-changed').map((e) => e.detail.state as string);
    expect(states).to.include('reconnecting');
    expect(states.at(-1)).to.equal('disconnected');

    // The page asks its token service again and gets node A's URL: connect() with it plays on.
    const seqBefore = freshSeqs().at(-1)!;
    await el.connect({ url: nodeA.url, token: await mintToken('viewer', room) });
    expect(el.getConnectionState()).to.equal('connected');
    await waitFor('frames through node A', () => (freshSeqs().at(-1) ?? 0) > seqBefore + 25, 60000);
  });
});
