// The element under a page's Content Security Policy and Trusted Types, in Debian's Chromium: the pages in
// test/csp/pages/ (no inline script) are served by @web/dev-server (bare imports resolved, as a bundler
// would) with a Content-Security-Policy header chosen by the test; each page puts one <spatius-avatar> on
// itself and reports whether its worker drew the neutral face, its `error` events and every CSP violation.
// The two refusals (the standalone build's blob: worker under `worker-src 'self'`, a plain-string
// worker-url under Trusted Types) show that the headers are enforced. Needs the build (`npm run build`).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startDevServer } from '@web/dev-server';
import type { DevServerConfig } from '@web/dev-server';
import puppeteer from 'puppeteer-core';
import type { Browser } from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';

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
  browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Opens `page` with the named policy (and query), and returns what the page reported. */
async function open(page: string, policy: string, query = ''): Promise<Result> {
  const tab = await browser.newPage();
  const console: string[] = [];
  tab.on('console', (m) => console.push(m.text()));
  tab.on('pageerror', (e) => console.push(String(e)));
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
