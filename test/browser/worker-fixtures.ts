// What the motion worker's browser tests feed it: encoded motion frames on transferable streams, and waits.
import { BLENDSHAPE_COUNT, encodeMotionFrameSync } from '../../src/codec/index.js';
import type { MotionPacket } from '../../src/codec/index.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `check()` holds; throws naming `what` after `ms`. */
export async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await sleep(20);
  }
}

/** Stands for a VP8 frame's bytes. */
export const MEDIA = Uint8Array.from([0x10, 0x20, 0x30, 0x40]);

/** A conversation of `frames` frames between IDLE packets, each packet behind the media bytes as the sender puts it. */
export function conversation(frames = 25, idleBefore = 5, idleAfter = 10): Uint8Array[] {
  const packets: MotionPacket[] = [];
  for (let i = 0; i < idleBefore; i++) packets.push({ kind: 'idle', start: false, end: false });
  for (let seq = 0; seq < frames; seq++) {
    const blendshapes = new Float32Array(BLENDSHAPE_COUNT);
    blendshapes[17] = (seq % 5) / 5;
    packets.push({ kind: 'frame', start: seq === 0, end: seq === frames - 1, seq, frame: { blendshapes, time: seq * 40 } });
  }
  for (let i = 0; i < idleAfter; i++) packets.push({ kind: 'idle', start: false, end: false });
  return packets.map((p) => encodeMotionFrameSync(p, MEDIA));
}

/**
 * A receiver's encoded streams fed `frames`, one every 40 ms from `start()` (at once with `autostart`);
 * `written`: the byte length of each frame the worker let through; `sizes`: the frames' own lengths.
 */
export function motionStreams(frames: Uint8Array[] = conversation(), { autostart = true } = {}) {
  const written: number[] = [];
  const queue = [...frames];
  let controller!: ReadableStreamDefaultController<{ data: ArrayBuffer }>;
  let timer: ReturnType<typeof setInterval> | undefined;
  const readable = new ReadableStream<{ data: ArrayBuffer }>({ start: (c) => void (controller = c), cancel: () => clearInterval(timer) });
  const writable = new WritableStream<{ data: ArrayBuffer }>({ write: (frame) => void written.push(frame.data.byteLength) });
  const start = () => {
    timer = setInterval(() => {
      const next = queue.shift();
      if (next) controller.enqueue({ data: next.slice().buffer });
      else clearInterval(timer);
    }, 40);
  };
  if (autostart) start();
  return { readable, writable, written, start, sizes: frames.map((f) => f.length), stop: () => clearInterval(timer) };
}
