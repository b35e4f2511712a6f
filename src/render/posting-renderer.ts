import { copyPose, createPose, samePose } from '../playback/pose.js';
import type { Pose } from '../playback/pose.js';
import type { PoseData, Renderer } from './renderer.js';

/**
 * Draws nothing: posts every pose to the main thread, where the element fires a `frame` event so the
 * page can drive its own model (renderer="none"). A pose equal to the last one posted is not sent again,
 * so an idle avatar costs nothing.
 */
export class PostingRenderer implements Renderer {
  readonly #last = createPose();
  #posted = false;

  readonly #post: (pose: PoseData, transfer: Transferable[]) => void;

  constructor(post: (pose: PoseData, transfer: Transferable[]) => void) {
    this.#post = post;
  }

  pose(pose: Readonly<Pose>, at: number, fresh: boolean): void {
    if (!fresh && this.#posted && samePose(pose, this.#last)) return;
    copyPose(this.#last, pose);
    this.#posted = true;
    const weights = pose.weights.slice();
    const r = pose.rotation, t = pose.translation;
    this.#post(
      { weights, rotation: [r[0]!, r[1]!, r[2]!], translation: [t[0]!, t[1]!, t[2]!], state: pose.state, seq: pose.seq, time: pose.time, at, fresh },
      [weights.buffer],
    );
  }

  draw(): boolean {
    return false;
  }

  dispose(): void {}
}
