import type { PoseData } from '../core/motion-details.js';
import type { Pose } from '../playback/pose.js';

/**
 * What the motion worker drives. The playback engine hands a renderer one pose per output slot (25 a
 * second, on its anchored cadence); the worker's display loop offers it every display frame, and a renderer
 * paints only when its picture changed (the default face: `PaintPacer`). A second built-in renderer implements this
 * interface and registers in `createRenderer()` (src/worker/motion-session.ts); nothing else changes.
 */
export interface Renderer {
  /** The pose for the slot at `at` (ms). `fresh`: a conversation frame shown for the first time. Copy what you keep. */
  pose(pose: Readonly<Pose>, at: number, fresh: boolean): void;
  /** Draws for the display frame at `now` (ms). Returns whether pixels changed. */
  draw(now: number): boolean;
  /** The drawing surface changed size (CSS pixels) or device pixel ratio. */
  resize?(width: number, height: number, devicePixelRatio: number): void;
  dispose(): void;
}

export type { PoseData };
