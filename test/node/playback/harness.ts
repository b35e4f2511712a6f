import { BLENDSHAPE_COUNT } from '../../../src/codec/index.js';
import type { MotionPacket } from '../../../src/codec/index.js';
import { PlaybackEngine } from '../../../src/playback/index.js';
import type { PlaybackEvent, PlaybackOptions } from '../../../src/playback/index.js';

export interface Rendered { at: number; seq: number; state: string; fresh: boolean; jaw: number }

/** A playback engine on a fake clock, recording every render and event. */
export function harness(options: Partial<PlaybackOptions> = {}) {
  const renders: Rendered[] = [];
  const events: (PlaybackEvent & { at: number })[] = [];
  let now = 0;
  const engine = new PlaybackEngine(options, {
    render: (pose, at, fresh) => renders.push({ at, seq: pose.seq, state: pose.state, fresh, jaw: pose.weights[17]! }),
    event: (e) => events.push({ ...e, at: now }),
  });
  return {
    engine,
    renders,
    events,
    /** Moves the clock to `t` (running every slot due), then delivers `packet` at `t`. */
    at(t: number, packet?: MotionPacket) {
      now = t;
      engine.advance(t);
      if (packet) {
        engine.push(packet, t);
        engine.advance(t);
      }
    },
    /** Seqs rendered as fresh frames, in order. */
    played: () => renders.filter((r) => r.fresh).map((r) => r.seq),
    eventTypes: () => events.map((e) => e.type),
  };
}

const weights = (jaw: number) => {
  const w = new Float32Array(BLENDSHAPE_COUNT);
  w[17] = jaw;
  return w;
};

export const frame = (seq: number, opts: { start?: boolean; end?: boolean; jaw?: number } = {}): MotionPacket => ({
  kind: 'frame', start: !!opts.start, end: !!opts.end, seq, frame: { blendshapes: weights(opts.jaw ?? 0.5) },
});
export const transition = (jaw = 0.8): MotionPacket => ({ kind: 'transition', start: false, end: false, frame: { blendshapes: weights(jaw) } });
export const transitionEnd = (): MotionPacket => ({ kind: 'transition-end', start: false, end: false });
export const idle = (): MotionPacket => ({ kind: 'idle', start: false, end: false });

/** Delivers seqs `from..to` (inclusive) every 40 ms from `t0`, the first with START. Returns the time after. */
export function steady(h: ReturnType<typeof harness>, t0: number, from: number, to: number, opts: { end?: boolean; start?: boolean } = {}): number {
  let t = t0;
  for (let s = from; s <= to; s++, t += 40) {
    h.at(t, frame(s, { start: (opts.start ?? true) && s === from, end: !!opts.end && s === to }));
  }
  return t;
}
