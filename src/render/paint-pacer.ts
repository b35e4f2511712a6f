/**
 * The least time between two paints: 40 a second at most, whatever the display's rate. A new pose comes every
 * 40 ms slot (faster only while the engine catches up), so this only bounds blinks and catch-up slots. Each paint
 * of the worker's OffscreenCanvas costs the page's main thread its placeholder update (docs/main-thread.md).
 */
export const MIN_PAINT_MS = 25;

/** While nothing but the idle life moves (breathing, head drift, glances): 15 paints a second. */
export const IDLE_PAINT_MS = 1000 / 15;
/** Display-frame timestamps jitter: an idle paint is due this much (ms) before IDLE_PAINT_MS. */
const IDLE_SLACK_MS = 2;

/** What changed the face since its last paint, as the renderer sees it at a display frame. */
export interface FaceChange {
  /** The idle life moves the face slowly (breathing, drift, a glance): repaint now and then. */
  drifting: boolean;
  /** A quick movement is under way (a blink, a glance while not speaking): repaint at every display frame allowed. */
  quick: boolean;
}

/**
 * Decides at each display frame whether the face paints (docs/decisions.md): at the first display frame after a
 * new pose (or a new surface: size, theme), never sooner than MIN_PAINT_MS after the last paint; otherwise only
 * for the idle life: every display frame allowed (MIN_PAINT_MS apart: every second frame at 60 Hz) while a blink runs, every IDLE_PAINT_MS while the face drifts, and
 * not at all when nothing moves. Pure: the caller passes the time.
 */
export class PaintPacer {
  #paintedAt = -Infinity;
  #stale = true;

  /** A new pose, a new size or theme: the next display frame allowed paints. */
  invalidate(): void {
    this.#stale = true;
  }

  /** Whether to paint the display frame at `now` (ms); when true, it counts as painted. */
  due(now: number, change: FaceChange): boolean {
    const since = now - this.#paintedAt;
    if (since < MIN_PAINT_MS) return false;
    // Less a little of the idle interval: display frames jitter around 1/60 s, and 4 frames must be enough.
    if (!this.#stale && !change.quick && !(change.drifting && since >= IDLE_PAINT_MS - IDLE_SLACK_MS)) return false;
    this.#paintedAt = now;
    this.#stale = false;
    return true;
  }
}
