// Starts a throwaway Redis (Debian's `redis-server`, installed by scripts/setup.sh) bound to 127.0.0.1 on a
// free port, with nothing written to disk: the shared store and message bus of a multi-node LiveKit
// cluster in tests (test/livekit-cluster-plugin.mjs). Also a minimal RESP client for the few reads the
// tests make (which node hosts a room).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { freeTcpPort, stopChild, trackChild } from './livekit-server.mjs';

export function redisBinary() {
  return process.env.REDIS_SERVER_BIN ?? 'redis-server';
}

/** One command over a fresh connection; resolves to the reply (string, number, null, array) or rejects with a Redis error. */
export function redisCommand(port, ...args) {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    sock.setTimeout(5000, () => sock.destroy(new Error(`redis on port ${port}: no reply within 5 s`)));
    sock.on('error', reject);
    sock.on('connect', () => {
      sock.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(String(a))}\r\n${a}\r\n`).join('')}`);
    });
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      const parsed = parseReply(buf, 0);
      if (!parsed) return;
      sock.end();
      if (parsed.value instanceof Error) reject(parsed.value);
      else resolve(parsed.value);
    });
  });
}

/** RESP2: returns { value, end } or undefined while incomplete. */
function parseReply(buf, at) {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  switch (type) {
    case '+': return { value: line, end: eol + 2 };
    case '-': return { value: new Error(`redis: ${line}`), end: eol + 2 };
    case ':': return { value: Number(line), end: eol + 2 };
    case '$': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      if (buf.length < eol + 2 + n + 2) return undefined;
      return { value: buf.toString('utf8', eol + 2, eol + 2 + n), end: eol + 2 + n + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, end: eol + 2 };
      const items = [];
      let end = eol + 2;
      for (let i = 0; i < n; i++) {
        const item = parseReply(buf, end);
        if (!item) return undefined;
        items.push(item.value);
        end = item.end;
      }
      return { value: items, end };
    }
    default:
      return { value: new Error(`redis: unexpected reply ${JSON.stringify(buf.toString('utf8', at, eol))}`), end: eol + 2 };
  }
}

/** Starts Redis. Resolves to `{ port, address, process, stop() }`. */
export async function startRedis({ log = false } = {}) {
  const port = await freeTcpPort();
  const child = trackChild(spawn(redisBinary(), [
    '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes',
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', log ? 'notice' : 'warning',
  ], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  const keep = (d) => {
    if (log) process.stderr.write(d);
    output = (output + d).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const spawnError = new Promise((_, reject) => child.once('error', (err) => reject(new Error(
    err.code === 'ENOENT' ? `redis-server not found: run 'npm run setup' (scripts/setup.sh) or apt-get install redis-server` : `redis-server: ${err.message}`))));
  const ready = (async () => {
    const until = Date.now() + 15000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}\n${output}`);
      try {
        if ((await redisCommand(port, 'PING')) === 'PONG') return;
      } catch {
        /* not up yet */
      }
      if (Date.now() > until) throw new Error(`redis-server did not answer on 127.0.0.1:${port} within 15 s\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    await Promise.race([ready, spawnError]);
  } catch (err) {
    await stopChild(child, 0, 'SIGKILL');
    throw err;
  }
  return {
    port,
    address: `127.0.0.1:${port}`,
    process: child,
    stop: () => stopChild(child),
  };
}
