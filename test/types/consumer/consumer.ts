// A TypeScript page using the package as published (dist/types via package.json "exports"), compiled by
// `npm test` after the build. Lines under @ts-expect-error must fail to compile, or tsc fails.
import 'spatius-avatar';
import type { ErrorCode, PoseData, SpatiusAvatarElement, SpatiusAvatarEventMap, StallReason, StalledDetail } from 'spatius-avatar';

const el = document.createElement('spatius-avatar');
const typed: SpatiusAvatarElement = el; // the tag map knows the element

el.addEventListener('error', (e) => {
  const code: ErrorCode = e.detail.code; // our error, not lib.dom's ErrorEvent
  const fatal: boolean = e.detail.fatal;
  void [code, fatal];
});
el.addEventListener('frame', (e) => {
  const weights: Float32Array = e.detail.weights;
  const pose: PoseData = e.detail;
  void [weights, pose];
});
el.addEventListener('connection-state-changed', (e) => {
  // @ts-expect-error a state that does not exist
  const wrong: typeof e.detail.state = 'open';
  void wrong;
});
el.addEventListener('stalled', (e) => {
  const detail: StalledDetail = e.detail;
  const reason: StallReason = e.detail.reason;
  // @ts-expect-error not a stall reason
  const wrong: typeof e.detail.reason = 'network';
  void [detail, reason, wrong];
});
el.addEventListener('click', (e) => void e.clientX); // the DOM's own events still typed

// @ts-expect-error a misspelt event name has no detail (it falls back to a plain Event)
el.addEventListener('conected', (e) => void e.detail.room);
// @ts-expect-error not an event of the element
type Nope = SpatiusAvatarEventMap['conected'];

// Nothing merged into the global map: other elements' `error` is still lib.dom's ErrorEvent.
document.createElement('img').addEventListener('error', (e) => void e.message);
// @ts-expect-error `frame` is the element's own, not every element's
type Global = HTMLElementEventMap['frame'];

// Properties typed as value unions.
typed.renderer = 'none';
// @ts-expect-error not a renderer
typed.renderer = 'webgl';
typed.enableJitterBuffer = false;
typed.maxBufferDelayMs = 120;
// @ts-expect-error a number of ms, not a string
typed.maxBufferDelayMs = '120';

export type { Nope, Global };

// `spatius-avatar/element`: the same class and types, registered by the page under its own tag.
import { SpatiusAvatarElement as ElementClass } from 'spatius-avatar/element';
import type { SpatiusAvatarEventMap as ElementEventMap } from 'spatius-avatar/element';
customElements.define('my-avatar', ElementClass);
const mine = new ElementClass();
mine.workerUrl = '/static/motion.worker.js';
// @ts-expect-error worker-url is a URL (a string or a TrustedScriptURL), not a number
mine.workerUrl = 42;
const code: ElementEventMap['error']['detail']['code'] = 'worker-failed';
void code;
