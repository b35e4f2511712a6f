import { test } from 'node:test';
import assert from 'node:assert/strict';
import { microphoneError } from '../../../src/room/microphone-errors.js';

const domError = (name: string) => Object.assign(new Error(`${name} happened`), { name });

test('getUserMedia failures map to stable, non-fatal microphone codes', () => {
  const cases: [string, string][] = [
    ['NotAllowedError', 'mic-denied'], ['SecurityError', 'mic-denied'],
    ['NotFoundError', 'mic-not-found'], ['OverconstrainedError', 'mic-not-found'],
    ['NotReadableError', 'mic-in-use'], ['AbortError', 'mic-in-use'],
    ['SomethingElse', 'mic-denied'],
  ];
  for (const [name, code] of cases) {
    const e = microphoneError(domError(name));
    assert.equal(e.code, code, name);
    assert.equal(e.fatal, false, `${name} must not end the call`);
    assert.match(e.message, new RegExp(`${name} happened`));
  }
  assert.equal(microphoneError('a string').code, 'mic-denied');
});
