/**
 * `spatius-avatar/publisher`: the agent side of the motion track wire format, for browser-based agents,
 * tests and the demo. (Audio-driven motion, AudioMotion, is not written yet.)
 */
export { MotionPublisher } from './motion-publisher.js';
export type { MotionPublisherOptions } from './motion-publisher.js';
export { MotionSequencer } from './motion-sequencer.js';
