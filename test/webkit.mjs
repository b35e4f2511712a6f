// A web-test-runner launcher for Debian's WebKitGTK: Xvfb on a display it picks itself, WebKitWebDriver on a
// free port, and for each test file a MiniBrowser of its own driven over plain W3C WebDriver (HTTP): one
// WebKit web process that had loaded nine or more of our files in turn crashed ("WebProcess CRASHED", the
// session "deleted because of page crash or hang") in about half the runs (docs/testing.md).
// Small and dependency-free on purpose: @web/test-runner-webdriver needs webdriverio and a newer
// @web/test-runner-core than this project's. Debian builds WebKitGTK without WebRTC (no RTCPeerConnection),
// so only what needs no peer connection runs here (docs/testing.md).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export const WEBKIT_DRIVER = process.env.WEBKIT_DRIVER_BIN ?? '/usr/bin/WebKitWebDriver';
export const MINIBROWSER = process.env.MINIBROWSER_BIN ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
export const XVFB = process.env.XVFB_BIN ?? '/usr/bin/Xvfb';

/** W3C WebDriver's code points for the named keys sendKeys may press (the spec's table of normalized keys). */
const KEYS = {
  Backspace: '\uE003', Tab: '\uE004', Enter: '\uE007', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A',
  Escape: '\uE00C', Space: ' ', ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015',
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

/** Starts Xvfb with -displayfd, so the X server itself picks a free display and tells us which. */
function startXvfb() {
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  xvfb.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    xvfb.stdio[3].on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve({ process: xvfb, display: `:${out.trim()}` });
    });
    xvfb.once('exit', (code) => reject(new Error(`Xvfb exited (${code}): ${stderr.trim()}`)));
    xvfb.once('error', reject);
  });
}

export function webkitLauncher() {
  let xvfb;
  let driver;
  let base;
  let starting;
  /** The WebDriver session (one MiniBrowser) of each test file's session id, and the file's page. */
  const sessions = new Map();
  const urls = new Map();

  async function wd(method, path, body) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) {
      const crashed = /crash/.test(json.value?.message ?? '');
      throw new Error(`${crashed ? 'WebKitGTK\'s web process crashed: ' : ''}WebDriver ${method} ${path}: ${JSON.stringify(json.value)}`);
    }
    return json.value;
  }

  async function startDriver() {
    xvfb = await startXvfb();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    driver = spawn(WEBKIT_DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      stdio: 'ignore',
      env: { WEBKIT_SKIA_ENABLE_CPU_RENDERING: '1', ...process.env, DISPLAY: xvfb.display },
    });
    driver.once('error', (e) => console.error(`WebKitWebDriver: ${e.message}`));
    for (let i = 0; ; i++) {
      try {
        if ((await wd('GET', '/status')).ready) break;
      } catch (e) {
        if (i > 100) throw new Error(`WebKitWebDriver did not start on port ${port}: ${e.message}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async function newBrowser() {
    const session = await wd('POST', '/session', {
      capabilities: { alwaysMatch: { 'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] } } },
    });
    return session.sessionId;
  }

  return {
    name: 'WebKitGTK',
    type: 'webdriver',
    concurrency: 1,
    async initialize() {},
    async startSession(id, url) {
      await (starting ??= startDriver());
      const browser = await newBrowser();
      sessions.set(id, browser);
      urls.set(id, url);
      await wd('POST', `/session/${browser}/url`, { url });
    },
    isActive: (id) => sessions.has(id),
    // Asked by the runner when a page's connection dropped mid-file: a crashed page is reported (the runner
    // then fails the file with "the browser disconnected") instead of rejecting unhandled.
    getBrowserUrl: (id) =>
      wd('GET', `/session/${sessions.get(id)}/url`).catch((e) => {
        console.error(`${e.message} (while running ${urls.get(id)})`);
        return urls.get(id);
      }),
    async stopSession(id) {
      const browser = sessions.get(id);
      sessions.delete(id);
      urls.delete(id);
      // After a crash WebKitWebDriver has deleted the session itself (the file has failed already).
      if (browser) await wd('DELETE', `/session/${browser}`).catch(() => undefined);
      return {};
    },
    /** For @web/test-runner-commands' sendKeys (`press` and `type`): each key down and up, in turn. */
    async sendKeys(id, keys) {
      const actions = keys.flatMap((key) => {
        const value = KEYS[key] ?? key;
        if ([...value].length !== 1) throw new Error(`sendKeys in WebKitGTK: no key "${key}" (one character, or ${Object.keys(KEYS).join(', ')})`);
        return [{ type: 'keyDown', value }, { type: 'keyUp', value }];
      });
      await wd('POST', `/session/${sessions.get(id)}/actions`, { actions: [{ type: 'key', id: 'keyboard', actions }] });
    },
    async startDebugSession() {
      throw new Error('no debug sessions in WebKitGTK');
    },
    async stop() {
      await Promise.all([...sessions.values()].map((b) => wd('DELETE', `/session/${b}`).catch(() => undefined)));
      sessions.clear();
      driver?.kill();
      xvfb?.process.kill();
    },
  };
}
