// What `npm start` starts (scripts/demo-server.mjs: LiveKit server, token endpoint, pages, the headless
// agent in Chromium), on free ports: the viewer page, in Chromium and in Firefox ESR, sees the avatar speak,
// and Ctrl-C (SIGINT) stops it all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { firefoxLaunchOptions } from '../firefox.mjs';

const VIEWERS = {
  chromium: () => puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
  firefox: () => puppeteer.launch(firefoxLaunchOptions()),
};

for (const [viewer, launch] of Object.entries(VIEWERS)) test(`npm start: the viewer (${viewer}) sees and hears the avatar speak; SIGINT stops everything`, { timeout: 120000 }, async () => {
  const server = spawn(process.execPath, ['scripts/demo-server.mjs'], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((r) => server.once('exit', (code) => r(code)));
  let out = '';
  const address = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no address printed: ${out}`)), 60000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = /demo: (http:\/\/127\.0\.0\.1:\d+\/) {2}\(LiveKit server ws:\/\/(127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve({ page: m[1], livekit: `http://${m[2]}` });
      }
    });
  });
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(address.page);
    const seen = await page.evaluate(async () => {
      const avatar = document.getElementById('avatar');
      const events = [];
      for (const t of ['conversation-start', 'first-frame']) avatar.addEventListener(t, () => events.push(t));
      const until = performance.now() + 45000;
      while (!(avatar.stats && avatar.stats.rendered > 40 && events.includes('conversation-start') && events.includes('first-frame'))) {
        if (performance.now() > until) return { ok: false, events, stats: avatar.stats };
        await new Promise((r) => setTimeout(r, 100));
      }
      const bytes = async () => new Uint8Array(await (await avatar.snapshot()).arrayBuffer()).join(',');
      const a = await bytes();
      await new Promise((r) => setTimeout(r, 300));
      const b = await bytes();
      const audio = avatar.shadowRoot.querySelector('audio');
      const voice = audio.srcObject?.getAudioTracks().length ?? 0;
      return { ok: true, events, stats: avatar.stats, canvasChanged: a !== b, voice, playing: !audio.paused };
    });
    assert.ok(seen.ok, `the avatar did not speak: ${JSON.stringify(seen)}`);
    assert.equal(seen.canvasChanged, true);
    assert.equal(seen.voice, 1, "the avatar's voice is attached");
    assert.equal(seen.playing, true);
    // Echo mode: the viewer talks (the fake microphone's beep), stops, and the avatar says it back.
    const echo = await page.evaluate(async () => {
      const avatar = document.getElementById('avatar');
      const mode = document.getElementById('mode');
      avatar.mic = true;
      await new Promise((r) => setTimeout(r, 1000));
      mode.value = 'echo';
      mode.dispatchEvent(new Event('change'));
      await new Promise((r) => setTimeout(r, 6000)); // the current line ends; the agent listens
      avatar.mic = false;
      const before = avatar.stats.conversations;
      const until = performance.now() + 15000;
      while (avatar.stats.conversations <= before && performance.now() < until) await new Promise((r) => setTimeout(r, 100));
      return { before, after: avatar.stats.conversations };
    });
    assert.ok(echo.after > echo.before, `the avatar did not echo: ${JSON.stringify(echo)}`);
  } finally {
    await browser.close();
    server.kill('SIGINT');
  }
  const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 15000))]);
  assert.equal(code, 0, 'the demo exits cleanly on SIGINT');
  await assert.rejects(fetch(address.livekit), 'the LiveKit server is gone');
});
