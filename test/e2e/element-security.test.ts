// Security (issue 13): the viewer's token never shows up in the console (the element's and livekit-client's
// logs at log-level="info"), in an event detail, an error message or a rejection; a page can remove the
// `token` attribute once connected (the DOM no longer holds it) and the element keeps the live call and the
// token, in memory, for reconnect(); strings a participant controls (identity, name, attributes) are data,
// never markup. Module build, real server.
import '../../dist/index.js';
import { expect, oneEvent } from '@open-wc/testing';
import type { SpatiusAvatarElement } from '../../src/index.js';
import { listParticipants, livekitUrl, mintToken, uniqueRoom, waitFor } from './livekit.js';
import { startPublisher } from './test-publisher.js';
import { createAvatar, serverSuite } from './element-fixture.js';
import type { Recorded } from './element-fixture.js';

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/** Everything written to the page's console from now on, as text (the original methods still run). */
function captureConsole(): { lines: string[]; restore(): void } {
  const lines: string[] = [];
  const originals = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const [m, original] of originals) {
    console[m] = (...args: unknown[]) => {
      lines.push(`${m}: ${args.map(text).join(' ')}`);
      original.apply(console, args);
    };
  }
  return { lines, restore: () => originals.forEach(([m, original]) => (console[m] = original)) };
}

function text(v: unknown): string {
  if (v instanceof Error) return `${v.name}: ${v.message} ${v.stack ?? ''}`;
  if (typeof v === 'string') return v;
  try {
    return JSON.stringify(v, (_k, x: unknown) => (x instanceof Error ? `${x.name}: ${x.message}` : x)) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The parts of a JWT that are this token's own (the header is the same for every token of the server). */
const secretParts = (token: string): string[] => token.split('.').slice(1).filter((p) => p.length >= 16);

describe('<spatius-avatar> security', () => {
  const { rejections, cleanup } = serverSuite();

  it('the token is in no console line at log-level="info", no event detail, no error message and no rejection', async function () {
    this.timeout(120000);
    const url = await livekitUrl();
    const room = uniqueRoom('token-leak');
    const pub = await startPublisher(url, room, 'avatar-agent', { audio: true });
    cleanup.push(() => pub.stop());
    const tokens: string[] = [];
    const mint = async (identity: string, r: string, extra: Record<string, unknown> = {}) => {
      const t = await mintToken(identity, r, extra);
      tokens.push(t);
      return t;
    };
    const captured = captureConsole();
    cleanup.push(async () => captured.restore());
    const events: Recorded[] = [];
    const outcomes: string[] = [];
    const run = async (attrs: Record<string, string>, act: (el: SpatiusAvatarElement) => Promise<void>) => {
      const made = createAvatar({ 'log-level': 'info', manual: '', ...attrs });
      cleanup.push(async () => made.el.remove());
      await act(made.el).catch((e: unknown) => outcomes.push(text(e)));
      events.push(...made.events);
      made.el.remove();
    };

    // A good call: connected, the avatar found, frames, the voice, then reconnect() and disconnect().
    await run({ url, token: await mint('viewer', room), renderer: 'none' }, async (el) => {
      await el.connect();
      await waitFor('frames', () => (el.stats?.rendered ?? 0) > 10);
      await el.reconnect();
      await el.disconnect();
    });
    // Failures: refused token, nothing listening, wrong room, a token without a room grant.
    await run({ url, token: await mint('viewer', room, { wrongSecret: true }) }, (el) => el.connect());
    await run({ url: 'ws://127.0.0.1:9', token: await mint('viewer', room) }, (el) => el.connect());
    await run({ url, token: await mint('viewer', room), room: 'another-room' }, (el) => el.connect());
    await run({ url, token: await mint('viewer', room, { ttl: '1s' }) }, async (el) => {
      await new Promise((r) => setTimeout(r, 2500)); // expired by now
      await el.connect();
    });
    captured.restore();

    const codes = events.filter((e) => e.type === 'error').map((e) => e.detail.code);
    expect(codes, 'the failures happened').to.include.members(['token-rejected', 'connection-failed', 'room-mismatch']);
    expect(captured.lines.filter((l) => l.startsWith('info:') || l.startsWith('debug:') || l.startsWith('log:')).length,
      'log-level="info" logged something (else this test shows nothing)').to.be.greaterThan(0);
    const haystack = [
      ...captured.lines.map((l) => `console ${l}`),
      ...events.map((e) => `event ${e.type}: ${text(e.detail)}`),
      ...outcomes.map((o) => `rejection: ${o}`),
      ...rejections.map((r) => `unhandled: ${text(r)}`),
    ];
    const leaks = haystack.filter((line) => tokens.some((t) => secretParts(t).some((p) => line.includes(p))));
    expect(leaks.map((l) => l.slice(0, 300)), 'lines carrying a token').to.deep.equal([]);
    expect(rejections, String(rejections)).to.deep.equal([]);
  });

  it('removing the token attribute once connected keeps the call, and reconnect() uses the token kept in memory', async function () {
    this.timeout(90000);
    const url = await livekitUrl();
    const room = uniqueRoom('token-removed');
    const token = await mintToken('viewer', room);
    const { el, events } = createAvatar({ url, token, 'log-level': 'none' });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    const first = el.getNativeClient();
    el.removeAttribute('token');
    await el.updateComplete;
    await new Promise((r) => setTimeout(r, 300));
    expect(el.getConnectionState(), 'the call goes on').to.equal('connected');
    expect(el.getNativeClient()).to.equal(first);
    expect(el.hasAttribute('token')).to.equal(false);
    expect(el.token || '', 'the token property no longer shows it').to.equal('');
    expect(el.outerHTML.includes(token.split('.')[2]!), 'the token is not in the DOM').to.equal(false);
    expect(document.documentElement.outerHTML.includes(token.split('.')[2]!)).to.equal(false);

    await el.reconnect();
    expect(el.getConnectionState()).to.equal('connected');
    expect(el.getNativeClient(), 'a new Room').to.not.equal(first);
    await el.connect(); // the same call, no token given: joins the live call, the kept token stays
    await el.disconnect();
    await el.reconnect(); // after a disconnect too
    expect(el.getConnectionState()).to.equal('connected');
    await waitFor('the viewer in the room', async () => (await listParticipants(room)).some((p) => p.identity === 'viewer'));
    expect(events.filter((e) => e.type === 'error').map((e) => e.detail), 'no error').to.deep.equal([]);
    expect(rejections, String(rejections)).to.deep.equal([]);
  });

  it('a token is kept for its own call only: with the token removed, connect() to another room is refused with missing-token', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('token-own-call');
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), 'log-level': 'none' });
    cleanup.push(async () => el.remove());
    await oneEvent(el, 'connected');
    el.removeAttribute('token');
    await el.updateComplete;
    let caught: { code?: string; fatal?: boolean } | undefined;
    await el.connect({ roomName: uniqueRoom('elsewhere') }).catch((e: { code?: string; fatal?: boolean }) => (caught = e));
    expect(caught?.code).to.equal('missing-token');
    // refused before anything happens (docs/lifecycle.md): the live call, in its own room, goes on
    expect(caught?.fatal).to.equal(false);
    expect(el.getConnectionState()).to.equal('connected');
    expect(el.getNativeClient()?.name).to.equal(room);
    expect(events.filter((e) => e.type === 'error' || e.type === 'disconnected')).to.deep.equal([]);
    expect(await listParticipants(room).then((ps) => ps.map((p) => p.identity))).to.deep.equal(['viewer']);
  });

  it('participant-controlled strings (identity, name, attributes) are data, never markup', async function () {
    this.timeout(60000);
    const url = await livekitUrl();
    const room = uniqueRoom('markup');
    const w = window as unknown as { __pwned?: number };
    delete w.__pwned;
    const evil = '<img src=x onerror="window.__pwned=1">';
    const pub = await startPublisher(url, room, evil, {
      audio: true,
      name: '<script>window.__pwned=2</script><b>bold</b>',
      attributes: { 'lk.publish_on_behalf': '<svg onload="window.__pwned=3">', note: '"><iframe src=javascript:window.__pwned=4>', 'lk.agent.state': '"><img src=x onerror="window.__pwned=5">' },
    });
    cleanup.push(() => pub.stop());
    const { el, events } = createAvatar({ url, token: await mintToken('viewer', room), 'log-level': 'none' });
    cleanup.push(async () => el.remove());
    const discovered = await waitFor('avatar-discovered', () => events.find((e) => e.type === 'avatar-discovered'), 30000);
    expect(discovered.detail.identity, 'the identity, as data').to.equal(evil);
    expect(el.avatar).to.equal(evil);
    await waitFor('frames drawn', () => (el.stats?.rendered ?? 0) > 10);
    await new Promise((r) => setTimeout(r, 500)); // an onerror/onload would have run by now
    expect(w.__pwned, 'no participant string ran as script').to.equal(undefined);
    const root = el.shadowRoot!;
    expect(root.querySelectorAll('img, script, svg, iframe, b').length, 'no participant markup in the shadow DOM').to.equal(0);
    expect(document.querySelectorAll('img, svg, iframe, b').length, 'none in the page').to.equal(0);
    expect(root.innerHTML.includes('onerror') || root.innerHTML.includes('onload')).to.equal(false);
    // `speaking` is the element's own (a conversation plays); an unknown `lk.agent.state` is not reflected.
    expect(el.getAttributeNames().filter((a) => !['log-level', 'url', 'token', 'state', 'renderer', 'speaking'].includes(a)), 'no attribute from the participant').to.deep.equal([]);
    expect(rejections, String(rejections)).to.deep.equal([]);
  });
});
