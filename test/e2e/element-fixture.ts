// One way for end-to-end tests to make an element: attributes set, every event recorded from the start
// (before it is in the document, so nothing fired during connect is missed), then appended.
import type { SpatiusAvatarElement } from '../../src/index.js';

export type Recorded = CustomEvent<Record<string, unknown>>;

const EVENTS = ['connected', 'disconnected', 'error', 'connection-state-changed', 'avatar-discovered',
  'conversation-start', 'conversation-end', 'first-frame', 'stalled', 'resumed', 'frame', 'audio-blocked', 'audio-unblocked'];

export function createAvatar(attrs: Record<string, string>): { el: SpatiusAvatarElement; events: Recorded[] } {
  const el = document.createElement('spatius-avatar') as SpatiusAvatarElement;
  const events: Recorded[] = [];
  for (const type of EVENTS) el.addEventListener(type, (e) => events.push(e as Recorded));
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  return { el, events };
}

/**
 * The hooks of a suite against the real server, called inside its `describe`: the page's unhandled
 * rejections are recorded while the suite runs (its tests expect `rejections` empty), and after each test
 * its cleanups (pushed on `cleanup`) run, last first, whatever they throw.
 */
export function serverSuite(): { rejections: unknown[]; cleanup: (() => Promise<unknown>)[] } {
  const rejections: unknown[] = [];
  const cleanup: (() => Promise<unknown>)[] = [];
  const onRejection = (e: PromiseRejectionEvent) => rejections.push(e.reason);
  before(() => addEventListener('unhandledrejection', onRejection));
  after(() => removeEventListener('unhandledrejection', onRejection));
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  });
  return { rejections, cleanup };
}
