// The motion worker acts only on messages from its element's port (SECURITY.md, "Messages to the motion
// worker"). The worker is made as the element makes it: the element's MotionWorkerPort with the built-in
// worker from spawnMotionWorker (the `spawn` below only keeps a reference to the Worker it returns, so the
// test can post to the worker itself, as code holding that object could). Shown: after the handshake,
// whatever is posted to the worker's global scope is ignored (no reply anywhere, no state change, no crash);
// malformed messages on the port (not {kind, data}, unknown kinds, wrong types, huge payloads) each get one
// typed `refused` reply and change nothing; and the worker still decodes and plays a motion track afterwards.
import { expect } from '@open-wc/testing';
import type { SpatiusAvatarError } from '../../src/core/errors.js';
import { DEFAULT_PLAYBACK_OPTIONS } from '../../src/playback/playback-engine.js';
import { MOTION_WORKER_PROTOCOL } from '../../src/worker/messages.js';
import type { DataOf, FromWorkerMessage } from '../../src/worker/messages.js';
import { MotionWorkerPort } from '../../src/worker/motion-worker-port.js';
import { spawnMotionWorker } from '../../src/worker/spawn.js';
import { MEDIA, motionStreams, sleep, until } from './worker-fixtures.js';

type Kind = FromWorkerMessage['kind'];
const KINDS: Kind[] = ['motion-track', 'malformed', 'playback', 'conversation-playing', 'stats', 'pose', 'refused'];

/** The element's port on the built-in worker, with every reply it dispatches recorded by kind. */
async function openWorker() {
  let worker!: Worker;
  const failures: SpatiusAvatarError[] = [];
  const port = new MotionWorkerPort({ spawn: () => (worker = spawnMotionWorker()), onFailure: (e) => failures.push(e) });
  const replies: { kind: Kind; data: unknown }[] = [];
  for (const kind of KINDS) port.on(kind, (data) => replies.push({ kind, data }));
  /** Replies on the worker itself (not the port), after the handshake. */
  const onWorker: unknown[] = [];
  await port.started;
  worker.addEventListener('message', (e) => onWorker.push(e.data));
  // the face drawn into a canvas of our own: a snapshot is an image while the default renderer draws
  const canvas = new OffscreenCanvas(64, 64);
  port.post({ kind: 'canvas', data: { canvas, width: 64, height: 64, devicePixelRatio: 1 } }, [canvas]);
  const of = <K extends Kind>(kind: K) => replies.filter((r) => r.kind === kind).map((r) => r.data as DataOf<FromWorkerMessage, K>);
  return { port, worker, failures, replies, onWorker, of };
}
type Opened = Awaited<ReturnType<typeof openWorker>>;

/** The state a stray message would change: the renderer draws (a snapshot is an image) and nothing else arrived. */
async function expectUnchanged(w: Opened, what: string): Promise<void> {
  const image = await w.port.snapshot('image/png');
  expect(image, `${what}: the face is still drawn (renderer and canvas unchanged)`).to.be.instanceOf(Blob);
  expect(w.of('motion-track'), `${what}: no motion track announced`).to.deep.equal([]);
  expect(w.of('pose'), `${what}: no pose posted (renderer still the default)`).to.deep.equal([]);
  expect(w.failures.map((f) => f.message), `${what}: the worker did not fail`).to.deep.equal([]);
  expect(w.port.alive).to.equal(true);
}

/** Valid input through the port: a motion track is announced, selected, decoded and played. */
async function expectPlays(w: Opened): Promise<void> {
  const streams = motionStreams();
  try {
    w.port.post({ kind: 'receiver-streams', data: { receiverId: 7001, kind: 'video', trackId: 'TR_valid', readable: streams.readable, writable: streams.writable } },
      [streams.readable, streams.writable] as unknown as Transferable[]);
    await until('the motion track is announced', () => w.of('motion-track').length > 0);
    expect(w.of('motion-track')).to.deep.equal([{ receiverId: 7001, trackId: 'TR_valid' }]);
    w.port.post({ kind: 'select-track', data: { trackId: 'TR_valid' } });
    await until('the conversation plays and ends', () => w.of('playback').some((e) => e.type === 'conversation-end'), 8000);
    const events = w.of('playback').map((e) => e.type);
    expect(events).to.include.members(['conversation-start', 'first-frame', 'conversation-end']);
    await until('stats count rendered frames', () => w.of('stats').some((s) => s.session.rendered >= 20), 3000);
    expect(streams.written.every((n) => n === MEDIA.length), 'exactly the media bytes went on').to.equal(true);
  } finally {
    streams.stop();
  }
}

describe('motion worker: only its element\'s port is heard', () => {
  it('after the handshake, messages posted to the worker itself are ignored: no reply, no state change, no crash', async () => {
    const w = await openWorker();
    try {
      const stranger = new MessageChannel();
      const strangerReplies: unknown[] = [];
      stranger.port1.onmessage = (e) => strangerReplies.push(e.data);
      const stray = motionStreams();
      // a second init with another port (would take the worker over), then what the port would send
      w.worker.postMessage({ kind: 'init', data: { protocol: MOTION_WORKER_PROTOCOL, port: stranger.port2 } }, [stranger.port2]);
      w.worker.postMessage({ kind: 'init', data: { protocol: MOTION_WORKER_PROTOCOL } });
      w.worker.postMessage({ kind: 'configure', data: { playback: {}, renderer: 'none' } });
      w.worker.postMessage({ kind: 'receiver-streams', data: { receiverId: 9001, kind: 'video', trackId: 'TR_stray', readable: stray.readable, writable: stray.writable } },
        [stray.readable, stray.writable] as unknown as Transferable[]);
      w.worker.postMessage({ kind: 'select-track', data: { trackId: 'TR_stray' } });
      w.worker.postMessage({ kind: 'snapshot', data: { id: 424242, type: 'image/png' } });
      w.worker.postMessage({ kind: 'reset', data: {} });
      w.worker.postMessage('not even an object');
      await sleep(1500); // the stray stream has sent about 35 frames by now
      stray.stop();
      expect(strangerReplies, 'nothing on the stranger\'s port').to.deep.equal([]);
      expect(w.onWorker, 'nothing on the worker itself').to.deep.equal([]);
      expect(stray.written, 'the stray receiver\'s frames were not piped').to.deep.equal([]);
      expect(w.of('refused'), 'ignored, not even refused').to.deep.equal([]);
      await expectUnchanged(w, 'after stray messages');
      await expectPlays(w);
    } finally {
      w.port.dispose();
    }
  });

  it('malformed messages on the port each get a typed `refused` reply, change nothing, and the worker still plays', async () => {
    const w = await openWorker();
    try {
      const huge = 'x'.repeat(1 << 20);
      const bytes = new ArrayBuffer(32 << 20);
      const cases: { message: unknown; transfer?: Transferable[]; kind: string; reason: string }[] = [
        { message: 42, kind: 'undefined', reason: 'not a {kind, data} message' },
        { message: null, kind: 'undefined', reason: 'not a {kind, data} message' },
        { message: ['reset', {}], kind: 'undefined', reason: 'not a {kind, data} message' },
        { message: { kind: 5, data: {} }, kind: 'number', reason: 'not a {kind, data} message' },
        { message: { kind: 'eval', data: {} }, kind: 'eval', reason: 'unknown kind' },
        { message: { kind: 'toString', data: {} }, kind: 'toString', reason: 'unknown kind' },
        { message: { kind: 'init', data: { protocol: MOTION_WORKER_PROTOCOL } }, kind: 'init', reason: 'init comes once, on the worker itself' },
        { message: { kind: 'reset' }, kind: 'reset', reason: 'no data object' },
        { message: { kind: 'resize', data: null }, kind: 'resize', reason: 'no data object' },
        { message: { kind: 'resize', data: { width: 'wide', height: 10, devicePixelRatio: 1 } }, kind: 'resize', reason: 'bad width' },
        { message: { kind: 'resize', data: { width: 1e9, height: 1e9, devicePixelRatio: 1 } }, kind: 'resize', reason: 'bad width' },
        { message: { kind: 'canvas', data: { canvas: {}, width: 10, height: 10, devicePixelRatio: 1 } }, kind: 'canvas', reason: 'bad canvas' },
        { message: { kind: 'configure', data: { playback: { maxBufferDelayMs: '80' }, renderer: 'none' } }, kind: 'configure', reason: 'bad playback.maxBufferDelayMs' },
        { message: { kind: 'configure', data: { playback: { capacity: Number.NaN } } }, kind: 'configure', reason: 'bad playback.capacity' },
        { message: { kind: 'configure', data: { playback: {}, renderer: 'webgl' } }, kind: 'configure', reason: 'bad renderer' },
        { message: { kind: 'configure', data: { playback: { constructor: 1 } } }, kind: 'configure', reason: 'bad playback.constructor' },
        { message: { kind: 'configure', data: { playback: { senderClock: 'on' } } }, kind: 'configure', reason: 'bad playback.senderClock' },
        { message: { kind: 'theme', data: { skin: 5 } }, kind: 'theme', reason: 'bad skin' },
        { message: { kind: 'select-track', data: { trackId: 7 } }, kind: 'select-track', reason: 'bad trackId' },
        { message: { kind: 'track-paused', data: { trackId: 't', paused: 'yes' } }, kind: 'track-paused', reason: 'bad paused' },
        { message: { kind: 'receiver-streams', data: { receiverId: 1, kind: 'video', trackId: 't', readable: 'r', writable: 'w' } }, kind: 'receiver-streams', reason: 'bad readable' },
        { message: { kind: 'receiver-track', data: { receiverId: 1.5, kind: 'video', trackId: 't' } }, kind: 'receiver-track', reason: 'bad receiverId' },
        { message: { kind: 'release-streams', data: { ids: 'all' } }, kind: 'release-streams', reason: 'bad ids' },
        { message: { kind: 'snapshot', data: { id: 'x', type: 'image/png' } }, kind: 'snapshot', reason: 'bad id' },
        { message: { kind: 'voice-stats', data: { jitterBufferDelay: Number.POSITIVE_INFINITY, jitterBufferEmittedCount: 1 } }, kind: 'voice-stats', reason: 'bad jitterBufferDelay' },
        // huge payloads
        { message: { kind: huge, data: {} }, kind: huge.slice(0, 40), reason: 'unknown kind' },
        { message: { kind: 'select-track', data: { trackId: huge } }, kind: 'select-track', reason: 'bad trackId' },
        { message: { kind: 'release-streams', data: { ids: new Array(1_000_000).fill(1) } }, kind: 'release-streams', reason: 'bad ids' },
        { message: { kind: 'blob', data: { bytes } }, transfer: [bytes], kind: 'blob', reason: 'unknown kind' },
      ];
      for (const c of cases) w.port.post(c.message as never, c.transfer);
      await until('every malformed message is answered', () => w.of('refused').length >= cases.length, 10000);
      await sleep(200);
      expect(w.of('refused')).to.deep.equal(cases.map((c) => ({ kind: c.kind, reason: c.reason })));
      await expectUnchanged(w, 'after malformed messages');
      w.port.post({ kind: 'configure', data: { playback: { ...DEFAULT_PLAYBACK_OPTIONS } } }); // every option the engine has
      await expectPlays(w);
      expect(w.of('refused').length, 'valid input is not refused').to.equal(cases.length);
    } finally {
      w.port.dispose();
    }
  });
});
