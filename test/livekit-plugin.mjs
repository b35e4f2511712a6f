// A @web/test-runner plugin that owns one LiveKit server for the whole test run (started on the
// first command, so runs without end-to-end tests never start it) and answers
// server commands from tests (see test/e2e/livekit.ts for the browser side):
//   livekit-info                     -> { url }
//   livekit-token {identity, room, name?, metadata?, attributes?, ttl?, grants?} -> { token }
//   livekit-participants {room}      -> [{ identity, tracks: [{ type, source, name, muted }] }]
//   livekit-stop / livekit-start     -> kill the server / start a fresh one (failure tests)
//   cluster-*                        -> a two-node cluster with Redis (test/livekit-cluster-plugin.mjs)
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { startLivekitServer } from '../scripts/livekit-server.mjs';
import { livekitClusterPlugin } from './livekit-cluster-plugin.mjs';

export function livekitPlugin() {
  let server;
  const cluster = livekitClusterPlugin();
  const ensure = async () => (server ??= await startLivekitServer({ log: !!process.env.LIVEKIT_LOG }));
  return {
    name: 'livekit',
    async serverStop() {
      await server?.stop();
      server = undefined;
      await cluster.serverStop();
    },
    async executeCommand({ command, payload }) {
      if (command.startsWith('cluster-')) return cluster.executeCommand({ command, payload });
      if (!command.startsWith('livekit-')) return undefined;
      const s = await ensure();
      switch (command) {
        case 'livekit-fuzz-config': // the lifecycle fuzz's seed and length, from the environment (FUZZ_SEED, FUZZ_SEQUENCES)
          return { seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, sequences: Number(process.env.FUZZ_SEQUENCES ?? 200) };
        case 'livekit-info':
          return { url: s.url, httpUrl: s.httpUrl };
        case 'livekit-token': {
          const { identity, room, name, metadata, attributes, ttl, grants } = payload;
          const secret = payload.wrongSecret ? 'not-the-secret-of-this-server' : s.apiSecret;
          const at = new AccessToken(s.apiKey, secret, { identity, name, metadata, attributes, ttl: ttl ?? '10m' });
          at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true, ...grants });
          return { token: await at.toJwt() };
        }
        case 'livekit-participants': {
          // livekit-server v1.13.5 answers a room that does not exist (never made, or closed) with an empty
          // list, single node and with Redis alike (tried). A 'not_found' (HTTP 404) from another version
          // means the same. Any other failure (server down, bad credentials) is an error, never "nobody":
          // an empty list here is what "no longer in the room" checks wait for.
          const svc = new RoomServiceClient(s.httpUrl, s.apiKey, s.apiSecret);
          let list;
          try {
            list = await svc.listParticipants(payload.room);
          } catch (err) {
            if (err?.status === 404 || err?.code === 'not_found') return [];
            throw new Error(`listParticipants(${payload.room}) failed: ${err?.message ?? err}`);
          }
          return list.map((p) => ({
            identity: p.identity,
            tracks: p.tracks.map((t) => ({ type: t.type, source: t.source, name: t.name, muted: t.muted })),
          }));
        }
        case 'livekit-stop':
          await s.stop();
          server = undefined;
          return { stopped: true };
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
