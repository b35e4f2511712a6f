// The server restarting on its port mid-conversation (issue 13): reconnecting, connected again, and motion
// and voice resume. Module build. Its own file so that a browser can leave it out (web-test-runner.config.mjs,
// docs/testing.md) and still run the other faults (element-faults.test.ts). Between `livekit-stop` and
// `livekit-start` no other server command may run (it would start a fresh server on new ports): tokens are
// minted before the stop.
import '../../dist/index.js';
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { serverSuite } from './element-fixture.js';
import { create, expectIncreasing, freshSeqs, ofType, states, voicePlaying } from './faults-support.js';

describe('<spatius-avatar> server restart', () => {
  const { rejections, cleanup } = serverSuite();

  it('the server restarts on its port mid-conversation: reconnecting, connected, and motion (in order) and voice resume', async function () {
    this.timeout(150000);
    const url = await livekitUrl();
    const room = uniqueRoom('server-restart');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    cleanup.push(async () => pub.stop());
    const { el, events } = create({ url, token: await mintToken('viewer', room) });
    cleanup.push(async () => el.remove());
    await waitFor('motion and voice', () => freshSeqs(events).length > 25 && voicePlaying(el, 'avatar-agent'), 30000);
    const stoppedAt = performance.now();
    await executeServerCommand('livekit-stop');
    await waitFor('reconnecting', () => states(events).includes('reconnecting'), 30000);
    await executeServerCommand('livekit-start'); // the same ports: the URL the element holds works again
    const startedAt = performance.now();
    await waitFor('connected again', () => states(events).lastIndexOf('connected') > states(events).indexOf('reconnecting'), 60000);
    const connectedAt = performance.now();
    const after = freshSeqs(events).length;
    await waitFor('frames after the restart', () => freshSeqs(events).length > after + 25, 60000);
    const framesAt = performance.now();
    await waitFor('the voice subscribed and playing again', () => voicePlaying(el, 'avatar-agent'), 30000);
    expectIncreasing(freshSeqs(events).slice(after), 'frames after the restart');
    expect(states(events)).to.not.include('disconnected');
    expect(el.getConnectionState()).to.equal('connected');
    expect(ofType(events, 'error'), JSON.stringify(ofType(events, 'error').map((e) => e.detail))).to.deep.equal([]);
    console.log(`[faults] restart: down ${(startedAt - stoppedAt).toFixed(0)} ms; connected ${(connectedAt - startedAt).toFixed(0)} ms after the start; `
      + `25 frames ${(framesAt - connectedAt).toFixed(0)} ms later; states ${states(events).join(' > ')}; `
      + `events ${events.filter((e) => e.type !== 'frame' && e.type !== 'connection-state-changed').map((e) => e.type + (e.type === 'stalled' ? `:${e.detail.reason}` : '')).join(' ')}`);
    expect(rejections, String(rejections)).to.deep.equal([]);
  });
});
