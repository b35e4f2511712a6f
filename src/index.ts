/**
 * `spatius-avatar`: importing this module registers `<spatius-avatar>` (once; importing it twice, or next
 * to another copy, is harmless) and re-exports the public API.
 */
import { SpatiusAvatarElement } from './element/spatius-avatar.js';

export const TAG_NAME = 'spatius-avatar';

if (typeof customElements !== 'undefined' && !customElements.get(TAG_NAME)) {
  customElements.define(TAG_NAME, SpatiusAvatarElement);
}

export { SpatiusAvatarElement };
export { SpatiusAvatarError } from './core/errors.js';
export type { ErrorCode, ErrorDetail } from './core/errors.js';
export type { SpatiusAvatarEventMap, SpatiusAvatarEventName } from './element/events.js';
export type * from './core/event-details.js';
export type { ConnectConfig } from './room/avatar-room.js';
export type { SecondStats, SessionStats } from './playback/stats.js';
export type { PoseData } from './render/renderer.js';
export { BLENDSHAPE_NAMES } from './codec/index.js';
export type { HeadPose, MotionFrame } from './codec/index.js';
