import type { ReactiveControllerHost } from 'lit';
import type { LogLevel, LookName, RendererName } from '../core/event-details.js';
import type { SpatiusAvatarError } from '../core/errors.js';
import type { AvatarTokenSource } from '../room/token-source.js';
import type { TrustedScriptURLLike } from '../worker/spawn.js';

/** What the element's features (call, voice, face) read from and do through the element. */
export interface AvatarHost extends ReactiveControllerHost, HTMLElement {
  url: string;
  token: string;
  tokenEndpoint: string;
  tokenSource: AvatarTokenSource | undefined;
  participantName: string;
  room: string;
  manual: boolean;
  avatarIdentity: string | undefined;
  logLevel: LogLevel;
  muted: boolean;
  volume: number;
  mic: boolean;
  enableJitterBuffer: boolean;
  maxBufferDelayMs: number;
  stallTimeoutMs: number;
  renderer: RendererName;
  look: LookName;
  workerUrl: string | TrustedScriptURLLike | undefined;
  /** `agent-timeout`: ms after `connected` for an agent or avatar to join (0: never). */
  agentTimeoutMs: number;
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly hasUpdated: boolean;
  /** Fires a (non-bubbling) `error` event. */
  report(error: SpatiusAvatarError): void;
}
