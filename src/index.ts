/**
 * `spatius-avatar`: importing this module registers `<spatius-avatar>` where there is a custom element
 * registry (once; importing it twice, or next to another copy, is harmless; in Node without a DOM it
 * registers nothing, or in lit's server-side registry) and re-exports the public API, the same as
 * `spatius-avatar/element` (src/element/index.ts), which registers nothing.
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
export type { AvatarTokenSource, TokenFetcher, TokenRequest, TokenResponse } from './room/token-source.js';
export type { SecondStats, SessionStats } from './playback/stats.js';
export type { PoseData } from './render/renderer.js';
export type { TrustedScriptURLLike } from './worker/spawn.js';
export { BLENDSHAPE_NAMES } from './codec/index.js';
export type { HeadPose, MotionFrame } from './codec/index.js';
