import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import { connectError } from '../../../src/room/connect-error.js';

describe("a failed connect as the element's error", () => {
  test("an error of ours passes as it is, whatever its message holds (a port like 4403 is no token refusal)", () => {
    const ours = new SpatiusAvatarError('connection-failed', "the page's Content-Security-Policy (connect-src) does not allow wss://lk.example.com:4403");
    assert.equal(connectError(ours, 'tok'), ours);
  });

  test("livekit-client's: a refused token is token-rejected, anything else connection-failed; the token never in the message", () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2In0.c2ln';
    const refused = connectError(new Error(`could not establish signal connection: invalid token: ${token}`), token);
    assert.equal(refused.code, 'token-rejected');
    assert.ok(!refused.message.includes(token), refused.message);
    assert.equal(connectError(new Error('WS closed unexpectedly with code 1006'), token).code, 'connection-failed');
    assert.equal(connectError('not an error', token).code, 'connection-failed');
    assert.equal(connectError(new Error('unauthorized'), token).fatal, true);
  });
});
