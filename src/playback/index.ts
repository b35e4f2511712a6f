export { PlaybackEngine, DEFAULT_PLAYBACK_OPTIONS } from './playback-engine.js';
export type { BufferPolicy, PlaybackEvent, PlaybackOptions, PlaybackSink, StallReason } from './playback-engine.js';
export type { Pose, PlaybackState } from './pose.js';
export type { SecondStats, SessionStats } from './stats.js';
export { SyncClock, DEFAULT_SYNC_OPTIONS } from './sync-clock.js';
export type { SyncClockOptions } from './sync-clock.js';
export { AudioDelayEstimator } from './audio-delay.js';
export type { AudioDelay, AudioStatsSample } from './audio-delay.js';
export { PlayoutPosition, PlayoutSyncClock } from './playout-position.js';
