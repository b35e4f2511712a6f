// A call the server ended (the participant removed) is not brought back by new credentials alone: a
// framework re-render hands the element a new inline `tokenSource` function each time (a review found the
// element rejoined at once, dispatching a new agent). A new request (connect()) still connects.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('<spatius-avatar> after the server ended the call', () => {
  it('a new tokenSource (a re-render) does not rejoin; connect() does', async function () {
    this.timeout(90000);
    const url = await livekitUrl();
    const room = uniqueRoom('ended-rerender');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
    let asked = 0;
    const inline = () => async () => {
      asked++;
      return { serverUrl: url, participantToken: await mintToken('viewer', room) };
    };
    const states: string[] = [];
    const reasons: string[] = [];
    el.addEventListener('connection-state-changed', (e) => {
      states.push(e.detail.state);
      el.tokenSource = inline(); // the page re-renders on every state change
    });
    el.addEventListener('disconnected', (e) => reasons.push(e.detail.reason));
    el.setAttribute('log-level', 'none');
    el.setAttribute('agent-timeout', '0');
    el.tokenSource = inline();
    document.body.append(el);
    try {
      await waitFor('connected', () => el.getConnectionState() === 'connected', 30000);
      await sleep(300);
      expect(asked, 'one fetch while connected, whatever the re-renders').to.equal(1);
      await executeServerCommand('livekit-remove-participant', { room, identity: 'viewer' });
      await waitFor('disconnected', () => reasons.length > 0, 15000);
      await sleep(1500);
      expect(reasons).to.deep.equal(['participant-removed']);
      expect(el.getConnectionState(), 'still disconnected after the re-renders').to.equal('disconnected');
      expect(asked, 'no fetch after the server ended the call').to.equal(1);
      await el.connect();
      expect(el.getConnectionState()).to.equal('connected');
      expect(asked).to.equal(2);
    } finally {
      el.remove();
      await pub.stop();
    }
  });
});
