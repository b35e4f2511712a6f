// The examples (examples/) in Chromium against the run's LiveKit server, each in an iframe of the test page:
// the plain HTML page (attributes only, the standalone file from another origin), and the React 19 and Vue 3
// apps (built with esbuild by test/examples/plugin.mjs), whose state shown on the page comes from the element's
// events through the framework's own event binding, and whose properties reach the element.
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { livekitUrl, mintToken, uniqueRoom, waitFor } from '../e2e/livekit.js';
import { startPublisher } from '../e2e/test-publisher.js';

const AVATAR = 'avatar-agent';

interface Example {
  doc: Document;
  el: SpatiusAvatarElement;
  /** The text of `#id` in the example's page. */
  text(id: string): string | undefined;
}

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A room with a publishing avatar, and the example at `path` opened in an iframe with its URL and a viewer token. */
async function open(path: string, name: string): Promise<Example> {
  const url = await livekitUrl();
  const room = uniqueRoom(name);
  const pub = await startPublisher(url, room, AVATAR);
  cleanup.push(() => pub.stop());
  const token = await mintToken('viewer', room);
  const frame = document.createElement('iframe');
  frame.style.cssText = 'width: 360px; height: 480px';
  frame.src = `${path}?${new URLSearchParams({ url, token })}`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  await loaded;
  const doc = frame.contentDocument!;
  const el = await waitFor('the example renders <spatius-avatar>', () => doc.querySelector<SpatiusAvatarElement>('spatius-avatar') ?? undefined);
  await waitFor('<spatius-avatar> registered in the example', () => frame.contentWindow!.customElements.get('spatius-avatar'));
  cleanup.push(async () => {
    el.remove(); // leaves the call (element-removed) before the page goes
    await waitFor('the example left the call', () => el.getConnectionState() === 'disconnected');
    frame.remove();
  });
  return { doc, el, text: (id) => doc.getElementById(id)?.textContent ?? undefined };
}

/** The avatar is found and drawn: the element's own view. */
async function expectAvatarDrawn(el: SpatiusAvatarElement): Promise<void> {
  await waitFor('frames rendered', () => (el.stats?.rendered ?? 0) > 10);
  expect(el.getAttribute('state')).to.equal('connected');
  expect(el.avatar).to.equal(AVATAR);
}

describe('examples', () => {
  it('plain HTML: attributes only, the standalone file from another origin (a CDN)', async () => {
    const { doc, el } = await open('/examples/html/index.html', 'html');
    await expectAvatarDrawn(el);
    // The attributes the page's author wrote reached the element.
    expect(el.look).to.equal('sol');
    expect(el.maxBufferDelayMs).to.equal(120);
    // The script came from the other origin, and nothing else of the package from anywhere (the test server
    // adds its own script, /__web-dev-server__web-socket.js, to the pages it serves).
    const ours = (src: string) => !new URL(src).pathname.startsWith('/__web-dev-server');
    const cdn = await executeServerCommand<{ url: string; served: string[] }, undefined>('examples-cdn');
    expect(new URL(cdn!.url).origin).to.not.equal(doc.defaultView!.location.origin);
    expect(cdn!.served).to.include('/spatius-avatar.standalone.js');
    const scripts = doc.defaultView!.performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.js') && ours(n));
    expect(scripts).to.deep.equal([`${cdn!.url}/spatius-avatar.standalone.js`]);
    const pageScripts = [...doc.querySelectorAll('script')].filter((s) => !(s.src || s.textContent || '').includes('/__web-dev-server'));
    expect(pageScripts.map((s) => s.src), 'no script of the page\'s own').to.deep.equal([`${cdn!.url}/spatius-avatar.standalone.js`]);
  });

  for (const framework of ['react', 'vue']) {
    it(`${framework}: properties and event handlers bound by the framework`, async () => {
      const { doc, el, text } = await open(`/examples/${framework}/index.html`, framework);
      // What the page shows comes from the element's events, through the framework's event binding.
      await waitFor('connected, shown by the app', () => text('state') === 'connected');
      await waitFor('the avatar shown by the app', () => text('avatar') === AVATAR);
      await waitFor('first-frame, shown by the app', () => text('first-frame') === 'yes');
      await expectAvatarDrawn(el);
      expect(text('error')).to.equal(undefined);
      // Set as properties (none of these has an attribute on the element).
      expect(el.look).to.equal('nova');
      expect(el.maxBufferDelayMs).to.equal(120);
      expect(el.workerUrl).to.equal(new URL(`/examples/${framework}/dist/motion.worker.js`, location.href).href);
      for (const name of ['look', 'max-buffer-delay', 'maxbufferdelayms', 'worker-url', 'workerurl']) expect(el.hasAttribute(name), name).to.equal(false);
      // The framework's state changes reach the element.
      expect(el.muted).to.equal(false);
      doc.getElementById('mute')!.click();
      await waitFor('muted by the app', () => el.muted);
      expect(el.hasAttribute('muted'), 'muted reflects').to.equal(true);
      doc.getElementById('look')!.click();
      await waitFor('the look changed by the app', () => el.look === 'sol');
    });
  }
});
