// The module build joining a real LiveKit room under the CSP test/csp/csp.test.ts serves this page with (no
// inline script). Puts one <spatius-avatar> with the query's `url`, `token` and `room` on the page, and
// reports in window.cspResult what happened: the element's events and errors, its final state and stats,
// whether its voice plays, every CSP violation and every unhandled rejection the page saw.
import '../../../dist/index.js';

const violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample });
});
const rejections = [];
window.addEventListener('unhandledrejection', (e) => rejections.push(String(e.reason?.stack ?? e.reason)));

async function run() {
  const params = new URLSearchParams(location.search);
  const el = document.createElement('spatius-avatar');
  el.style.cssText = 'display:block;width:160px;height:160px';
  const events = [];
  const errors = [];
  for (const type of ['connected', 'avatar-discovered', 'conversation-start', 'first-frame']) el.addEventListener(type, () => events.push(type));
  el.addEventListener('error', (e) => errors.push(e.detail));
  el.addEventListener('connection-state-changed', (e) => events.push(`state:${e.detail.state}`));
  el.setAttribute('url', params.get('url'));
  el.setAttribute('token', params.get('token'));
  el.setAttribute('room', params.get('room'));
  document.body.append(el);
  // until the face has drawn 40 motion frames from the avatar, or the connect failed
  const until = performance.now() + 40000;
  while (!(el.stats?.rendered >= 40 && events.includes('first-frame')) && !events.includes('state:failed') && performance.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const audio = el.shadowRoot.querySelector('audio');
  const voice = {
    tracks: audio?.srcObject?.getAudioTracks?.().length ?? 0,
    playing: !!audio && !audio.paused,
  };
  const stats = el.stats ? { rendered: el.stats.rendered, malformed: el.stats.malformed } : null;
  const state = el.connectionState ?? el.getAttribute('state');
  await new Promise((r) => setTimeout(r, 300)); // violation events and rejections are queued as tasks
  el.remove();
  await new Promise((r) => setTimeout(r, 300));
  window.cspResult = { events, errors, state, stats, voice, violations, rejections, trustedTypes: typeof trustedTypes !== 'undefined' };
}

run().catch((err) => (window.cspResult = { pageError: String(err?.stack ?? err) }));
