// The demo: a local LiveKit server, a token endpoint shaped like LiveKit's standard one (so that
// livekit-client's TokenSource.endpoint can use it), a static server for demo/ and dist/, and the avatar
// agent (demo/agent.html) in headless Chromium. Ctrl-C stops everything it started.
// PORT picks the page's port (default 8080; 0 = any free port); DEMO_AGENT=0 runs no agent.
//
// Start-up failures (the page's port taken, livekit-server or Chromium missing or failing) end the demo
// with one plain message and a non-zero exit, leaving nothing behind: the page's port is taken first,
// before any child starts; then every exit path (failure, Ctrl-C, SIGTERM, SIGHUP, an uncaught error)
// goes through stop(), and children still running at process exit are killed (trackChild, puppeteer).
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken } from 'livekit-server-sdk';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/chromium.mjs';
import { assertTcpPortFree, startLivekitServer } from './livekit-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.wav': 'audio/wav', '.ogg': 'audio/ogg' };
const STATIC = ['demo', 'dist', 'node_modules/lit', 'node_modules/@lit', 'node_modules/lit-html', 'node_modules/lit-element', 'node_modules/livekit-client'];

let livekit;
let agent;

async function token(body) {
  // Request and response as in LiveKit's standard token endpoint.
  if (!livekit) throw new Error('the LiveKit server is not up yet');
  const room = body.room_name || 'demo';
  const identity = body.participant_identity || `viewer-${Math.random().toString(36).slice(2, 8)}`;
  const at = new AccessToken(livekit.apiKey, livekit.apiSecret, { identity, name: body.participant_name || identity, ttl: '1h' });
  at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
  return { server_url: livekit.url, participant_token: await at.toJwt() };
}

const server = createServer(async (req, res) => {
  try {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/token' && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const body = raw ? JSON.parse(raw) : {};
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(await token(body)));
      return;
    }
    const path = url.pathname === '/' ? '/demo/index.html' : normalize(decodeURIComponent(url.pathname));
    if (!STATIC.some((dir) => path.startsWith(`/${dir}/`))) {
      res.writeHead(404).end('not found');
      return;
    }
    const data = await readFile(join(root, path));
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(data);
  } catch (err) {
    res.writeHead(err?.code === 'ENOENT' ? 404 : 500).end(String(err?.message ?? err));
  }
});

let stopping = false;

/** Stops what was started, in reverse order, then exits with `code`. Every exit path comes here. */
async function stop(code = 0, message) {
  if (stopping) return;
  stopping = true;
  if (message) console.error(message);
  server.close();
  await agent?.close().catch(() => undefined);
  await livekit?.stop().catch(() => undefined);
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
process.on('uncaughtException', (err) => stop(1, `spatius-avatar demo: stopped by an error: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => stop(1, `spatius-avatar demo: stopped by an error: ${err?.stack ?? err}`));

async function start() {
  const port = Number(process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT=${process.env.PORT} is not a port number (0 to 65535; 0 = any free port)`);
  // The page's port first, before any child starts: a port taken ends the demo here, with nothing to stop.
  await assertTcpPortFree(port, 'the demo page (set PORT to another port, or PORT=0 for any free one)');
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actual } = server.address();
  const base = `http://127.0.0.1:${actual}`;

  livekit = await startLivekitServer({ log: !!process.env.LIVEKIT_LOG });
  if (stopping) return;

  if (process.env.DEMO_AGENT !== '0') {
    // Our own signal handlers stop the agent, then the server, then exit 0 (puppeteer's would exit 130 first).
    agent = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false })
      .catch((err) => {
        throw new Error(`could not start the avatar agent's Chromium (${CHROMIUM}; CHROMIUM_BIN picks another, DEMO_AGENT=0 runs no agent): ${err.message}`);
      });
    const page = await agent.newPage();
    page.on('console', (m) => { if (m.text().startsWith('[agent]') || process.env.DEMO_VERBOSE) console.log(m.text()); });
    page.on('pageerror', (e) => console.error(`[agent] error: ${e.message}`));
    await page.goto(`${base}/demo/agent.html?room=demo`);
  }
  if (stopping) return;
  console.log(`spatius-avatar demo: ${base}/  (LiveKit server ${livekit.url}; Ctrl-C stops everything)`);
}

try {
  await start();
} catch (err) {
  await stop(1, `spatius-avatar demo: cannot start: ${err?.message ?? err}`);
}
