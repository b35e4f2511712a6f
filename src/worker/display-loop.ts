import { SLOT_MS } from '../codec/constants.js';

/** What the display loop needs from its environment (the worker's, or a test's fake one). */
export interface DisplayScheduler {
  now(): number;
  /** requestAnimationFrame, where the worker has it (Chromium, Firefox); undefined elsewhere. */
  requestFrame?: (callback: () => void) => unknown;
  every(ms: number, callback: () => void): unknown;
}

export interface DisplayTarget {
  /** Advance playback to `now` and offer the renderer a paint. */
  frame(now: number): void;
  /** Advance playback to `now` without drawing (slots, stall watchdog). */
  advance(now: number): void;
}

/** Display frames further apart than this mean the browser throttles them (hidden page, background tab). */
const THROTTLED_MS = 2.5 * SLOT_MS;

/**
 * Offers the renderer every display frame (requestAnimationFrame); the renderer paints only when the face
 * changed (src/render/paint-pacer.ts), so an unchanged frame costs the page nothing. Playback advances on a
 * slot timer only while display frames are throttled or missing, so the slots and the stall watchdog go on in
 * a hidden page. Without requestAnimationFrame the timer draws.
 */
export function startDisplayLoop(target: DisplayTarget, scheduler: DisplayScheduler): void {
  const { requestFrame } = scheduler;
  let lastFrameAt = -Infinity;
  if (requestFrame) {
    const loop = (): void => {
      lastFrameAt = scheduler.now();
      target.frame(lastFrameAt);
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
