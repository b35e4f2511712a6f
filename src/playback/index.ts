export { PlaybackEngine, DEFAULT_PLAYBACK_OPTIONS } from './playback-engine.js';
export type { BufferPolicy, PlaybackEvent, PlaybackOptions, PlaybackSink, StallReason } from './playback-engine.js';
export type { Pose, PlaybackState } from './pose.js';
export type { SecondStats, SessionStats } from './stats.js';
