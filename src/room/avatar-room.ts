import { ConnectionState as LkState, Room, RoomEvent } from 'livekit-client';
import type { RemoteParticipant } from 'livekit-client';
import { SpatiusAvatarError } from '../element/errors.js';
import type { ConnectionState } from '../element/events.js';
import type { ConfigureMessage, FromWorkerMessage, ToWorkerMessage } from '../worker/messages.js';
import { ReceiverAttacher, attachMode, insertableStreamsConfig, watchReceivers } from './receive-transform.js';

export interface ConnectConfig {
  url: string;
  token: string;
  roomName?: string;
}

export interface AvatarRoomCallbacks {
  onState(state: ConnectionState, reason?: string): void;
  onAvatar(identity: string): void;
}

/** The identity (`sub`) and room of a LiveKit access token, without verifying it (the server does). */
export function readToken(token: string): { identity?: string; room?: string } {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { sub?: string; video?: { room?: string } };
    return { identity: json.sub, room: json.video?.room };
  } catch {
    return {};
  }
}

/** Checks a config before anything touches the network. Throws SpatiusAvatarError. */
export function validateConfig(config: ConnectConfig): void {
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    throw new SpatiusAvatarError('invalid-url', `url "${config.url}" is not a URL (expected wss://… or ws://…)`);
  }
  if (!['ws:', 'wss:', 'http:', 'https:'].includes(url.protocol)) {
    throw new SpatiusAvatarError('invalid-url', `url "${config.url}" must use wss:, ws:, https: or http:`);
  }
  if (!config.token) throw new SpatiusAvatarError('missing-token', 'no token: set the token attribute or pass {token}');
  const tokenRoom = readToken(config.token).room;
  if (config.roomName && tokenRoom && tokenRoom !== config.roomName) {
    throw new SpatiusAvatarError('room-mismatch', `room "${config.roomName}" differs from the token's room "${tokenRoom}"`);
  }
}

/**
 * Owns one LiveKit `Room` for one connection: connects, gets every receiver into the element's motion
 * worker, tells which participant is the avatar, and leaves the room on `close()`. The worker outlives
 * it (the element owns the worker and its canvas, so the face stays between connections).
 */
export class AvatarRoom {
  readonly room: Room;
  private readonly unwatch: () => void;
  private closed = false;
  private avatarIdentity: string | undefined;
  private readonly trackOwners = new Map<string, RemoteParticipant>();

  constructor(private readonly callbacks: AvatarRoomCallbacks, private readonly worker: Worker, configuration: ConfigureMessage['data']) {
    const mode = attachMode();
    if (!mode) throw new SpatiusAvatarError('unsupported-browser', 'this browser has no encoded-frame transform API');
    this.send({ kind: 'reset', data: {} });
    this.send({ kind: 'configure', data: configuration });
    this.room = new Room({ adaptiveStream: false, dynacast: false });
    const attacher = new ReceiverAttacher(this.worker, mode);
    this.rtcConfig = insertableStreamsConfig(mode);
    this.unwatch = watchReceivers(this.room, (track, _stream, receiver) => attacher.attach(receiver, track));
    this.room
      .on(RoomEvent.TrackSubscribed, (track, _pub, participant) => {
        this.trackOwners.set(track.mediaStreamTrack.id, participant);
        if (track.receiver) attacher.ensure(track.receiver, track.mediaStreamTrack);
        this.maybeAnnounce();
      })
      .on(RoomEvent.ConnectionStateChanged, (state) => {
        if (state === LkState.Reconnecting || state === LkState.SignalReconnecting) callbacks.onState('reconnecting');
        else if (state === LkState.Connected) callbacks.onState('connected');
      })
      .on(RoomEvent.Disconnected, (reason) => {
        if (!this.closed) callbacks.onState('disconnected', reason === undefined ? 'unknown' : String(reason));
      });
  }

  private readonly rtcConfig: RTCConfiguration;
  private motionTrackIds = new Set<string>();

  async connect(config: ConnectConfig): Promise<void> {
    validateConfig(config);
    try {
      await this.room.connect(config.url, config.token, { rtcConfig: this.rtcConfig, autoSubscribe: true });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const rejected = /401|403|unauthori[sz]ed|invalid token|token is expired|permission/i.test(message);
      throw new SpatiusAvatarError(rejected ? 'token-rejected' : 'connection-failed', message);
    }
  }

  /** Playback options or renderer changed. */
  configure(configuration: ConfigureMessage['data']): void {
    this.send({ kind: 'configure', data: configuration });
  }

  private send(message: ToWorkerMessage): void {
    this.worker.postMessage(message);
  }

  /** The identity of the participant whose video carries motion frames, once seen. */
  get avatar(): string | undefined {
    return this.avatarIdentity;
  }

  /** The element forwards the worker's messages; the room cares about motion-track discovery. */
  onWorkerMessage(message: FromWorkerMessage): void {
    if (message.kind === 'motion-track') {
      this.motionTrackIds.add(message.data.trackId);
      this.maybeAnnounce();
    }
  }

  private maybeAnnounce(): void {
    if (this.avatarIdentity) return;
    for (const id of this.motionTrackIds) {
      const owner = this.trackOwners.get(id);
      if (owner) {
        this.avatarIdentity = owner.identity;
        this.send({ kind: 'select-track', data: { trackId: id } });
        this.callbacks.onAvatar(owner.identity);
        return;
      }
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.unwatch();
    await this.room.disconnect();
  }
}
