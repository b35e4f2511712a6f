// The end-to-end bench's bed: a real livekit-server (127.0.0.1), a static server for the pages (built with
// esbuild here) and the built standalone element (dist/), an agent browser publishing the avatars
// (pages/agent.ts: MotionPublisher, voice + motion, speaking) and a viewer browser (pages/viewer.ts, and the
// voice-only baseline pages/voice.ts) that the figures are read from, each Debian's Chromium via puppeteer-core.
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { AccessToken } from 'livekit-server-sdk';
import puppeteer from 'puppeteer-core';
import type { Browser, CDPSession, Page } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../../test/chromium.mjs';
import { startLivekitServer } from '../../scripts/livekit-server.mjs';

interface Livekit { url: string; httpUrl: string; apiKey: string; apiSecret: string; stop(): Promise<void> }

const here = fileURLToPath(new URL('.', import.meta.url));
export const STANDALONE = join(here, '../../dist/spatius-avatar.standalone.js');
// The viewer loads the built element first (a classic module script, as a page would), then the driver.
const HTML: Record<string, string> = {
  agent: '<!doctype html><meta charset="utf-8"><body><script type="module" src="/agent.js"></script></body>',
  viewer: '<!doctype html><meta charset="utf-8"><body style="margin:0"><script type="module" src="/spatius-avatar.standalone.js"></script><script type="module" src="/viewer.js"></script></body>',
  // The voice-only baseline (pages/voice.ts): the same page as the idle viewer (the element's script loaded, no
  // element), its driver a plain livekit-client voice call instead.
  voice: '<!doctype html><meta charset="utf-8"><body style="margin:0"><script type="module" src="/spatius-avatar.standalone.js"></script><script type="module" src="/voice.js"></script></body>',
};

export class E2eBed {
  private constructor(readonly livekit: Livekit, private readonly server: Server, readonly base: string, private readonly dir: string, readonly agentBrowser: Browser, readonly viewerBrowser: Browser) {}

  static async start(): Promise<E2eBed> {
    if (!existsSync(STANDALONE)) throw new Error(`${STANDALONE} is missing: run 'npm run build' first`);
    const dir = mkdtempSync(join(tmpdir(), 'e2e-bench-'));
    await build({
      entryPoints: [
        ...['agent', 'viewer', 'voice'].map((n) => ({ out: n, in: join(here, 'pages', `${n}.ts`) })),
        // MotionPublisher loads its sender worker by `new URL('./motion-sender.worker.ts', import.meta.url)`.
        { out: 'motion-sender.worker', in: join(here, '../../src/publisher/motion-sender.worker.ts') },
      ],
      bundle: true, format: 'esm', target: 'es2022', outdir: dir, logLevel: 'error', platform: 'browser',
    });
    const livekit = (await startLivekitServer()) as Livekit;
    const server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const page = /^\/(\w+)\.html$/.exec(path)?.[1];
      if (path === '/favicon.ico') return void res.writeHead(204).end();
      if (page && HTML[page]) return void res.writeHead(200, { 'content-type': 'text/html' }).end(HTML[page]);
      let body: Buffer;
      try {
        body = path === '/spatius-avatar.standalone.js' ? readFileSync(STANDALONE) : readFileSync(join(dir, path.replace(/^\//, '').replace(/\.ts$/, '.js')));
      } catch {
        return void res.writeHead(404).end();
      }
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const [agentBrowser, viewerBrowser] = [await launch(), await launch()];
    return new E2eBed(livekit, server, `http://127.0.0.1:${port}`, dir, agentBrowser, viewerBrowser);
  }

  async token(identity: string, room: string): Promise<string> {
    const at = new AccessToken(this.livekit.apiKey, this.livekit.apiSecret, { identity, ttl: '1h' });
    at.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true });
    return at.toJwt();
  }

  /** The avatars: one Room + MotionPublisher per room name, all in one agent page, speaking from the start. */
  async startAvatars(rooms: string[], log: (s: string) => void): Promise<Page> {
    const tokens = await Promise.all(rooms.map((r, i) => this.token(`avatar-${i}`, r)));
    const page = await this.agentBrowser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') log(`[agent] ${m.text()}`); });
    await page.goto(`${this.base}/agent.html?url=${encodeURIComponent(this.livekit.url)}&tokens=${tokens.join(',')}`);
    await page.waitForFunction('window.ready === true', { timeout: 60000 });
    return page;
  }

  /**
   * A viewer page in the viewer browser (its only page: the browser's renderers are this page's): `viewer`
   * drives the element (pages/viewer.ts), `voice` is the voice-only baseline (pages/voice.ts).
   */
  async viewer(log: (s: string) => void, kind: 'viewer' | 'voice' = 'viewer'): Promise<{ page: Page; cdp: CDPSession }> {
    for (const p of await this.viewerBrowser.pages()) await p.close();
    const page = await this.viewerBrowser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') log(`[viewer] ${m.text()}`); });
    page.on('pageerror', (e) => log(`[viewer] ${String(e)}`));
    await page.setViewport({ width: 1400, height: 800 });
    await page.goto(`${this.base}/${kind}.html`);
    await page.waitForFunction('window.ready === true && !!customElements.get("spatius-avatar")', { timeout: 30000 });
    const cdp = await page.createCDPSession();
    await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
    return { page, cdp };
  }

  async stop(): Promise<void> {
    await this.viewerBrowser.close().catch(() => undefined);
    await this.agentBrowser.close().catch(() => undefined);
    this.server.close();
    await this.livekit.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Performance.getMetrics as a name → value map (seconds for the durations). */
export async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** CPU seconds so far per process type of a browser (SystemInfo.getProcessInfo: renderer, gpu, browser, utility…). */
export async function processCpu(browser: Browser): Promise<Record<string, number>> {
  const cdp = await browser.target().createCDPSession();
  try {
    const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
    const out: Record<string, number> = {};
    for (const p of processInfo) out[p.type] = (out[p.type] ?? 0) + p.cpuTime;
    return out;
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

async function launch(): Promise<Browser> {
  return puppeteer.launch({ executablePath: CHROMIUM as string, headless: true, args: [...(CHROMIUM_ARGS as string[])], protocolTimeout: 600000 });
}
