// Starts a throwaway `livekit-server --dev` bound to 127.0.0.1 on free ports, for tests and the demo.
// Used by the test runner's plugins (test/livekit-plugin.mjs, test/livekit-cluster-plugin.mjs) and by
// scripts/demo-server.mjs. With `redis`, the server is one node of a cluster (multi-node routing).
//
// Every child started here is stopped when this process exits, whatever the path (normal exit, an
// uncaught error, SIGINT/SIGTERM handled by the caller): see `children` below.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const LIVEKIT_VERSION = 'v1.13.5';
export const API_KEY = 'devkey';
export const API_SECRET = 'secret';

/** Where scripts/setup.sh installs the server: a per-user cache outside the clone. */
export function livekitBinary() {
  if (process.env.LIVEKIT_SERVER_BIN) return process.env.LIVEKIT_SERVER_BIN;
  const cache = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cache, 'spatius-avatar', `livekit-${LIVEKIT_VERSION}`, 'livekit-server');
}

// --- children: never left behind ---------------------------------------------------------------------
const children = new Set();
let exitHookInstalled = false;

/**
 * Registers a child process so that it is killed (SIGKILL) if this process exits while it still runs:
 * `process.on('exit')` runs on every exit path that runs JavaScript at all (process.exit, the end of the
 * event loop, an uncaught exception). A SIGINT or SIGTERM with no handler skips it: callers that run
 * long (the demo) handle both signals and exit through process.exit.
 */
export function trackChild(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    });
  }
  return child;
}

// --- ports -------------------------------------------------------------------------------------------
export function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

/**
 * Resolves when `port` on 127.0.0.1 can be listened on; rejects with a plain message (naming the port and
 * `what` wants it) when it cannot. Port 0 always can. Used before starting any child.
 */
export function assertTcpPortFree(port, what) {
  if (!port) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', (err) => {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : err.code === 'EACCES' ? 'is not allowed for this user' : `cannot be used (${err.code ?? err.message})`;
      reject(new Error(`port ${port} on 127.0.0.1 ${why}; ${what} needs it`));
    });
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve()));
  });
}

/** As assertTcpPortFree, for a UDP port. */
export function assertUdpPortFree(port, what) {
  if (!port) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', (err) => reject(new Error(`UDP port ${port} on 127.0.0.1 cannot be used (${err.code ?? err.message}); ${what} needs it`)));
    sock.bind(port, '127.0.0.1', () => sock.close(() => resolve()));
  });
}

async function waitForHttp(url, child, ms, name) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode}`);
    try {
      // bounded: a process that took the port after it was picked may accept and never answer
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not answer on ${url} within ${ms} ms`);
}

/** Ends a child: SIGTERM, SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child, graceMs = 3000, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(t);
}

/**
 * Starts the server. Resolves to `{ url, httpUrl, apiKey, apiSecret, nodeId, ports, process, stop() }`.
 * `stop()` ends the process (SIGTERM, then SIGKILL) and resolves when it has exited; `stop('SIGKILL')`
 * kills it at once (a node that dies).
 *
 * Options: `log` (server log on this process's output), `redis` ('127.0.0.1:PORT': a node of a cluster),
 * `region` and `regions` (node selector `regionaware`: a new room goes to the node in the region nearest
 * to the node that was asked for it), `name` (in messages), `ports` (`{ http, tcp, udp }`, a previous
 * server's `ports`: start on exactly these, as a server that restarts does, so clients holding its URL
 * find it again; rejects, starting nothing, when one of them is taken), `loopback` (media on 127.0.0.1 only:
 * `rtc.enable_loopback_candidate` and `rtc.ips`; by default the server's UDP socket is on the machine's other
 * addresses only, and the UDP relay of test/support/udp-relay.mjs forwards to 127.0.0.1), `pickPorts` (tests:
 * an async function giving `[http, tcp, udp]` in place of three free ports).
 */
export async function startLivekitServer(options = {}) {
  // Free ports are picked, then released for the server to take: another process (an outgoing connection
  // takes an ephemeral port from the same range) can take one in between. Then the server stops at once
  // ("address already in use"): pick new ones and start again. A restart on given ports does not retry.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (err) {
      if (options.ports || attempt >= 3 || !/address already in use/.test(err.message)) throw err;
      if (options.log) process.stderr.write(`${options.name ?? 'livekit-server'}: a picked port was taken, starting again on new ports\n`);
    }
  }
}

/** Three free ports: HTTP (signal), ICE over TCP, media over UDP. */
const pickFreePorts = async () => [await freeTcpPort(), await freeTcpPort(), await freeUdpPort()];

async function startOnce({ log = false, redis, region, regions, name = 'livekit-server', ports, loopback = false, pickPorts = pickFreePorts }) {
  const bin = livekitBinary();
  if (!existsSync(bin)) {
    throw new Error(`livekit-server not found at ${bin}: run 'npm run setup' (scripts/setup.sh) first`);
  }
  if (ports) {
    await assertTcpPortFree(ports.http, `${name} (restarting on its ports)`);
    await assertTcpPortFree(ports.tcp, `${name} (restarting on its ports: ICE over TCP)`);
    await assertUdpPortFree(ports.udp, `${name} (restarting on its ports: media over UDP)`);
  }
  const [port, tcpPort, udpPort] = ports ? [ports.http, ports.tcp, ports.udp] : await pickPorts();
  const config = [
    `port: ${port}`,
    'bind_addresses: ["127.0.0.1"]',
    'rtc:',
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    '  node_ip: 127.0.0.1',
    '  use_external_ip: false',
    // The relay's checks reach the server's 127.0.0.1 socket only; with other addresses too, the server's one
    // advertised candidate (every address rewritten to node_ip 127.0.0.1) can be based on another socket, and
    // then the checks arriving on 127.0.0.1 go unanswered (seen: 3 in 5 runs with two extra interfaces).
    ...(loopback ? ['  enable_loopback_candidate: true', '  ips:', '    includes: ["127.0.0.1/32"]'] : []),
    'logging:',
    // info: the start-up line carries the node's id (read below); shown only with `log`
    `  level: ${log || redis ? 'info' : 'warn'}`,
  ];
  if (redis) config.push('redis:', `  address: ${redis}`);
  if (region) {
    config.push(`region: ${region}`, 'node_selector:', '  kind: regionaware', '  sysload_limit: 1000', '  regions:');
    for (const r of regions ?? []) config.push(`    - name: ${r.name}`, `      lat: ${r.lat}`, `      lon: ${r.lon}`);
  }
  const child = trackChild(spawn(bin, ['--dev', '--bind', '127.0.0.1', '--config-body', config.join('\n')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  let stderr = '';
  let nodeId;
  child.stderr.on('data', (d) => {
    if (log) process.stderr.write(d);
    stderr = (stderr + d).slice(-8000);
    nodeId ??= /"nodeID": "(ND_\w+)"/.exec(stderr)?.[1];
  });
  // A start-up error is printed on stdout, and the process exits 0 (its main prints the error and returns).
  let stdout = '';
  child.stdout.on('data', (d) => {
    if (log) process.stdout.write(d);
    stdout = (stdout + d).slice(-4000);
  });
  const output = async () => {
    // what it printed before it exited: its pipes are read to their end
    if (child.exitCode !== null || child.signalCode !== null) {
      await new Promise((r) => {
        if (child.stdout.readableEnded) return r();
        child.stdout.once('end', r);
        setTimeout(r, 1000);
      });
    }
    return `${stdout.trim() ? `${stdout.trim()}\n` : ''}${stderr}`;
  };
  const httpUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(httpUrl, child, 15000, name);
    // the port was free when picked; if another process took it first, whatever answered was not ours
    await new Promise((r) => setTimeout(r, 50));
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited with ${child.exitCode ?? child.signalCode} (port ${port} taken?)`);
  } catch (err) {
    await stopChild(child, 0, 'SIGKILL');
    throw new Error(`${err.message}\n${await output()}`);
  }
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    get nodeId() {
      return nodeId;
    },
    ports: { http: port, tcp: tcpPort, udp: udpPort },
    process: child,
    async stop(signal = 'SIGTERM') {
      await stopChild(child, 3000, signal);
    },
  };
}
