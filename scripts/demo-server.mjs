// The demo: a local LiveKit server, a token endpoint shaped like LiveKit's standard one (so that
// livekit-client's TokenSource.endpoint can use it), a static server for demo/ and dist/, and the avatar
// agent (demo/agent.html) in headless Chromium. Ctrl-C stops everything it started.
// PORT picks the page's port (default 8080; 0 = any free port); DEMO_AGENT=0 runs no agent.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AccessToken } from 'livekit-server-sdk';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/chromium.mjs';
import { startLivekitServer } from './livekit-server.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css',
  '.json': 'application/json', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml', '.wav': 'audio/wav', '.ogg': 'audio/ogg' };
const STATIC = ['demo', 'dist', 'node_modules/lit', 'node_modules/@lit', 'node_modules/lit-html', 'node_modules/lit-element', 'node_modules/livekit-client'];

const livekit = await startLivekitServer({ log: !!process.env.LIVEKIT_LOG });

async function token(body) {
  // Request and response as in LiveKit's standard token endpoint.
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

const port = Number(process.env.PORT ?? 8080);
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const { port: actual } = server.address();
const base = `http://127.0.0.1:${actual}`;

let agent;
if (process.env.DEMO_AGENT !== '0') {
  // Our own SIGINT handler stops the agent, then the server, then exits 0 (puppeteer's would exit 130 first).
  agent = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  const page = await agent.newPage();
  page.on('console', (m) => { if (m.text().startsWith('[agent]') || process.env.DEMO_VERBOSE) console.log(m.text()); });
  page.on('pageerror', (e) => console.error(`[agent] error: ${e.message}`));
  await page.goto(`${base}/demo/agent.html?room=demo`);
}
console.log(`spatius-avatar demo: ${base}/  (LiveKit server ${livekit.url}; Ctrl-C stops everything)`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  server.close();
  await agent?.close().catch(() => undefined);
  await livekit.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
