// The real motion worker's `reset` against receivers that reach it out of the port's order. In Firefox (script
// transforms) a receiver arrives as an `rtctransform` event, which is not ordered with the port's messages:
// under load a new call's receivers came before that call's `reset`, which then forgot them, so the avatar
// was never announced (no face, no voice: seen in CI). A reset forgets only the receivers below its
// `firstId`. Plain transferred streams (`receiver-streams`, ordered on the port) stand in for the receivers
// so that the order is the test's.
import { expect } from '@open-wc/testing';
import { BLENDSHAPE_COUNT, encodeMotionFrameSync } from '../../src/codec/index.js';
import type { MotionPacket } from '../../src/codec/index.js';
import type { DataOf, FromWorkerMessage } from '../../src/worker/messages.js';
import { MotionWorkerPort } from '../../src/worker/motion-worker-port.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
}

const MEDIA = Uint8Array.from([0x10, 0x20, 0x30, 0x40]); // stands for a VP8 frame's bytes

/** A conversation of 10 frames after a few IDLE packets, each behind the media bytes as the sender puts it. */
function conversation(): Uint8Array[] {
  const packets: MotionPacket[] = [];
  for (let i = 0; i < 3; i++) packets.push({ kind: 'idle', start: false, end: false });
  for (let seq = 0; seq < 10; seq++) {
    const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
    blendshapes[17] = seq / 10;
    packets.push({ kind: 'frame', start: seq === 0, end: seq === 9, seq, frame: { blendshapes, time: seq * 40 } });
  }
  for (let i = 0; i < 5; i++) packets.push({ kind: 'idle', start: false, end: false });
  return packets.map((p) => encodeMotionFrameSync(p, MEDIA));
}

/** A receiver's encoded streams: one frame every 40 ms from `start()`; `written`: the byte length of each frame out. */
function receiverStreams() {
  const written: number[] = [];
  const frames = conversation();
  let controller!: ReadableStreamDefaultController<{ data: ArrayBuffer }>;
  let timer: ReturnType<typeof setInterval> | undefined;
  const readable = new ReadableStream<{ data: ArrayBuffer }>({ start: (c) => void (controller = c), cancel: () => clearInterval(timer) });
  const writable = new WritableStream<{ data: ArrayBuffer }>({ write: (frame) => void written.push(frame.data.byteLength) });
  const start = () => {
    timer = setInterval(() => {
      const next = frames.shift();
      if (next) controller.enqueue({ data: next.slice().buffer });
      else clearInterval(timer);
    }, 40);
  };
  return { readable, writable, written, start, sizes: conversation().map((f) => f.length), stop: () => clearInterval(timer) };
}

type Kind = FromWorkerMessage['kind'];

describe('motion worker: reset and receivers out of order', () => {
  it('a call\'s receiver handed over before its reset is announced and plays; a closed call\'s after it is passed through untouched', async function () {
    this.timeout(20000);
    const failures: string[] = [];
    const port = new MotionWorkerPort({ onFailure: (e) => failures.push(e.message) });
    const replies: { kind: Kind; data: unknown }[] = [];
    for (const kind of ['motion-track', 'playback', 'refused'] as const) port.on(kind, (data) => replies.push({ kind, data }));
    const of = <K extends Kind>(kind: K) => replies.filter((r) => r.kind === kind).map((r) => r.data as DataOf<FromWorkerMessage, K>);
    const current = receiverStreams();
    const straggler = receiverStreams();
    try {
      port.post({ kind: 'configure', data: { playback: {}, renderer: 'none' } });
      await port.ready;
      port.post({ kind: 'reset', data: { firstId: 100 } }); // the last call ended: its receivers were below 100
      // The new call's receiver (id 100) before that call's own reset, as its rtctransform event can come.
      port.post({ kind: 'receiver-streams', data: { receiverId: 100, kind: 'video', trackId: 'TR_current', readable: current.readable, writable: current.writable } },
        [current.readable, current.writable] as unknown as Transferable[]);
      port.post({ kind: 'reset', data: { firstId: 100 } });
      // A closed call's receiver (id 99) whose event comes only now.
      port.post({ kind: 'receiver-streams', data: { receiverId: 99, kind: 'video', trackId: 'TR_closed', readable: straggler.readable, writable: straggler.writable } },
        [straggler.readable, straggler.writable] as unknown as Transferable[]);
      await port.snapshot('image/png'); // answered after the worker acted on every message above
      current.start();
      straggler.start();

      await until('the current call\'s motion track is announced', () => of('motion-track').some((t) => t.trackId === 'TR_current'));
      port.post({ kind: 'select-track', data: { trackId: 'TR_current' } });
      await until('its conversation plays to the end', () => of('playback').some((e) => e.type === 'conversation-end'), 8000);
      await until('the straggler\'s frames went through', () => straggler.written.length === straggler.sizes.length);
      expect(of('motion-track')).to.deep.equal([{ receiverId: 100, trackId: 'TR_current' }], 'announced once, the closed call\'s never');
      expect(of('playback').map((e) => e.type)).to.include.members(['first-frame', 'conversation-end']);
      expect(current.written.every((n) => n === MEDIA.length), 'the current call\'s trailers split off').to.equal(true);
      expect(straggler.written, 'the closed call\'s frames untouched').to.deep.equal(straggler.sizes);
      expect(of('refused')).to.deep.equal([]);
      expect(failures).to.deep.equal([]);
    } finally {
      current.stop();
      straggler.stop();
      port.dispose();
    }
  });

  it('refuses a reset without a valid firstId', async () => {
    const port = new MotionWorkerPort({ onFailure: () => undefined });
    const refused: DataOf<FromWorkerMessage, 'refused'>[] = [];
    port.on('refused', (d) => refused.push(d));
    try {
      await port.ready;
      for (const data of [{}, { firstId: -1 }, { firstId: 1.5 }, { firstId: '3' }]) port.post({ kind: 'reset', data } as never);
      await until('four refusals', () => refused.length === 4, 3000);
      expect(refused.map((r) => r.reason)).to.deep.equal(['bad firstId', 'bad firstId', 'bad firstId', 'bad firstId']);
    } finally {
      port.dispose();
    }
  });
});
