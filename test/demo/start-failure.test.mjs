// `npm start` when it cannot start: one plain message, a non-zero exit, and no process left behind
// (found by a marker in the environment: processes.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { processesWith } from './processes.mjs';

/** Runs the demo server with `env`; resolves to { code, stdout, stderr, marker } once it has exited. */
function runDemo(env, timeoutMs = 60000) {
  const marker = `SPATIUS_DEMO_RUN=${randomUUID()}`;
  const [key, value] = marker.split('=');
  const child = spawn(process.execPath, ['scripts/demo-server.mjs'], { env: { ...process.env, ...env, [key]: value }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the demo did not exit within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(t);
      resolve({ code, signal, stdout, stderr, marker });
    });
  });
}

test('npm start with its page port taken: says so, exits non-zero, starts no livekit-server', { timeout: 90000 }, async () => {
  const holder = createServer();
  await new Promise((r) => holder.listen(0, '127.0.0.1', r));
  const { port } = holder.address();
  try {
    const run = await runDemo({ PORT: String(port), LIVEKIT_LOG: '1' });
    assert.notEqual(run.code, 0, 'a non-zero exit');
    assert.match(run.stderr, new RegExp(`cannot start: port ${port} on 127\\.0\\.0\\.1 is already in use`), run.stderr);
    assert.match(run.stderr, /PORT=0/, 'the message says how to pick another port');
    assert.doesNotMatch(run.stderr, /starting LiveKit server/, 'the port is checked before any child starts');
    assert.doesNotMatch(run.stderr, /EADDRINUSE\s+at /, 'no stack trace for a known failure');
    assert.deepEqual(processesWith(run.marker), [], 'no process of the demo is left');
  } finally {
    holder.close();
  }
});

test('npm start when the agent cannot start: says so, exits non-zero, stops the livekit-server it started', { timeout: 90000 }, async () => {
  const run = await runDemo({ PORT: '0', LIVEKIT_LOG: '1', CHROMIUM_BIN: '/nonexistent/chromium' });
  assert.notEqual(run.code, 0, 'a non-zero exit');
  const started = /starting LiveKit server\s+\{[^}]*"portHttp": (\d+)/.exec(run.stderr);
  assert.ok(started, `livekit-server had started before the failure:\n${run.stderr}`);
  assert.match(run.stderr, /cannot start: could not start the avatar agent's Chromium \(\/nonexistent\/chromium/);
  assert.deepEqual(processesWith(run.marker), [], 'no process of the demo is left');
  await assert.rejects(fetch(`http://127.0.0.1:${started[1]}`), 'the LiveKit server is gone');
});
