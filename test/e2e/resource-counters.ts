// Counts what a page's calls hold, for the leak and soak tests: installed on import (import it before the
// element's module), like peer-connections.ts. Workers (constructed, not terminated), AudioContexts (not
// closed), <audio> elements (alive: tracked by WeakRef, read after a forced GC), media tracks (live: remote
// tracks from every peer connection, getUserMedia, clones, canvas captures), timers (intervals not cleared,
// timeouts not fired or cleared) and event listeners (added and not removed, on targets still alive).
import { liveWorkers } from '../support/live-workers.js';

// Peer connections, held weakly (peer-connections.ts keeps every one, and a closed one that is kept keeps
// its handlers, so the Room and the element that made it: that list cannot be used to look for leaks).
let peerConnections: WeakRef<RTCPeerConnection>[] = [];
const NativePeerConnection = window.RTCPeerConnection;
window.RTCPeerConnection = class extends NativePeerConnection {
  constructor(...args: ConstructorParameters<typeof RTCPeerConnection>) {
    super(...args);
    peerConnections.push(new WeakRef(this));
  }
} as typeof RTCPeerConnection;
const livePcs = () => peerConnections.map((r) => r.deref()).filter((pc): pc is RTCPeerConnection => !!pc);


// Kept until closed: countResources() drops the closed ones (a closed context kept here kept its nodes, its
// listeners and their closures, about 3 KB of the page's heaps a call: docs/reliability.md, page heap).
let audioContexts: AudioContext[] = [];
const NativeAudioContext = window.AudioContext;
window.AudioContext = class extends NativeAudioContext {
  constructor(...args: ConstructorParameters<typeof AudioContext>) {
    super(...args);
    audioContexts.push(this);
  }
} as typeof AudioContext;

// <audio> elements: every one made by createElement, new Audio(), or cloned (lit clones its template: the
// element's shadow <audio> comes from importNode). Held weakly: alive means not collected.
let audioElements: WeakRef<HTMLAudioElement>[] = [];
const trackAudio = <T>(node: T): T => {
  if (node instanceof HTMLAudioElement) audioElements.push(new WeakRef(node));
  else if (node instanceof Element || node instanceof DocumentFragment) {
    for (const a of node.querySelectorAll('audio')) audioElements.push(new WeakRef(a));
  }
  return node;
};
const nativeCreateElement = Document.prototype.createElement;
Document.prototype.createElement = function (this: Document, ...args: Parameters<Document['createElement']>) {
  return trackAudio(nativeCreateElement.apply(this, args));
} as Document['createElement'];
const nativeImportNode = Document.prototype.importNode;
Document.prototype.importNode = function <T extends Node>(this: Document, node: T, deep?: boolean): T {
  return trackAudio(nativeImportNode.call(this, node, deep) as T);
};
const nativeCloneNode = Node.prototype.cloneNode;
Node.prototype.cloneNode = function (this: Node, deep?: boolean): Node {
  return trackAudio(nativeCloneNode.call(this, deep));
};
const NativeAudio = window.Audio;
window.Audio = function (src?: string) {
  return trackAudio(new NativeAudio(src));
} as unknown as typeof Audio;

// Media tracks: remote tracks of every peer connection the page makes, and tracks the page makes.
let tracks: WeakRef<MediaStreamTrack>[] = [];
const trackTrack = (t: MediaStreamTrack): MediaStreamTrack => {
  tracks.push(new WeakRef(t));
  return t;
};
const trackStream = (s: MediaStream): MediaStream => {
  for (const t of s.getTracks()) trackTrack(t);
  return s;
};
const seenPcs = new WeakSet<RTCPeerConnection>();
/** The remote tracks of the peer connections, read from their receivers. */
const collectRemoteTracks = (): void => {
  for (const pc of livePcs()) {
    if (pc.signalingState === 'closed' && seenPcs.has(pc)) continue;
    seenPcs.add(pc);
    for (const r of pc.getReceivers()) if (!tracks.some((w) => w.deref() === r.track)) trackTrack(r.track);
    for (const s of pc.getSenders()) if (s.track && !tracks.some((w) => w.deref() === s.track)) trackTrack(s.track);
  }
};
const nativeGetUserMedia = MediaDevices.prototype.getUserMedia;
MediaDevices.prototype.getUserMedia = async function (this: MediaDevices, constraints?: MediaStreamConstraints) {
  return trackStream(await nativeGetUserMedia.call(this, constraints));
};
const nativeClone = MediaStreamTrack.prototype.clone;
MediaStreamTrack.prototype.clone = function (this: MediaStreamTrack) {
  return trackTrack(nativeClone.call(this));
};
const nativeCaptureStream = HTMLCanvasElement.prototype.captureStream;
HTMLCanvasElement.prototype.captureStream = function (this: HTMLCanvasElement, fps?: number) {
  return trackStream(nativeCaptureStream.call(this, fps));
};
const nativeDestination = AudioContext.prototype.createMediaStreamDestination;
AudioContext.prototype.createMediaStreamDestination = function (this: AudioContext) {
  const node = nativeDestination.call(this);
  trackStream(node.stream);
  return node;
};

// Timers: intervals set and not cleared; timeouts set and neither fired nor cleared.
const intervals = new Set<number>();
const timeouts = new Map<number, { ms: number; stack: string }>();
const nativeSetInterval = window.setInterval.bind(window);
const nativeClearInterval = window.clearInterval.bind(window);
const nativeSetTimeout = window.setTimeout.bind(window);
const nativeClearTimeout = window.clearTimeout.bind(window);
window.setInterval = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
  const id = nativeSetInterval(handler, ms, ...args);
  intervals.add(id);
  return id;
}) as typeof setInterval;
window.clearInterval = ((id?: number) => {
  if (id !== undefined) {
    intervals.delete(id);
    timeouts.delete(id); // the two share ids and may be cleared with either
  }
  nativeClearInterval(id);
}) as typeof clearInterval;
// The test runner's own: web-dev-server's command socket sets a 20 s timeout per server command and never
// clears it. Those are left out by where they were set.
const RUNNER = /__web-dev-server__/;
window.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
  const stack = String(new Error().stack);
  if (RUNNER.test(stack)) return nativeSetTimeout(handler, ms, ...args);
  const id: number = nativeSetTimeout((...a: unknown[]) => {
    timeouts.delete(id);
    if (typeof handler === 'function') (handler as (...x: unknown[]) => void)(...a);
  }, ms, ...args);
  timeouts.set(id, { ms: ms ?? 0, stack: debug() ? stack : '' });
  return id;
}) as typeof setTimeout;
window.clearTimeout = ((id?: number) => {
  if (id !== undefined) {
    timeouts.delete(id);
    intervals.delete(id);
  }
  nativeClearTimeout(id);
}) as typeof clearTimeout;

// Event listeners: (type, listener, capture) registrations per target, targets held weakly.
let listenerTargets: WeakRef<EventTarget>[] = [];
const registrations = new WeakMap<EventTarget, Map<object, string>>();
const debug = () => !!(window as { DEBUG_RESOURCES?: boolean }).DEBUG_RESOURCES;
const keys = new WeakMap<object, Map<string, object>>();
const keyOf = (type: string, listener: object, capture: boolean): object => {
  let byType = keys.get(listener);
  if (!byType) keys.set(listener, (byType = new Map()));
  const k = `${type}|${capture}`;
  let key = byType.get(k);
  if (!key) byType.set(k, (key = {}));
  return key;
};
const captureOf = (options?: boolean | EventListenerOptions) => (typeof options === 'boolean' ? options : !!options?.capture);
const nativeAdd = EventTarget.prototype.addEventListener;
const nativeRemove = EventTarget.prototype.removeEventListener;
EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions) {
  const target = this ?? window; // a bare addEventListener() call: the global object
  nativeAdd.call(target, type, listener, options);
  if (!listener || (typeof options === 'object' && (options.once || options.signal))) return; // they go by themselves
  let set = registrations.get(target);
  if (!set) {
    registrations.set(target, (set = new Map()));
    listenerTargets.push(new WeakRef(target));
  }
  const key = keyOf(type, listener, captureOf(options));
  if (!set.has(key)) set.set(key, debug() ? `${type} on ${(target as Node).nodeName ?? target.constructor.name}: ${String(new Error().stack).split('\n').slice(2, 5).join(' | ')}` : type);
};
EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions) {
  const target = this ?? window;
  nativeRemove.call(target, type, listener, options);
  if (listener) registrations.get(target)?.delete(keyOf(type, listener, captureOf(options)));
};

/** The counts in `now` that are over `baseline` (empty: nothing leaked). */
export function overBaseline(now: ResourceCounts, baseline: ResourceCounts): Partial<Record<keyof ResourceCounts, string>> {
  const over: Partial<Record<keyof ResourceCounts, string>> = {};
  for (const k of Object.keys(baseline) as (keyof ResourceCounts)[]) if (now[k] > baseline[k]) over[k] = `${now[k]} (baseline ${baseline[k]})`;
  return over;
}

/** The listeners registered now on live targets: type and (with window.DEBUG_RESOURCES set) where. */
export const liveListeners = (): string[] => listenerTargets.flatMap((r) => {
  const t = r.deref();
  return t ? [...(registrations.get(t)?.values() ?? [])] : [];
});

/** The timeouts pending now: delay and (with window.DEBUG_RESOURCES set) where they were set. */
export const pendingTimeouts = () => [...timeouts.values()];

export interface ResourceCounts {
  peerConnections: number;
  workers: number;
  audioContexts: number;
  audioElements: number;
  mediaTracks: number;
  intervals: number;
  timeouts: number;
  listeners: number;
}

/** What is alive now (call after a forced GC for the weakly held ones: audio elements, listeners' targets). */
export function countResources(): ResourceCounts {
  collectRemoteTracks();
  // The weak lists forget what was collected (so the counters' own bookkeeping does not grow the heap).
  audioElements = audioElements.filter((r) => r.deref());
  peerConnections = peerConnections.filter((r) => r.deref());
  tracks = tracks.filter((r) => r.deref());
  listenerTargets = listenerTargets.filter((r) => r.deref());
  let listeners = 0;
  for (const ref of listenerTargets) {
    const target = ref.deref();
    if (target) listeners += registrations.get(target)?.size ?? 0;
  }
  return {
    peerConnections: livePcs().filter((pc) => pc.signalingState !== 'closed').length,
    workers: liveWorkers.size,
    audioContexts: (audioContexts = audioContexts.filter((c) => c.state !== 'closed')).length,
    audioElements: audioElements.filter((r) => r.deref()).length,
    mediaTracks: tracks.filter((r) => r.deref()?.readyState === 'live').length,
    intervals: intervals.size,
    timeouts: timeouts.size,
    listeners,
  };
}

export interface MemoryReading {
  page: { used: number; total: number };
  workers: { url: string; used: number; total: number }[];
  dom: { documents: number; nodes: number; jsEventListeners: number };
}

/** The page's memory through the DevTools protocol after a forced GC (test/cdp-plugin.mjs); null without CDP. */
export async function readMemory(): Promise<MemoryReading | null> {
  const { executeServerCommand } = await import('@web/test-runner-commands');
  const r = await executeServerCommand<MemoryReading | { unavailable: true }, { gc: boolean }>('cdp-memory', { gc: true });
  return r && 'page' in r ? r : null;
}

/** A heap snapshot's nodes summed per "type name": [count, self size in bytes] (test/cdp-plugin.mjs). */
export type HeapSummary = Record<string, [number, number]>;

type SummaryAnswer = HeapSummary | { unavailable: true } | { pending: number };
type SummaryAsk = { url?: string; names?: string[]; byType?: boolean; pending?: number };

/** Asks the plugin for a heap summary, again while it answers that the snapshot is still being taken. */
async function askHeapSummary(ask: SummaryAsk, what: string): Promise<HeapSummary | null> {
  const { executeServerCommand } = await import('@web/test-runner-commands');
  let r = await executeServerCommand<SummaryAnswer, SummaryAsk>('cdp-heap-summary', ask);
  for (let asked = 1; r && 'pending' in r && typeof r.pending === 'number'; asked++) {
    if (asked > 8) throw new Error(`no heap snapshot of ${what} after ${asked * 15} s`);
    r = await executeServerCommand<SummaryAnswer, SummaryAsk>('cdp-heap-summary', { ...ask, pending: r.pending });
  }
  return r && !('unavailable' in r) ? (r as HeapSummary) : null;
}

/**
 * A heap snapshot, after a forced GC, of the first worker whose URL contains `url`, summed per node type and
 * name, `names` only (a whole summary would weigh on the page's own heap); null without CDP or such a worker.
 */
export const readHeapSummary = (url: string, names: string[]): Promise<HeapSummary | null> => askHeapSummary({ url, names }, url);

/** The node types of a heap snapshot that are code or the engine's own: left out of jsObjectBytes. */
const NOT_OBJECTS = new Set(['code', 'object shape', 'hidden', 'native', 'synthetic']);

/**
 * The bytes of the page's JS heap that are the program's data, from a heap snapshot after a forced GC (null
 * without CDP): objects, closures, arrays, strings, numbers, not compiled code and object shapes (V8 compiles a
 * function again for a faster tier once it has run often enough, so code grows with the number of calls for
 * hundreds of them: docs/reliability.md) nor Blink's objects (in the embedder heap, not this one).
 */
export async function readJsObjectBytes(): Promise<number | null> {
  const types = await askHeapSummary({ byType: true }, 'the page');
  if (!types) return null;
  return Object.entries(types).reduce((total, [type, [, size]]) => (NOT_OBJECTS.has(type) ? total : total + size), 0);
}
