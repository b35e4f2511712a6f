// Starts a throwaway `livekit-server --dev` bound to 127.0.0.1 on free ports, for tests and the demo.
// Used by the test runner's plugin (test/livekit-plugin.mjs) and by scripts/start.mjs.
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

function freeTcpPort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function freeUdpPort() {
  return new Promise((resolve, reject) => {
    const sock = createSocket('udp4');
    sock.once('error', reject);
    sock.bind(0, '127.0.0.1', () => {
      const { port } = sock.address();
      sock.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`livekit-server exited with code ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`livekit-server did not answer on ${url} within ${ms} ms`);
}

/**
 * Starts the server. Resolves to `{ url, httpUrl, apiKey, apiSecret, stop() }`.
 * `stop()` ends the process (SIGTERM, then SIGKILL) and resolves when it has exited.
 */
export async function startLivekitServer({ log = false } = {}) {
  const bin = livekitBinary();
  if (!existsSync(bin)) {
    throw new Error(`livekit-server not found at ${bin}: run 'npm run setup' (scripts/setup.sh) first`);
  }
  const [port, tcpPort, udpPort] = [await freeTcpPort(), await freeTcpPort(), await freeUdpPort()];
  const config = [
    `port: ${port}`,
    'bind_addresses: ["127.0.0.1"]',
    'rtc:',
    `  tcp_port: ${tcpPort}`,
    `  udp_port: ${udpPort}`,
    '  node_ip: 127.0.0.1',
    '  use_external_ip: false',
    'logging:',
    `  level: ${log ? 'info' : 'warn'}`,
  ].join('\n');
  const child = spawn(bin, ['--dev', '--bind', '127.0.0.1', '--config-body', config], {
    stdio: ['ignore', log ? 'inherit' : 'ignore', log ? 'inherit' : 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(httpUrl, child, 15000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${err.message}\n${stderr}`);
  }
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url: `ws://127.0.0.1:${port}`,
    httpUrl,
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    process: child,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(t);
    },
  };
}
