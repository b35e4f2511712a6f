/**
 * `spatius-avatar/element`: the element's class and the public API, without registering anything. For a
 * page that registers the class under its own tag (`customElements.define('my-avatar', SpatiusAvatarElement)`)
 * or in a scoped registry. `spatius-avatar` (src/index.ts) exports the same and registers
 * `<spatius-avatar>` (it re-exports this list: `export *`, the one list of the public API).
 */
export { SpatiusAvatarElement } from './spatius-avatar.js';
export { SpatiusAvatarError } from '../core/errors.js';
export type { ErrorCode, ErrorDetail } from '../core/errors.js';
export type { SpatiusAvatarEventMap, SpatiusAvatarEventName } from './events.js';
export type * from '../core/event-details.js';
export type { ConnectConfig } from '../room/avatar-room.js';
export type { AvatarTokenSource, TokenFetcher, TokenRequest, TokenResponse } from '../room/token-source.js';
export type { SecondStats, SessionStats } from '../playback/stats.js';
export type { PoseData } from '../render/renderer.js';
export type { TrustedScriptURLLike } from '../worker/spawn.js';
export { BLENDSHAPE_NAMES } from '../codec/index.js';
export type { HeadPose, MotionFrame } from '../codec/index.js';
