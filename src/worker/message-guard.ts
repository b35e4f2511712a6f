/**
 * The motion worker's check of each message from its element's port, before it acts on it: the kind is one
 * the worker knows and its data has the types that kind needs (numbers finite, strings short, streams and
 * canvases the real objects). `refusal` returns why a message is refused, or undefined when it may be acted
 * on; the worker answers a refused message with `refused` and changes nothing (no state, no crash).
 * The element's port only ever sends well-formed messages: a refusal is a bug or someone else's message.
 */
import type { PlaybackOptions } from '../playback/playback-engine.js';
import type { ToWorkerPortMessage } from './messages.js';

/** Longest string the worker takes (track ids, image types, colours are far shorter). */
export const MAX_MESSAGE_STRING = 256;
/** Most ids in one `release-streams` (a call has a few receivers and senders). */
export const MAX_RELEASE_IDS = 4096;
/** Largest canvas side (CSS pixels) and device pixel ratio the worker draws at. */
const MAX_SIDE = 16384;
const MAX_DPR = 16;

type Check = (data: Record<string, unknown>) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const int = (v: unknown) => Number.isSafeInteger(v);
const str = (v: unknown) => typeof v === 'string' && v.length <= MAX_MESSAGE_STRING;
const optNum = (v: unknown) => v === undefined || num(v);
/** The first failing field's name, or undefined. */
const fields = (data: Record<string, unknown>, tests: Record<string, (v: unknown) => boolean>) => {
  for (const [name, ok] of Object.entries(tests)) if (!ok(data[name])) return `bad ${name}`;
  return undefined;
};
const size = (v: unknown) => num(v) && (v as number) >= 0 && (v as number) <= MAX_SIDE;
const dpr = (v: unknown) => num(v) && (v as number) > 0 && (v as number) <= MAX_DPR;
const receiver = { receiverId: int, kind: (v: unknown) => v === 'audio' || v === 'video', trackId: str };
const streams = { readable: (v: unknown) => v instanceof ReadableStream, writable: (v: unknown) => v instanceof WritableStream };
const colour = str;

/** Every playback option `configure` may set (the type makes a new option need its check here). */
const PLAYBACK: Record<keyof PlaybackOptions, (v: unknown) => boolean> = {
  enableJitterBuffer: (v) => typeof v === 'boolean',
  maxBufferDelayMs: num,
  policy: (v) => v === 'adaptive' || v === 'fixed',
  stallTimeoutMs: num,
  lipSync: (v) => typeof v === 'boolean',
  senderClock: (v) => typeof v === 'boolean',
  frameIntervalMs: (v) => num(v) && (v as number) > 0,
  capacity: (v) => int(v) && (v as number) > 0,
  transitionInFrames: (v) => int(v) && (v as number) >= 0,
  transitionOutFrames: (v) => int(v) && (v as number) >= 0,
};

const CHECKS: Record<ToWorkerPortMessage['kind'], Check> = {
  'voice-stats': (d) => fields(d, { jitterBufferDelay: num, jitterBufferEmittedCount: num, totalPlayoutDelay: optNum, totalSamplesCount: optNum, outputLatencyMs: optNum, source: optNum }),
  'receiver-streams': (d) => fields(d, { ...receiver, ...streams }),
  'receiver-track': (d) => fields(d, receiver),
  'sender-streams': (d) => fields(d, { senderId: int, ...streams }),
  'release-streams': (d) => fields(d, { ids: (v) => Array.isArray(v) && v.length <= MAX_RELEASE_IDS && v.every(int) }),
  configure: (d) => {
    if (!isObject(d.playback)) return 'bad playback';
    for (const [name, value] of Object.entries(d.playback)) {
      const ok = Object.hasOwn(PLAYBACK, name) ? PLAYBACK[name as keyof PlaybackOptions] : undefined; // not `constructor` & co.
      if (!ok || !ok(value)) return `bad playback.${name.slice(0, 40)}`;
    }
    return fields(d, { renderer: (v) => v === undefined || v === 'default' || v === 'none' });
  },
  'select-track': (d) => fields(d, { trackId: str }),
  'track-ended': (d) => fields(d, { trackId: str }),
  'track-paused': (d) => fields(d, { trackId: str, paused: (v) => typeof v === 'boolean' }),
  canvas: (d) => fields(d, { canvas: (v) => typeof OffscreenCanvas !== 'undefined' && v instanceof OffscreenCanvas, width: size, height: size, devicePixelRatio: dpr }),
  resize: (d) => fields(d, { width: size, height: size, devicePixelRatio: dpr }),
  theme: (d) => fields(d, { skin: colour, hair: colour, eyes: colour, lips: colour, background: colour, shirt: colour, hairStyle: (v) => v === 'bob' || v === 'curls' || v === 'crop' }),
  'motion-preference': (d) => fields(d, { reduced: (v) => typeof v === 'boolean' }),
  snapshot: (d) => fields(d, { id: int, type: str }),
  reset: (d) => fields(d, { firstId: (v) => int(v) && (v as number) >= 0 }),
};

/** Why `message` (from the element's port) is refused, or undefined when the worker may act on it. */
export function refusal(message: unknown): string | undefined {
  if (!isObject(message) || typeof message.kind !== 'string') return 'not a {kind, data} message';
  if (message.kind === 'init') return 'init comes once, on the worker itself';
  const check = Object.hasOwn(CHECKS, message.kind) ? CHECKS[message.kind as keyof typeof CHECKS] : undefined;
  if (!check) return 'unknown kind';
  if (!isObject(message.data)) return 'no data object';
  return check(message.data);
}

/** The kind of a refused message as the `refused` reply names it (a string, cut short). */
export function kindOf(message: unknown): string {
  const kind = isObject(message) ? message.kind : undefined;
  return typeof kind === 'string' ? kind.slice(0, 40) : typeof kind;
}
