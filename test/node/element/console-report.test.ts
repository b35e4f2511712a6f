// The element's console lines by log-level: fatal errors, other errors, the voice blocked by autoplay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import { logReport } from '../../../src/element/console-report.js';
import type { LogLevel } from '../../../src/core/event-details.js';

function lines(error: SpatiusAvatarError, level: LogLevel, token = '') {
  const out: string[] = [];
  const sink = { error: (m: string) => out.push(`error ${m}`), warn: (m: string) => out.push(`warn ${m}`), info: (m: string) => out.push(`info ${m}`) };
  logReport(error, level, token, sink);
  return out;
}

const fatal = new SpatiusAvatarError('token-rejected', 'the server refused the token');
const warning = new SpatiusAvatarError('invalid-attribute', 'look="Sol" is not aurora, sol, nova; using the default (aurora)', false);
const blocked = new SpatiusAvatarError('audio-blocked', 'the browser blocked the voice', false);

test('a fatal error is console.error at info, warning and error; nothing at none', () => {
  for (const level of ['info', 'warning', 'error'] as const) assert.deepEqual(lines(fatal, level), ['error <spatius-avatar> token-rejected (fatal): the server refused the token'], level);
  assert.deepEqual(lines(fatal, 'none'), []);
});

test('another error is console.warn at info and warning only', () => {
  assert.equal(lines(warning, 'warning')[0], 'warn <spatius-avatar> invalid-attribute: look="Sol" is not aurora, sol, nova; using the default (aurora)');
  assert.equal(lines(warning, 'info').length, 1);
  assert.deepEqual(lines(warning, 'error'), []);
  assert.deepEqual(lines(warning, 'none'), []);
});

test('the voice blocked by autoplay is console.info at info only (the usual state before a click)', () => {
  assert.deepEqual(lines(blocked, 'info'), ['info <spatius-avatar> audio-blocked: the browser blocked the voice']);
  assert.deepEqual(lines(blocked, 'warning'), []);
});

test('tokens are redacted: the given one and anything shaped like a JWT', () => {
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWV3ZXIifQ.c2lnbmF0dXJl';
  const out = lines(new SpatiusAvatarError('connection-failed', `invalid token: ${jwt} (secret-token)`), 'warning', 'secret-token');
  assert.equal(out.length, 1);
  assert.ok(!out[0]!.includes(jwt) && !out[0]!.includes('secret-token'), out[0]);
});
