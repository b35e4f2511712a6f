import { ConnectionState as LkState, DisconnectReason, Room, RoomEvent, Track } from 'livekit-client';
import type { LocalTrack, RemoteParticipant, RemoteTrack, RemoteTrackPublication } from 'livekit-client';
import { SpatiusAvatarError } from '../element/errors.js';
import type { ConnectionState } from '../element/events.js';
import type { ConfigureMessage, FromWorkerMessage, ToWorkerMessage } from '../worker/messages.js';
import { microphoneError } from './microphone-errors.js';
import { ReceiverAttacher, attachMode, insertableStreamsConfig, watchReceivers } from './receive-transform.js';
import { VoiceStatsMonitor } from './voice-stats.js';

export interface ConnectConfig {
  url: string;
  token: string;
  roomName?: string;
}

export interface AvatarRoomCallbacks {
  onState(state: ConnectionState, reason?: string): void;
  onAvatar(identity: string): void;
  /** Whether the browser lets the avatar's voice play (autoplay policy). */
  onAudioPlayback(allowed: boolean): void;
  /** Non-fatal problems found while connected (e2ee-unsupported). */
  onError(error: SpatiusAvatarError): void;
}

export interface AvatarRoomOptions {
  /** Play this participant; otherwise the one whose video carries motion (preferring agent avatars). */
  avatarIdentity?: string;
  /** Where the avatar's voice plays (the element's shadow DOM). */
  audio: HTMLAudioElement;
  /** Called after a voice track was attached (livekit-client's attach() resets `muted`): re-apply volume and muted. */
  onVoiceAttached(): void;
}

/** The attribute LiveKit Agents' avatar plugins set on the avatar participant: the agent it speaks for. */
const PUBLISH_ON_BEHALF = 'lk.publish_on_behalf';

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
 * Owns one LiveKit `Room` for one connection: connects, gets every receiver and sender into the element's
 * motion worker, finds the avatar, plays only its voice, publishes the microphone or custom audio, and
 * leaves the room on `close()`. The worker outlives it (the element owns the worker and its canvas).
 */
export class AvatarRoom {
  readonly room: Room;
  private readonly unwatch: () => void;
  private closed = false;
  private avatarIdentity: string | undefined;
  private selectedTrackId: string | undefined;
  private readonly trackOwners = new Map<string, RemoteParticipant>();
  private readonly motionTrackIds = new Set<string>();
  private readonly rtcConfig: RTCConfiguration;
  private customAudio: LocalTrack | undefined;
  private e2eeReported = false;
  /** Lip sync: the avatar voice's receiver stats go to the worker (src/room/voice-stats.ts). */
  private readonly voiceStats = new VoiceStatsMonitor((data) => this.send({ kind: 'voice-stats', data }));
  private voiceTrack: RemoteTrack | undefined;

  constructor(
    private readonly callbacks: AvatarRoomCallbacks,
    private readonly worker: Worker,
    configuration: ConfigureMessage['data'],
    private readonly options: AvatarRoomOptions,
  ) {
    const mode = attachMode();
    if (!mode) throw new SpatiusAvatarError('unsupported-browser', 'this browser has no encoded-frame transform API');
    this.send({ kind: 'reset', data: {} });
    this.send({ kind: 'configure', data: configuration });
    this.room = new Room({ adaptiveStream: false, dynacast: false });
    const attacher = new ReceiverAttacher(this.worker, mode);
    this.rtcConfig = insertableStreamsConfig(mode);
    this.unwatch = watchReceivers(this.room, (track, _stream, receiver) => attacher.attach(receiver, track));
    this.room.localParticipant.on('localSenderCreated', (sender: RTCRtpSender) => attacher.attachSender(sender));
    this.room
      .on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
        this.trackOwners.set(track.mediaStreamTrack.id, participant);
        if (track.receiver) attacher.ensure(track.receiver, track.mediaStreamTrack);
        this.checkEncryption(publication);
        if (track.kind === Track.Kind.Audio && participant.identity === this.avatarIdentity) this.playVoice(track);
        this.maybeAnnounce();
      })
      .on(RoomEvent.TrackPublished, (publication) => this.checkEncryption(publication))
      .on(RoomEvent.TrackUnsubscribed, (track) => {
        if (track === this.voiceTrack) this.followVoice(undefined); // lip sync
        if (track.kind === Track.Kind.Audio) track.detach(this.options.audio);
        this.motionTrackIds.delete(track.mediaStreamTrack.id);
        this.trackOwners.delete(track.mediaStreamTrack.id);
      })
      .on(RoomEvent.AudioPlaybackStatusChanged, () => callbacks.onAudioPlayback(this.room.canPlaybackAudio))
      .on(RoomEvent.ConnectionStateChanged, (state) => {
        if (state === LkState.Reconnecting || state === LkState.SignalReconnecting) callbacks.onState('reconnecting');
        else if (state === LkState.Connected) callbacks.onState('connected');
      })
      .on(RoomEvent.Disconnected, (reason) => {
        if (!this.closed) callbacks.onState('disconnected', reason === undefined ? 'unknown' : disconnectReasonName(reason));
      });
  }

  async connect(config: ConnectConfig): Promise<void> {
    validateConfig(config);
    try {
      await this.room.connect(config.url, config.token, { rtcConfig: this.rtcConfig, autoSubscribe: true });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const rejected = /401|403|unauthori[sz]ed|invalid token|token is expired|permission/i.test(message);
      throw new SpatiusAvatarError(rejected ? 'token-rejected' : 'connection-failed', message);
    }
    this.callbacks.onAudioPlayback(this.room.canPlaybackAudio);
  }

  /** Playback options or renderer changed. */
  configure(configuration: ConfigureMessage['data']): void {
    this.send({ kind: 'configure', data: configuration });
  }

  /** The identity of the avatar participant, once found. */
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

  /** From a user gesture: lets the voice play where autoplay was blocked. */
  async startAudio(): Promise<void> {
    await this.room.startAudio();
    this.callbacks.onAudioPlayback(this.room.canPlaybackAudio);
  }

  /** Publishes the microphone. Throws SpatiusAvatarError (mic-denied, mic-not-found, mic-in-use, insecure-context). */
  async startMicrophone(): Promise<void> {
    if (!globalThis.isSecureContext) {
      throw new SpatiusAvatarError('insecure-context', 'the microphone needs a secure context (https: or localhost)', false);
    }
    try {
      await this.room.localParticipant.setMicrophoneEnabled(true);
    } catch (err) {
      throw microphoneError(err);
    }
  }

  /** Unpublishes the microphone and stops its track, so the device is released. */
  async stopMicrophone(): Promise<void> {
    const pub = this.room.localParticipant.getTrackPublication(Track.Source.Microphone);
    if (pub?.track) await this.room.localParticipant.unpublishTrack(pub.track, true);
  }

  /** Publishes any audio track in place of (or beside) the microphone. */
  async publishAudio(track: MediaStreamTrack): Promise<void> {
    await this.unpublishAudio();
    const pub = await this.room.localParticipant.publishTrack(track, { name: 'custom-audio', source: Track.Source.Unknown });
    this.customAudio = pub.track;
  }

  /** Unpublishes the custom audio track; the track itself is left running (it is the page's). */
  async unpublishAudio(): Promise<void> {
    const track = this.customAudio;
    this.customAudio = undefined;
    if (track) await this.room.localParticipant.unpublishTrack(track, false);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.followVoice(undefined); // lip sync
    this.unwatch();
    this.options.audio.srcObject = null;
    await this.room.disconnect();
  }

  private select(trackId: string): void {
    this.selectedTrackId = trackId;
    this.send({ kind: 'select-track', data: { trackId } });
  }

  /** Whether a remote track with this id is still subscribed. */
  private isLive(trackId: string): boolean {
    for (const p of this.room.remoteParticipants.values()) {
      for (const pub of p.videoTrackPublications.values()) if (pub.track?.mediaStreamTrack.id === trackId) return true;
    }
    return false;
  }

  private send(message: ToWorkerMessage): void {
    this.worker.postMessage(message);
  }

  private playVoice(track: RemoteTrack): void {
    track.attach(this.options.audio);
    this.options.onVoiceAttached();
    this.followVoice(track); // lip sync
  }

  /** Lip sync: the voice whose delay the face follows. */
  private followVoice(track: RemoteTrack | undefined): void {
    this.voiceTrack = track;
    this.voiceStats.follow(track?.receiver);
  }

  private checkEncryption(publication: RemoteTrackPublication): void {
    if (!publication.isEncrypted || this.e2eeReported) return;
    this.e2eeReported = true;
    this.callbacks.onError(new SpatiusAvatarError('e2ee-unsupported',
      "this room is end-to-end encrypted: the avatar's motion track cannot be read (E2EE is not supported)", false));
  }

  /** Picks the avatar among the participants whose video carries motion (or the configured identity). */
  private maybeAnnounce(): void {
    let best: { owner: RemoteParticipant; trackId: string } | undefined;
    for (const id of this.motionTrackIds) {
      const owner = this.trackOwners.get(id);
      if (!owner || !this.isLive(id)) continue;
      if (this.options.avatarIdentity) {
        if (owner.identity === this.options.avatarIdentity) best = { owner, trackId: id };
        continue;
      }
      // Prefer a participant that publishes on behalf of an agent (LiveKit Agents avatar plugins).
      if (!best || (!best.owner.attributes[PUBLISH_ON_BEHALF] && owner.attributes[PUBLISH_ON_BEHALF])) best = { owner, trackId: id };
    }
    if (!best) return;
    if (best.owner.identity === this.avatarIdentity) {
      // The same avatar with a new motion track (re-subscribed, or after a full reconnect): follow it.
      if (best.trackId !== this.selectedTrackId && !(this.selectedTrackId && this.isLive(this.selectedTrackId))) this.select(best.trackId);
      return;
    }
    this.avatarIdentity = best.owner.identity;
    this.select(best.trackId);
    this.options.audio.srcObject = null;
    for (const pub of best.owner.audioTrackPublications.values()) if (pub.track) this.playVoice(pub.track);
    this.callbacks.onAvatar(best.owner.identity);
  }
}

function disconnectReasonName(reason: DisconnectReason): string {
  const name = (DisconnectReason as unknown as Record<number, string>)[reason];
  return name ? name.toLowerCase().replace(/_/g, '-') : String(reason);
}
