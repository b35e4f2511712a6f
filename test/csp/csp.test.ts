// The element under a page's Content Security Policy and Trusted Types, in Debian's Chromium or Firefox ESR
// (WTR_BROWSER=chromium, the default, or firefox: ./browser.mjs; every case runs in both): the pages in
// test/csp/pages/ (no inline script) are served by @web/dev-server (bare imports resolved, as a bundler
// would) with a Content-Security-Policy header chosen by the test; each page puts one <spatius-avatar> on
// itself and reports whether its worker drew the neutral face, its `error` events and every CSP violation.
// The two refusals (the standalone build's blob: worker under `worker-src 'self'`, a plain-string
// worker-url under Trusted Types) show that the headers are enforced. The connected cases join a real
// livekit-server (scripts/livekit-server.mjs, started here) where an avatar publishes from another tab
// (pages/publisher.html, served without a CSP): under SECURITY.md's policy the element connects, discovers
// the avatar, draws its motion and plays its voice with no violation; with the server missing from
// connect-src it fails with `connection-failed`. Needs the build (`npm run build`) and livekit-server.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import type { DevServerConfig } from '@web/dev-server';
import { AccessToken } from 'livekit-server-sdk';
import type { Browser, Page } from 'puppeteer-core';
import { startLivekitServer } from '../../scripts/livekit-server.mjs';
import type { LivekitServer } from '../../scripts/livekit-server.d.mts';
import { BROWSER, launchBrowser } from './browser.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGES = '/test/csp/pages/';
/** A copy of the module build's worker on another path, as a page that self-hosts it would serve it. */
const COPY = '/test/csp/copy/motion.worker.js';

const STRICT = "default-src 'self'; script-src 'self'; worker-src 'self'";
const TRUSTED_TYPES = "require-trusted-types-for 'script'; trusted-types spatius-avatar lit-html";
const POLICIES: Record<string, string> = {
  strict: STRICT,
  'strict-tt': `${STRICT}; ${TRUSTED_TYPES}`,
  'blob-workers': "default-src 'self'; script-src 'self'; worker-src blob:",
  'blob-workers-tt': `default-src 'self'; script-src 'self'; worker-src blob:; ${TRUSTED_TYPES}`,
};

/** The connected cases' policies, with the LiveKit server's address (known once it runs). */
const ROOM = 'csp-room';
function addConnectPolicies(server: LivekitServer): void {
  const { origin: http } = new URL(server.httpUrl);
  const ws = server.url; // ws://127.0.0.1:<port>
  // SECURITY.md's policy for the module build: the worker from 'self', the server's ws: and http: in
  // connect-src, Trusted Types enforced; no media-src (default-src 'self' stands), no blob:, no inline script
  POLICIES.connect = `${STRICT}; connect-src ${ws} ${http}; ${TRUSTED_TYPES}`;
  // the negative control: the same, with the server left out of connect-src
  POLICIES['connect-missing'] = `${STRICT}; connect-src 'self'; ${TRUSTED_TYPES}`;
  // the server's ws: origin only: why the http: one is needed too
  POLICIES['connect-ws-only'] = `${STRICT}; connect-src ${ws}; ${TRUSTED_TYPES}`;
}

interface ConnectResult {
  events: string[];
  errors: { code: string; message: string; fatal: boolean }[];
  state: string;
  stats: { rendered: number; malformed: number } | null;
  voice: { tracks: number; playing: boolean };
  violations: { directive: string; blocked: string; sample: string }[];
  rejections: string[];
  trustedTypes: boolean;
  pageError?: string;
  /** The tab's console (the browser's own CSP messages included) and page errors. */
  console: string[];
}

interface Result {
  drawn?: boolean;
  failure?: string;
  errors?: { code: string; message: string }[];
  violations?: { directive: string; blocked: string; sample: string }[];
  trustedTypes?: boolean;
  pageError?: string;
}

const requested: string[] = [];
let server: Awaited<ReturnType<typeof startDevServer>>;
let origin = '';
let browser: Browser;
let livekit: LivekitServer | undefined;
let publisherTab: Page | undefined;

type Middleware = NonNullable<DevServerConfig['middleware']>[number];

const csp: Middleware = async (ctx, next) => {
  requested.push(ctx.path);
  if (ctx.path === COPY) {
    ctx.type = 'text/javascript';
    ctx.body = readFileSync(`${ROOT}dist/motion.worker.js`, 'utf8');
    return;
  }
  await next();
  const policy = POLICIES[String(ctx.query.csp ?? '')];
  if (ctx.path.startsWith(PAGES) && ctx.path.endsWith('.html') && policy) ctx.set('Content-Security-Policy', policy);
};

before(async () => {
  assert.ok(existsSync(`${ROOT}dist/index.js`) && existsSync(`${ROOT}dist/motion.worker.js`), 'run npm run build first');
  server = await startDevServer({
    config: {
      rootDir: ROOT,
      hostname: '127.0.0.1',
      port: 0,
      nodeResolve: { exportConditions: ['browser'] },
      middleware: [csp],
    },
    readCliArgs: false,
    readFileConfig: false,
    logStartMessage: false,
    autoExitProcess: false,
  });
  const address = server.server?.address();
  assert.ok(address && typeof address === 'object', 'the server listens');
  origin = `http://127.0.0.1:${address.port}`;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await livekit?.stop();
});

async function token(identity: string, canPublish: boolean, secret = livekit!.apiSecret, room = ROOM): Promise<string> {
  const at = new AccessToken(livekit!.apiKey, secret, { identity, ttl: '10m' });
  at.addGrant({ roomJoin: true, room, canPublish, canSubscribe: true });
  return at.toJwt();
}

/** The server, and the avatar publishing in ROOM from a tab without a CSP (once, for the connected cases). */
async function avatarRoom(): Promise<LivekitServer> {
  if (!livekit) {
    livekit = await startLivekitServer({ log: !!process.env.LIVEKIT_LOG });
    addConnectPolicies(livekit);
  }
  if (!publisherTab) {
    publisherTab = await browser.newPage();
    const query = new URLSearchParams({ url: livekit.url, token: await token('avatar', true) });
    await publisherTab.goto(`${origin}${PAGES}publisher.html?${query}`);
    await publisherTab.waitForFunction('window.published || window.publishError', { timeout: 30000 });
    const error = await publisherTab.evaluate('window.publishError');
    assert.equal(error, undefined, `the publisher failed: ${error}`);
  }
  return livekit;
}

/**
 * A tab's console lines (`<type>: <text>`) and page errors (`pageerror: <error>`), collected from now on.
 * Firefox's own CSP reports are console errors, but WebDriver BiDi sends every console error of a page as a
 * `javascript` log entry, which puppeteer gives as a page error: those are kept as the console errors they
 * are (`error: Content-Security-Policy: …`), as Chromium's come (`error: Refused to …` / `… violates the
 * following Content Security Policy directive …`).
 */
function watchConsole(tab: Page): string[] {
  const lines: string[] = [];
  tab.on('console', (m) => lines.push(`${m.type()}: ${m.text()}`));
  tab.on('pageerror', (e) => {
    const message = e instanceof Error ? e.message : String(e);
    lines.push(message.startsWith('Content-Security-Policy: ') ? `error: ${message}` : `pageerror: ${String(e)}`);
  });
  return lines;
}

/** The browser's own CSP and Trusted Types messages in a tab's console (Chromium's and Firefox's wording). */
const cspMessages = (console: string[]) => console.filter((line) => /content[- ]security[- ]policy|refused to|trusted ?type/i.test(line));

let viewers = 0;
/** Opens pages/connect.html under the named policy with a fresh viewer token, and returns what it reported. */
async function openConnected(policy: string, tokenSecret?: string, room = ROOM): Promise<ConnectResult> {
  const s = await avatarRoom();
  const tab = await browser.newPage();
  const console = watchConsole(tab);
  try {
    const query = new URLSearchParams({ csp: policy, url: s.url, token: await token(`viewer-${++viewers}`, false, tokenSecret, room), room });
    const response = await tab.goto(`${origin}${PAGES}connect.html?${query}`);
    assert.equal(response?.headers()['content-security-policy'], POLICIES[policy], 'the page is served with the policy');
    await tab.waitForFunction('window.cspResult', { timeout: 60000 }).catch(() => assert.fail(`no result: ${console.join('\n')}`));
    const result = (await tab.evaluate('window.cspResult')) as ConnectResult;
    assert.equal(result.pageError, undefined, `the page failed: ${result.pageError}\n${console.join('\n')}`);
    return { ...result, console };
  } finally {
    await tab.close();
  }
}

/** Opens `page` with the named policy (and query), and returns what the page reported. */
async function open(page: string, policy: string, query = ''): Promise<Result> {
  const tab = await browser.newPage();
  const console = watchConsole(tab);
  try {
    const response = await tab.goto(`${origin}${PAGES}${page}?csp=${policy}${query}`);
    assert.equal(response?.headers()['content-security-policy'], POLICIES[policy], 'the page is served with the policy');
    await tab.waitForFunction('window.cspResult', { timeout: 30000 }).catch(() => assert.fail(`no result: ${console.join('\n')}`));
    const result = (await tab.evaluate('window.cspResult')) as Result;
    assert.equal(result.pageError, undefined, `the page failed: ${result.pageError}\n${console.join('\n')}`);
    return result;
  } finally {
    await tab.close();
  }
}

function assertDrawn(result: Result): void {
  assert.deepEqual(result.violations, [], 'no CSP violation');
  assert.deepEqual(result.errors, [], 'no error event');
  assert.equal(result.failure, undefined);
  assert.equal(result.drawn, true, 'the worker drew the neutral face');
}

test(`module build under "${STRICT}": the worker starts from its own file and draws`, async () => {
  assertDrawn(await open('module.html', 'strict'));
});

test('module build with Trusted Types enforced (require-trusted-types-for, trusted-types spatius-avatar lit-html)', async () => {
  const result = await open('module.html', 'strict-tt');
  assert.equal(result.trustedTypes, true, 'the browser has Trusted Types');
  assertDrawn(result);
});

test('worker-url: the module build runs a copy of dist/motion.worker.js served from another path', async () => {
  requested.length = 0;
  assertDrawn(await open('module.html', 'strict', `&worker-url=${encodeURIComponent(COPY)}`));
  assert.ok(requested.includes(COPY), 'the copy was loaded');
  assert.ok(!requested.includes('/dist/motion.worker.js'), 'the built-in worker was not');
});

test('standalone build with what it needs (worker-src blob:), also with Trusted Types enforced', async () => {
  assertDrawn(await open('standalone.html', 'blob-workers'));
  assertDrawn(await open('standalone.html', 'blob-workers-tt'));
});

test("the CSP is enforced: the standalone build's blob: worker is refused under worker-src 'self', and the element says so", async () => {
  const result = await open('standalone.html', 'strict');
  assert.ok(result.violations?.some((v) => v.directive === 'worker-src' && v.blocked === 'blob'), JSON.stringify(result.violations));
  assert.ok(result.errors?.some((e) => e.code === 'worker-failed'), JSON.stringify(result.errors));
  assert.equal(result.drawn, false);
});

test('Trusted Types are enforced: a plain-string worker-url is refused (no page policy), and the element says so', async () => {
  const result = await open('module.html', 'strict-tt', `&worker-url=${encodeURIComponent(COPY)}`);
  // the refused script URL is the page's string (our policy passes the built-in worker only)
  assert.ok(result.violations?.some((v) => v.directive === 'require-trusted-types-for' && v.sample.includes(COPY)), JSON.stringify(result.violations));
  assert.ok(result.errors?.some((e) => e.code === 'worker-failed'), JSON.stringify(result.errors));
  assert.equal(result.drawn, false);
});

test('connected under the documented CSP (connect-src for the server, worker from self, Trusted Types): the avatar is discovered, drawn and heard, no violation', { timeout: 120000 }, async () => {
  const result = await openConnected('connect');
  const detail = JSON.stringify({ ...result, console: result.console.slice(-20) });
  assert.equal(result.trustedTypes, true, 'the browser has Trusted Types');
  assert.deepEqual(result.violations, [], `no CSP violation: ${detail}`);
  assert.deepEqual(cspMessages(result.console), [], 'no CSP message in the console');
  assert.deepEqual(result.errors, [], `no error event: ${detail}`);
  assert.deepEqual(result.rejections, [], 'no unhandled rejection');
  for (const event of ['connected', 'avatar-discovered', 'conversation-start', 'first-frame']) assert.ok(result.events.includes(event), `${event}: ${detail}`);
  assert.equal(result.state, 'connected');
  assert.ok(result.stats && result.stats.rendered >= 40, `motion frames drawn: ${detail}`);
  assert.equal(result.stats?.malformed, 0);
  assert.deepEqual(result.voice, { tracks: 1, playing: true }, "the avatar's voice plays (from a MediaStream: no media-src needed)");
});

// Firefox's `new WebSocket()` throws on the refusal (Chromium fires `error`), inside livekit-client's connect,
// where nothing catches it: the element catches that rejection (src/room/signal-refusal.ts) and fails at once.
test('the CSP is enforced on the connection: with the server missing from connect-src the element fails with connection-failed, no crash, no unhandled rejection', { timeout: 120000 }, async () => {
  const result = await openConnected('connect-missing');
  const detail = JSON.stringify({ ...result, console: result.console.slice(-20) });
  const port = new URL(livekit!.url).port;
  assert.ok(result.violations.some((v) => v.directive === 'connect-src' && v.blocked.includes(`127.0.0.1:${port}`)), `a connect-src violation for the server: ${detail}`);
  assert.ok(cspMessages(result.console).length > 0, `the browser says so in the console: ${detail}`);
  assert.deepEqual(result.errors.map((e) => [e.code, e.fatal]), [['connection-failed', true]], detail);
  // Firefox: the element's own answer to the refusal (livekit-client's would come after its 15 s timeout)
  if (BROWSER === 'firefox') assert.ok(result.errors[0]!.message.includes(`does not allow ws://127.0.0.1:${port}`), detail);
  // What SECURITY.md warns of: the violation carries the signal URL, token included
  assert.ok(result.violations.some((v) => v.blocked.includes('access_token=')), detail);
  assert.equal(result.state, 'failed');
  assert.ok(!result.events.includes('connected'), detail);
  assert.deepEqual(result.rejections, [], 'no unhandled rejection');
  // Firefox writes every rejection nobody handled to its console, even one a listener cancelled (measured with a
  // plain page; Chromium does not): the line of the rejection the element caught, which the page never saw.
  const caughtInFirefox = (line: string) => BROWSER === 'firefox' && line === 'pageerror: Error: NS_ERROR_CONTENT_BLOCKED';
  assert.ok(!result.console.some((line) => line.startsWith('pageerror') && !caughtInFirefox(line)), `no page error: ${detail}`);
});

test("connect-src needs the server's http: origin too: with its ws: origin only, a refused token is reported as connection-failed, not token-rejected", { timeout: 120000 }, async () => {
  // livekit-client asks the server over HTTP (/rtc/v1/validate) why the signal connection failed
  const full = await openConnected('connect', 'not-the-secret');
  assert.deepEqual(full.violations, [], JSON.stringify(full.violations));
  assert.deepEqual(full.errors.map((e) => [e.code, e.fatal]), [['token-rejected', true]], JSON.stringify(full.errors));
  const wsOnly = await openConnected('connect-ws-only', 'not-the-secret');
  const port = new URL(livekit!.url).port;
  assert.ok(wsOnly.violations.some((v) => v.directive === 'connect-src' && v.blocked.startsWith(`http://127.0.0.1:${port}/`)), JSON.stringify(wsOnly.violations));
  assert.deepEqual(wsOnly.errors.map((e) => [e.code, e.fatal]), [['connection-failed', true]], JSON.stringify(wsOnly.errors));
  assert.deepEqual(wsOnly.rejections, [], 'no unhandled rejection');
});

interface PublisherResult {
  published?: boolean;
  publishError?: string;
  violations: { directive: string; blocked: string; sample: string }[];
  rejections: string[];
  workletLoaded?: boolean;
  workletFrames: number;
}

test('the publisher entry under the same CSP (Trusted Types enforced): its sender Worker and AudioWorklet load, it publishes, and a viewer under that CSP draws its motion', { timeout: 120000 }, async () => {
  const s = await avatarRoom();
  const room = 'csp-publisher-room';
  const tab = await browser.newPage();
  const console = watchConsole(tab);
  try {
    const query = new URLSearchParams({ csp: 'connect', url: s.url, token: await token('csp-avatar', true, undefined, room), worklet: '' });
    const response = await tab.goto(`${origin}${PAGES}publisher.html?${query}`);
    assert.equal(response?.headers()['content-security-policy'], POLICIES.connect, 'the page is served with the policy');
    const report = () => tab.evaluate('({ published: window.published, publishError: window.publishError, violations: window.violations, rejections: window.rejections, workletLoaded: window.workletLoaded, workletFrames: window.workletFrames })') as Promise<PublisherResult>;
    await tab.waitForFunction('window.published || window.publishError', { timeout: 30000 }).catch(async () => assert.fail(`not published: ${JSON.stringify(await report())}\n${console.join('\n')}`));
    const published = await report();
    assert.equal(published.publishError, undefined, JSON.stringify({ published, console: console.slice(-20) }));
    const viewer = await openConnected('connect', undefined, room);
    const publisher = await report();
    const detail = JSON.stringify({ publisher, viewer: { ...viewer, console: viewer.console.slice(-20) }, console: console.slice(-20) });
    assert.equal(publisher.publishError, undefined, detail);
    assert.equal(publisher.published, true, detail);
    assert.deepEqual(publisher.violations, [], `no CSP violation on the publisher's page: ${detail}`);
    assert.deepEqual(cspMessages(console), [], `no CSP message in the publisher's console: ${detail}`);
    assert.deepEqual(publisher.rejections, [], 'no unhandled rejection');
    assert.equal(publisher.workletLoaded, true, `AudioMotion's worklet module loaded: ${detail}`);
    // Firefox's AudioContext never runs on this machine (no audio device: docs/testing.md), so its worklet makes no frame
    if (BROWSER === 'chromium') assert.ok(publisher.workletFrames > 0, `AudioMotion's worklet made frames: ${detail}`);
    assert.deepEqual(viewer.violations, [], detail);
    assert.deepEqual(viewer.errors, [], detail);
    assert.ok(viewer.events.includes('first-frame') && viewer.stats && viewer.stats.rendered >= 40, `the viewer drew the publisher's motion: ${detail}`);
  } finally {
    await tab.close();
  }
});
