// The live region's text and the layers' state (pure: a stand-in host with events), for every connection
// state, including `reconnecting`, which the browser tests cannot reach without a server fault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ReactiveController } from 'lit';
import { Announcer } from '../../../src/element/announcer.js';
import { SpatiusAvatarError } from '../../../src/core/errors.js';
import { ViewState } from '../../../src/element/view-state.js';

class FakeHost extends EventTarget {
  updates = 0;
  controllers: ReactiveController[] = [];
  addController(c: ReactiveController) {
    this.controllers.push(c);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  connect() {
    for (const c of this.controllers) c.hostConnected?.();
  }
  disconnect() {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}
type Host = ConstructorParameters<typeof Announcer>[0];
const agent = (host: FakeHost, state: unknown) => host.dispatchEvent(Object.assign(new Event('agent-state-changed'), { detail: { state } }));

test('connection changes are announced with the name; connecting is not; the name is read at the time', () => {
  const host = new FakeHost();
  let name = 'Ada';
  const a = new Announcer(host as unknown as Host, () => name);
  host.connect();
  assert.equal(a.message, '');
  a.connectionChanged('connecting');
  assert.equal(a.message, '', 'connecting is not announced');
  a.connectionChanged('connected');
  assert.equal(a.message, 'Ada: connected');
  a.connectionChanged('reconnecting');
  assert.equal(a.message, 'Ada: connection lost, reconnecting');
  a.connectionChanged('connected');
  name = 'Bo';
  a.connectionChanged('failed');
  assert.equal(a.message, 'Bo: connection failed');
  a.connectionChanged('disconnected');
  assert.equal(a.message, 'Bo: disconnected');
  assert.equal(host.updates, 5, 'each announcement re-renders');
});

test('agent states: known ones announced once per change; unknown, repeated or malformed ones are not; not heard once out of the page', () => {
  const host = new FakeHost();
  const a = new Announcer(host as unknown as Host, () => 'Ada');
  host.connect();
  agent(host, 'initializing');
  assert.equal(a.message, 'Ada: starting');
  agent(host, 'listening');
  assert.equal(a.message, 'Ada: listening');
  const before = host.updates;
  agent(host, 'listening');
  agent(host, 'dancing');
  agent(host, { toString: () => 'speaking' });
  host.dispatchEvent(new Event('agent-state-changed')); // no detail
  assert.equal(a.message, 'Ada: listening');
  assert.equal(host.updates, before);
  a.connectionChanged('disconnected');
  a.connectionChanged('connecting');
  agent(host, 'listening');
  assert.equal(a.message, 'Ada: listening', 'a new call: the same agent state is news again');
  host.disconnect();
  agent(host, 'thinking');
  assert.equal(a.message, 'Ada: listening');
});

test('layers: placeholder until the first frame and again from a new connect; error code only while failed', () => {
  const host = new FakeHost();
  const v = new ViewState(host as unknown as Host);
  host.connect();
  assert.equal(v.beforeFirstFrame, true);
  v.connectionChanged('connecting');
  v.connectionChanged('connected');
  host.dispatchEvent(new Event('first-frame'));
  assert.equal(v.beforeFirstFrame, false);
  v.connectionChanged('reconnecting');
  v.connectionChanged('connected');
  assert.equal(v.beforeFirstFrame, false, 'a LiveKit reconnect keeps the face');
  v.reported(new SpatiusAvatarError('malformed-motion', 'x', false));
  v.connectionChanged('disconnected');
  assert.equal(v.errorCode, undefined, 'non-fatal errors show nothing');
  v.connectionChanged('connecting');
  assert.equal(v.beforeFirstFrame, true, 'a new connect shows the placeholder until its first frame');
  v.reported(new SpatiusAvatarError('token-rejected', 'x', true));
  v.connectionChanged('failed');
  assert.equal(v.errorCode, 'token-rejected');
  v.connectionChanged('disconnected');
  assert.equal(v.errorCode, undefined, 'disconnect() after a failure clears it');
  v.connectionChanged('connecting');
  v.connectionChanged('failed');
  assert.equal(v.errorCode, 'connection-failed', 'the fatal error of an earlier attempt is not reused');
});
