import { SLOT_MS } from '../codec/constants.js';

/** What the display loop needs from its environment (the worker's, or a test's fake one). */
export interface DisplayScheduler {
  now(): number;
  /** requestAnimationFrame, where the worker has it (Chromium, Firefox); undefined elsewhere. */
  requestFrame?: (callback: () => void) => unknown;
  every(ms: number, callback: () => void): unknown;
}

export interface DisplayTarget {
  /** Advance playback to `now` and draw. */
  frame(now: number): void;
  /** Advance playback to `now` without drawing (slots, stall watchdog). */
  advance(now: number): void;
}

/** Display frames further apart than this mean the browser throttles them (hidden page, background tab). */
const THROTTLED_MS = 2.5 * SLOT_MS;

/**
 * The least time between two paints: 30 a second at 60 Hz (every second display frame), 40 at 120 Hz, 25 at
 * 50 Hz. The motion is 25 poses a second; each paint costs the page's main thread the OffscreenCanvas
 * placeholder's update (docs/decisions.md, BENCHMARKS.md "End to end").
 */
export const MIN_PAINT_MS = 25;

/**
 * Draws on display frames (requestAnimationFrame), at most one every MIN_PAINT_MS (the frames between only
 * advance playback), and keeps playback advancing on a slot timer only
 * while display frames are throttled or missing, so the slots and the stall watchdog go on in a hidden
 * page without painting twice per frame in a visible one. Without requestAnimationFrame the timer draws.
 */
export function startDisplayLoop(target: DisplayTarget, scheduler: DisplayScheduler): void {
  const { requestFrame } = scheduler;
  let lastFrameAt = -Infinity;
  let paintedAt = -Infinity;
  if (requestFrame) {
    const loop = (): void => {
      lastFrameAt = scheduler.now();
      if (lastFrameAt - paintedAt >= MIN_PAINT_MS) {
        paintedAt = lastFrameAt;
        target.frame(lastFrameAt);
      } else target.advance(lastFrameAt);
      requestFrame(loop);
    };
    requestFrame(loop);
  }
  scheduler.every(SLOT_MS, () => {
    const now = scheduler.now();
    if (!requestFrame) target.frame(now);
    else if (now - lastFrameAt > THROTTLED_MS) target.advance(now);
  });
}
