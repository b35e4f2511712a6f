/**
 * `spatius-avatar/publisher`: the agent side of the motion track wire format, for browser-based agents,
 * tests and the demo: MotionPublisher publishes, AudioMotion turns speech audio into motion frames.
 */
export { AudioMotion } from './audio-motion.js';
export { MotionPublisher } from './motion-publisher.js';
export type { MotionPublisherOptions, SentFrame } from './motion-publisher.js';
export { MotionSequencer } from './motion-sequencer.js';
