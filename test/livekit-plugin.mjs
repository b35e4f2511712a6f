// A @web/test-runner plugin that owns one LiveKit server for the whole test run (started on the
// first command, so runs without end-to-end tests never start it) and answers
// server commands from tests (see test/e2e/livekit.ts for the browser side):
//   livekit-info                     -> { url }
//   livekit-token {identity, room, name?, metadata?, attributes?, ttl?, grants?} -> { token }
//   livekit-participants {room}      -> [{ identity, tracks: [{ type, source, name, muted }] }]
//   livekit-stop                     -> stop the server (SIGTERM); the next other command starts a fresh one on new ports
//   livekit-start                    -> start the stopped server again on the SAME ports (a restart, as
//                                       clients see it: the URL they hold works again) -> { url }
//   livekit-mute-track {room, identity, name, muted} -> RoomServiceClient.mutePublishedTrack (the SFU stops
//                                       forwarding the track; the publisher is told) -> { sid, muted }
//   livekit-unsubscribe {room, identity, publisher, name, subscribe} -> RoomServiceClient.updateSubscriptions: the
//                                       server (un)subscribes `identity` to `publisher`'s track `name` -> { sid }
//   livekit-remove-participant {room, identity} -> RoomServiceClient.removeParticipant: the server ends that
//                                       participant's call (its client gets `participant-removed`)
//   livekit-relay-start {up?, down?, seed?, lan?} -> a UDP relay in front of the server's RTC port, impairing
//                                       media (test/support/udp-relay.mjs) -> { id, host, port, serverUdpPort };
//                                       `lan`: on this machine's first non-loopback IPv4 address, not 127.0.0.1
//                                       (Firefox pairs no host candidate of its own with a loopback one)
//   livekit-relay-stats {id}         -> the relay's counters;  livekit-relay-stop {id} -> closes it
//   cluster-*                        -> a two-node cluster with Redis (test/livekit-cluster-plugin.mjs)
//   livekit-token-endpoint {id, room?, then?} -> sets up a token endpoint at /livekit-token-endpoint/<id>
//                                       (LiveKit's standard shape: POST {room_name?, participant_name?} ->
//                                       {server_url, participant_token}; the room is `room` when the request
//                                       names none). `then`: answers to give first, one per request, in order:
//                                       'expired', 'wrong-secret', 'http-500', 'not-json', 'no-token', 'slow'
//                                       (a good token after 1.5 s) -> { path }
//   livekit-token-endpoint-log {id}  -> [{ body, answer, token? }]: every request that endpoint had, in order
//   The endpoint itself is a Koa middleware (`tokenEndpointMiddleware`, in web-test-runner.config.mjs).
import { AccessToken, RoomServiceClient } from 'livekit-server-sdk';
import { startLivekitServer } from '../scripts/livekit-server.mjs';
import { livekitClusterPlugin } from './livekit-cluster-plugin.mjs';
import { createSocket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import { startUdpRelay } from './support/udp-relay.mjs';

/**
 * This machine's non-loopback IPv4 address, where Firefox gathers its host candidates: the one the system
 * routes by (a UDP socket "connected" to a TEST-NET-1 address: nothing is sent), else the first up interface's.
 * Firefox's WebRTC here needs one anyway: it pairs no candidate with a loopback one.
 */
async function lanAddress() {
  const socket = createSocket('udp4');
  try {
    const routed = await new Promise((resolve) => {
      socket.once('error', () => resolve(undefined));
      socket.connect(9, '192.0.2.1', () => resolve(socket.address().address));
    });
    if (routed && !routed.startsWith('127.') && routed !== '0.0.0.0') return routed;
  } finally {
    socket.close();
  }
  const address = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
  if (!address) throw new Error('livekit-relay-start { lan }: this machine has no non-loopback IPv4 address (Firefox pairs no candidate with a loopback one)');
  return address;
}

/** Where test token endpoints are served (same origin as the test page). */
const TOKEN_ENDPOINT = '/livekit-token-endpoint';

/** `loopback`: the server's media also on 127.0.0.1 (the e2e-network group: its UDP relay is there). */
export function livekitPlugin({ loopback = false } = {}) {
  let server;
  /** The ports of the server `livekit-stop` stopped: `livekit-start` brings it back on them. */
  let stoppedPorts;
  const cluster = livekitClusterPlugin();
  /** Token endpoints by id: { room, then: answers still to give, log }. */
  const endpoints = new Map();
  /** Open relays by id (closed with the server). */
  const relays = new Map();
  let relayIds = 0;
  const start = (ports) => startLivekitServer({ log: !!process.env.LIVEKIT_LOG, ports, loopback });
  const ensure = async () => {
    if (!server) {
      stoppedPorts = undefined; // a fresh server on new ports: the stopped one is not coming back
      server = await start();
    }
    return server;
  };
  /** LiveKit's standard token endpoint, as a test sets it up (livekit-token-endpoint). */
  const tokenEndpointMiddleware = async (ctx, next) => {
    if (!ctx.path.startsWith(`${TOKEN_ENDPOINT}/`)) return next();
    const endpoint = endpoints.get(ctx.path.slice(TOKEN_ENDPOINT.length + 1));
    if (!endpoint || ctx.method !== 'POST') {
      ctx.status = 404;
      return undefined;
    }
    let raw = '';
    for await (const chunk of ctx.req) raw += chunk;
    const body = raw ? JSON.parse(raw) : {};
    const answer = endpoint.then.shift() ?? 'ok';
    const entry = { body, answer };
    endpoint.log.push(entry);
    if (answer === 'http-500') {
      ctx.status = 500;
      ctx.body = 'token endpoint down';
      return undefined;
    }
    if (answer === 'not-json') {
      ctx.status = 200;
      ctx.type = 'text/html';
      ctx.body = '<html>not a token</html>';
      return undefined;
    }
    if (answer === 'slow') await new Promise((r) => setTimeout(r, 1500));
    const s = await ensure();
    const identity = body.participant_identity || `viewer-${endpoint.log.length}-${Math.random().toString(36).slice(2, 8)}`;
    const secret = answer === 'wrong-secret' ? 'not-the-secret-of-this-server' : s.apiSecret;
    const at = new AccessToken(s.apiKey, secret, { identity, name: body.participant_name || identity, ttl: answer === 'expired' ? '-10m' : '10m' });
    at.addGrant({ roomJoin: true, room: body.room_name || endpoint.room, canPublish: true, canSubscribe: true, canPublishData: true });
    ctx.status = 201; // as LiveKit's example endpoints answer
    ctx.type = 'application/json';
    entry.token = await at.toJwt(); // for tests that look for it where it must not be
    ctx.body = JSON.stringify(answer === 'no-token' ? { server_url: s.url } : { server_url: s.url, participant_token: entry.token });
    return undefined;
  };
  return {
    tokenEndpointMiddleware,
    name: 'livekit',
    async serverStop() {
      for (const r of relays.values()) await r.close();
      relays.clear();
      await server?.stop();
      server = undefined;
      await cluster.serverStop();
    },
    async executeCommand({ command, payload }) {
      if (command.startsWith('cluster-')) return cluster.executeCommand({ command, payload });
      if (!command.startsWith('livekit-')) return undefined;
      if (command === 'livekit-start') {
        if (server) throw new Error('livekit-start: the server is running (livekit-stop it first)');
        if (!stoppedPorts) throw new Error('livekit-start: no server was stopped by livekit-stop');
        // Fails (and leaves nothing running: startLivekitServer's clean-up) if another process took a port.
        server = await start(stoppedPorts);
        return { url: server.url };
      }
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
            sid: p.sid,
            state: p.state,
            tracks: p.tracks.map((t) => ({ type: t.type, source: t.source, name: t.name, muted: t.muted })),
          }));
        }
        case 'livekit-token-endpoint': {
          endpoints.set(String(payload.id), { room: payload.room, then: [...(payload.then ?? [])], log: [] });
          return { path: `${TOKEN_ENDPOINT}/${payload.id}` };
        }
        case 'livekit-token-endpoint-log':
          return endpoints.get(String(payload.id))?.log ?? [];
        case 'livekit-stop':
          await s.stop();
          server = undefined;
          stoppedPorts = s.ports;
          return { stopped: true };
        case 'livekit-mute-track': {
          const { room, identity, name, muted } = payload;
          const svc = new RoomServiceClient(s.httpUrl, s.apiKey, s.apiSecret);
          const participant = await svc.getParticipant(room, identity);
          const track = participant.tracks.find((t) => t.name === name);
          if (!track) throw new Error(`livekit-mute-track: ${identity} in ${room} publishes no track named ${name}`);
          const info = await svc.mutePublishedTrack(room, identity, track.sid, muted);
          return { sid: track.sid, muted: info.muted };
        }
        case 'livekit-remove-participant': {
          const { room, identity } = payload;
          await new RoomServiceClient(s.httpUrl, s.apiKey, s.apiSecret).removeParticipant(room, identity);
          return { removed: true };
        }
        case 'livekit-unsubscribe': {
          const { room, identity, publisher, name, subscribe } = payload;
          const svc = new RoomServiceClient(s.httpUrl, s.apiKey, s.apiSecret);
          const track = (await svc.getParticipant(room, publisher)).tracks.find((t) => t.name === name);
          if (!track) throw new Error(`livekit-unsubscribe: ${publisher} in ${room} publishes no track named ${name}`);
          await svc.updateSubscriptions(room, identity, [track.sid], !!subscribe);
          return { sid: track.sid };
        }
        case 'livekit-relay-start': {
          const host = payload?.lan ? await lanAddress() : undefined;
          const relay = await startUdpRelay({ target: s.ports.udp, up: payload?.up, down: payload?.down, seed: payload?.seed ?? 1, host });
          const id = ++relayIds;
          relays.set(id, relay);
          return { id, host: relay.host, port: relay.port, serverUdpPort: s.ports.udp };
        }
        case 'livekit-relay-stats': {
          const relay = relays.get(payload.id);
          if (!relay) throw new Error(`livekit-relay-stats: no relay ${payload.id}`);
          return relay.stats();
        }
        case 'livekit-relay-stop': {
          await relays.get(payload.id)?.close();
          relays.delete(payload.id);
          return { stopped: true };
        }
        default:
          throw new Error(`unknown command ${command}`);
      }
    },
  };
}
