import { ConnectionState as LkState, DisconnectReason, Room, RoomEvent, Track, TrackEvent } from 'livekit-client';
import type { LocalTrack, RemoteParticipant, RemoteTrack, RemoteTrackPublication, TrackPublication } from 'livekit-client';
import { SpatiusAvatarError } from '../core/errors.js';
import { PUBLISH_ON_BEHALF } from './agent-state.js';
import { AgentWatch } from './agent-watch.js';
import type { AgentInfo } from './agent-watch.js';
import type { MotionWorkerPort } from '../worker/motion-worker-port.js';
import type { CallConfig, CallSession, SessionReports } from './call-machine.js';
import { detachWithoutPool, leftoverTransportCloser, observedReconnectPolicy, releasableRoom, roomAudioContext, stopBitrateMonitor, watchReceivers } from './livekit-internals.js';
import { LOST_REASON } from './reconnect-deadline.js';
import { microphoneError } from './microphone-errors.js';
import type { AvatarTokenSource } from './token-source.js';
import { fetchCredentials } from './token-source.js';
import { mediaElementMayPlay } from './autoplay-policy.js';
import { ReceiverAttacher, attachMode, firstUnhandedStreamId, insertableStreamsConfig } from './receive-transform.js';
import { connectError } from './connect-error.js';
import { signalOrigin, watchSignalRefusal } from './signal-refusal.js';
import { receiveTranscriptions } from './transcriptions.js';
import type { TranscriptionInput } from './transcriptions.js';
import { VoiceStatsMonitor } from './voice-stats.js';

/** Throws `invalid-track` unless `track` is a live audio MediaStreamTrack (what `publishAudio()` takes). */
export function checkAudioTrack(track: MediaStreamTrack): void {
  if (!(track instanceof MediaStreamTrack) || track.kind !== 'audio' || track.readyState !== 'live') {
    const what = track instanceof MediaStreamTrack ? `a${track.readyState === 'ended' ? 'n ended' : ''} ${track.kind} track` : String(track);
    throw new SpatiusAvatarError('invalid-track', `publishAudio() needs a live audio MediaStreamTrack, not ${what}`, false);
  }
}

/**
 * connect()'s config: `url`, `token`, and `roomName` (checked against the token's room); or, instead of
 * `token`, a `tokenSource` or a `tokenEndpoint` asked for a fresh token at every connect (precedence:
 * tokenSource, tokenEndpoint, token; credentials given here replace the element's).
 */
export type ConnectConfig = Pick<CallConfig, 'url' | 'token' | 'roomName' | 'participantName'> & {
  tokenEndpoint?: string;
  tokenSource?: AvatarTokenSource;
};

/** The part of the motion worker's port a room uses. */
export type RoomWorkerPort = Pick<MotionWorkerPort, 'post' | 'on' | 'scriptTransform'>;

export interface AvatarRoomCallbacks extends SessionReports {
  onAvatar(identity: string): void;
  /**
   * The avatar participant left the room (or a full reconnect dropped it): its return is announced again
   * through `onAvatar`. Optional until the element's call feature clears its `avatar` with it.
   */
  onAvatarLeft?(identity: string): void;
  /**
   * The agent (src/room/agent-state.ts) and its `lk.agent.state`, whether an agent or avatar worker is in
   * the room, and the avatar playing: on every change.
   */
  onAgent?(agent: AgentInfo | undefined, present: boolean, avatar: string | undefined): void;
  /** A chunk or the end of an `lk.transcription` text stream, as it arrives. */
  onTranscription?(input: TranscriptionInput): void;
  /** Whether the browser lets the avatar's voice play (autoplay policy). */
  onAudioPlayback(allowed: boolean): void;
  /** Non-fatal problems found while connected (e2ee-unsupported). */
  onError(error: SpatiusAvatarError): void;
}

export interface AvatarRoomOptions {
  /** Where to connect; `avatarIdentity`: play this participant, else the one whose video carries motion. */
  config: CallConfig;
  /** Where the avatar's voice plays (the element's shadow DOM). */
  audio: HTMLAudioElement;
  /** Called after a voice track was attached (livekit-client's attach() resets `muted`): re-apply volume and muted. */
  onVoiceAttached(): void;
}

/**
 * How long close() waits for livekit-client's own disconnect (which a Room stuck in a reconnect may never
 * finish), and then for an aborted connect to settle, before it closes what they left.
 */
const CONNECT_SETTLE_MS = 5000;


/** The identity (`sub`) and room of a LiveKit access token, without verifying it (the server does). */
export function readToken(token: string): { identity?: string; room?: string } {
  try {
    const payload = (token.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    // atob gives one char per byte; the payload is UTF-8 JSON (a room may be named in any script).
    const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
    const json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as { sub?: string; video?: { room?: string } };
    return { identity: json.sub, room: json.video?.room };
  } catch {
    return {};
  }
}

/** Checks a config before it connects (after its token was fetched, if it is). Throws SpatiusAvatarError. */
export function validateConfig(config: Pick<CallConfig, 'url' | 'token' | 'roomName'>): void {
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
 * motion worker (through its port), finds the avatar and tells the worker which motion track to play,
 * plays only its voice, publishes the microphone or custom audio, and leaves the room on `close()`.
 * The worker outlives it (the element owns the worker and its canvas). Made only by the call machine.
 */
export class AvatarRoom implements CallSession {
  readonly room: Room;
  /** Removes what livekit-client left holding the Room (releasableRoom). */
  readonly #releaseRoom: () => void;
  readonly #unwatch: () => void;
  /** Stops the reconnect policy's reports (the Room keeps its policy in its options). */
  readonly #unobserve: () => void;
  #closed = false;
  #avatarIdentity: string | undefined;
  #selectedTrackId: string | undefined;
  /** The worker was told the selected track is paused (told again when that changes). */
  #pauseTold = false;
  /**
   * The selected motion track was unsubscribed while its publisher still publishes it (the server changed
   * the subscription): a pause, not an end. Cleared when it is subscribed again or unpublished.
   */
  #unsubscribedSid: string | undefined;
  /** The selected track's publication, watched for the viewer's own setEnabled (the SFU stops forwarding). */
  #watched: RemoteTrackPublication | undefined;
  readonly #onSettings = () => {
    if (this.#watched) this.#checkPaused(this.#watched);
  };
  readonly #trackOwners = new Map<string, RemoteParticipant>();
  readonly #motionTrackIds = new Set<string>();
  readonly #rtcConfig: RTCConfiguration;
  /** Hands the call's receivers and senders to the worker; `release()` ends their pipes when it closes. */
  readonly #attacher: ReceiverAttacher;
  #customAudio: LocalTrack | undefined;
  #e2eeReported = false;
  readonly #unsubscribe: () => void;
  /** Lip sync: the avatar voice's receiver stats go to the worker (src/room/voice-stats.ts). */
  readonly #voiceStats = new VoiceStatsMonitor((data) => this.#port.post({ kind: 'voice-stats', data }));
  #voiceTrack: RemoteTrack | undefined;
  /** Agent state and captions (the agent controller and captions of the element). */
  readonly #agentWatch: AgentWatch;
  readonly #stopTranscriptions: () => void;

  readonly #port: RoomWorkerPort;
  readonly #callbacks: AvatarRoomCallbacks;
  readonly #options: AvatarRoomOptions;

  constructor(
    callbacks: AvatarRoomCallbacks,
    port: RoomWorkerPort,
    options: AvatarRoomOptions,
  ) {
    this.#port = port;
    this.#callbacks = callbacks;
    this.#options = options;
    const mode = attachMode();
    if (!mode) throw new SpatiusAvatarError('unsupported-browser', 'this browser has no encoded-frame transform API (createEncodedStreams or RTCRtpScriptTransform)');
    this.#port.post({ kind: 'reset', data: { firstId: firstUnhandedStreamId() } }); // before this call's receivers get ids
    this.#unsubscribe = this.#port.on('motion-track', ({ trackId }) => {
      this.#motionTrackIds.add(trackId);
      this.#maybeAnnounce();
    });
    options.audio.addEventListener('playing', this.#onVoicePlaying);
    // Each step of livekit-client's reconnects is progress for the call machine's deadline on `reconnecting`.
    const progress = () => {
      if (!this.#closed) callbacks.progress?.();
    };
    const reconnects = observedReconnectPolicy();
    reconnects.observe(progress);
    this.#unobserve = () => reconnects.observe(undefined);
    const made = releasableRoom({ adaptiveStream: false, dynacast: false, reconnectPolicy: reconnects.policy });
    this.room = made.room;
    this.#releaseRoom = made.release;
    const attacher = (this.#attacher = new ReceiverAttacher(this.#port, mode));
    this.#rtcConfig = insertableStreamsConfig(mode);
    this.#unwatch = watchReceivers(this.room, (track, _stream, receiver) => attacher.attach(receiver, track), progress);
    this.room.localParticipant.on('localSenderCreated', (sender: RTCRtpSender) => attacher.attachSender(sender));
    this.room
      .on(RoomEvent.TrackSubscribed, (track, publication, participant) => {
        this.#trackOwners.set(track.mediaStreamTrack.id, participant);
        stopBitrateMonitor(track); // main-thread time: a getStats() every 2 s per track, unused here
        if (track.receiver) attacher.ensure(track.receiver, track.mediaStreamTrack);
        this.#checkEncryption(publication);
        if (track.kind === Track.Kind.Audio && participant.identity === this.#avatarIdentity) this.#playVoice(track);
        if (publication.trackSid === this.#unsubscribedSid && track.mediaStreamTrack.id === this.#selectedTrackId) {
          this.#unsubscribedSid = undefined; // subscribed again, the same track: it plays again (unless muted…)
          this.#watch(publication);
          this.#checkPaused(publication);
        }
        this.#maybeAnnounce();
      })
      .on(RoomEvent.TrackPublished, (publication) => this.#checkEncryption(publication))
      .on(RoomEvent.TrackUnpublished, (publication) => {
        // Unpublished while unsubscribed (paused): now it has ended.
        if (publication.trackSid !== this.#unsubscribedSid || this.#closed) return;
        this.#unsubscribedSid = undefined;
        const id = this.#selectedTrackId!;
        this.#motionTrackIds.delete(id);
        this.#port.post({ kind: 'track-ended', data: { trackId: id } });
        this.#selectedTrackId = undefined;
        this.#maybeAnnounce();
      })
      .on(RoomEvent.TrackUnsubscribed, (track, publication, participant) => {
        if (track === this.#voiceTrack) this.#followVoice(undefined); // lip sync
        if (track.kind === Track.Kind.Audio) detachWithoutPool(track, this.#options.audio);
        const id = track.mediaStreamTrack.id;
        this.#motionTrackIds.delete(id);
        this.#trackOwners.delete(id);
        // Closing (or closed): the tracks go with the room; a late report could match a track of the next
        // session (the same publisher's track keeps its id), so nothing more is said to the worker.
        if (track.kind !== Track.Kind.Video || this.#closed) return;
        // The selected track unsubscribed while it is still published by a participant still here: the
        // server changed the subscription (RoomServiceClient.updateSubscriptions). A pause: `stalled`
        // (`paused`) at once, and it plays again when subscribed again. (An unpublished track or a participant
        // leaving also unsubscribes first, but leaves the publication or the room in the same task.)
        if (id === this.#selectedTrackId && participant.trackPublications.get(publication.trackSid) === publication
          && this.room.remoteParticipants.get(participant.identity) === participant) {
          this.#unsubscribedSid = publication.trackSid;
          this.#motionTrackIds.add(id); // still the avatar's track: the worker keeps it announced
          this.#trackOwners.set(id, participant);
          if (!this.#pauseTold) this.#port.post({ kind: 'track-paused', data: { trackId: id, paused: true } });
          this.#pauseTold = true;
          return;
        }
        // The worker ends the selected track's conversation at once (no stall after stall-timeout) and
        // forgets that it announced the track, in case it is subscribed again.
        this.#port.post({ kind: 'track-ended', data: { trackId: id } });
        if (id === this.#selectedTrackId) this.#selectedTrackId = undefined;
        this.#maybeAnnounce();
      })
      .on(RoomEvent.ParticipantDisconnected, (participant) => {
        if (this.#closed || participant.identity !== this.#avatarIdentity) return;
        // The avatar left (its tracks were unsubscribed just before): when it (or another) comes back with
        // motion, it is discovered again (`avatar-discovered`) and its voice plays.
        this.#avatarIdentity = undefined;
        this.#options.audio.srcObject = null;
        this.#callbacks.onAvatarLeft?.(participant.identity);
        this.#maybeAnnounce();
      })
      .on(RoomEvent.TrackMuted, (publication) => this.#checkPaused(publication))
      .on(RoomEvent.TrackUnmuted, (publication) => this.#checkPaused(publication))
      .on(RoomEvent.TrackStreamStateChanged, (publication) => this.#checkPaused(publication))
      .on(RoomEvent.AudioPlaybackStatusChanged, () => {
        if (this.#untriedStarts === 0) callbacks.onAudioPlayback(this.#playbackAllowed()); // else startAudio() says
      })
      .on(RoomEvent.ConnectionStateChanged, (state) => {
        if (state === LkState.Reconnecting || state === LkState.SignalReconnecting) callbacks.reconnecting();
        else if (state === LkState.Connected) callbacks.reconnected();
      })
      .on(RoomEvent.Disconnected, (reason) => {
        if (!this.#closed) callbacks.ended(reason === undefined ? LOST_REASON : disconnectReasonName(reason));
      });
    // After the handlers above: a leaving avatar is forgotten before the agent is looked for again.
    this.#agentWatch = new AgentWatch(this.room, () => this.#avatarIdentity, (agent, present) => {
      if (!this.#closed) callbacks.onAgent?.(agent, present, this.#avatarIdentity);
    });
    this.#stopTranscriptions = receiveTranscriptions(this.room, (input) => {
      if (!this.#closed) callbacks.onTranscription?.(input);
    });
  }

  async connect(): Promise<void> {
    const config = await this.#credentials();
    validateConfig(config);
    if (this.#closed) throw new SpatiusAvatarError('aborted', 'the connection was closed before it was made', false);
    try {
      const origin = signalOrigin(config.url);
      const refused = new Promise<never>((_, reject) => {
        this.#stopRefusalWatch = watchSignalRefusal(origin, () => {
          reject(new SpatiusAvatarError('connection-failed', `the page's Content-Security-Policy (connect-src) does not allow ${origin}`));
        });
      });
      this.#connecting = this.room.connect(config.url, config.token, { rtcConfig: this.#rtcConfig, autoSubscribe: true });
      await Promise.race([this.#connecting, refused]);
    } catch (err) {
      throw connectError(err, config.token); // a fetched token is known only here
    } finally {
      this.#stopRefusalWatch();
    }
    this.#callbacks.onAudioPlayback(this.#playbackAllowed());
  }

  /**
   * Whether the avatar's voice may play. livekit-client's `canPlaybackAudio` is true after a `startAudio()`
   * that had no media element to try (no voice attached when it began: it tried only its AudioContext, and
   * counts that as allowed, even when the context stayed suspended or the voice attached meanwhile was
   * refused); then, and until the voice is attached, the browser is asked where it can say (Firefox), else
   * the Room's AudioContext answers (Chromium: still `suspended` is refused).
   */
  #playbackAllowed(): boolean {
    if (!this.room.canPlaybackAudio) return false;
    if (this.#voiceTrack !== undefined && this.#untriedStarts === 0) return true;
    const context = roomAudioContext(this.room);
    return mediaElementMayPlay() ?? (context === undefined || context.state === 'running');
  }

  /**
   * Whether the Room's AudioContext runs within a second: livekit-client gives its `resume()` 200 ms, which a
   * loaded page can need more than even in a user gesture; refused (no gesture), it stays suspended.
   */
  async #contextStarts(): Promise<boolean> {
    const context = roomAudioContext(this.room);
    if (!context || context.state !== 'suspended') return context?.state !== 'closed';
    return new Promise<boolean>((resolve) => {
      const done = (running: boolean) => {
        clearTimeout(timer);
        context.removeEventListener('statechange', onChange);
        resolve(running);
      };
      const onChange = () => {
        if (context.state !== 'suspended') done(context.state === 'running');
      };
      const timer = setTimeout(() => done(false), 1000);
      context.addEventListener('statechange', onChange);
    });
  }

  /** `startAudio()` calls in flight that began with no voice attached. */
  #untriedStarts = 0;

  /** Plays the voice's element: whether the browser refused (NotAllowedError, at once; a second's wait else). */
  async #voiceRefused(): Promise<boolean> {
    const audio = this.#options.audio;
    if (!audio.paused) return false;
    const refused = audio.play().then(() => false, (err: unknown) => (err as { name?: string } | null)?.name === 'NotAllowedError');
    return Promise.race([refused, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1000))]);
  }

  /**
   * The voice plays audibly: not blocked, whatever was said before (livekit-client reports no change when its
   * flag was already true, as after a `startAudio()` with no voice to try).
   */
  readonly #onVoicePlaying = (): void => {
    if (!this.#closed && this.#voiceTrack && !this.#options.audio.muted) this.#callbacks.onAudioPlayback(true);
  };

  /**
   * The url and token to connect with: the config's, or fetched from its source for this attempt (the
   * answer's server URL first, then `url`). A close() while fetching aborts it at once; a late answer is dropped.
   */
  async #credentials(): Promise<Pick<CallConfig, 'url' | 'token' | 'roomName'>> {
    const config = this.#options.config;
    if (!config.source) return config;
    // Never longer than the session lives, nor than TOKEN_FETCH_TIMEOUT_MS: a source that never answers must
    // not hold the call machine (its loop waits for this connect to settle before any later request).
    const answer = await fetchCredentials(config.source, { roomName: config.roomName, participantName: config.participantName }, this.#abort.signal);
    if (this.#closed) throw new SpatiusAvatarError('aborted', 'the connection was closed while its token was fetched', false);
    if (!answer.serverUrl && !config.url) {
      throw new SpatiusAvatarError('token-response-invalid', 'the token source answered no server_url, and the element has no url');
    }
    return { url: answer.serverUrl || config.url, token: answer.participantToken, roomName: config.roomName };
  }

  readonly #abort = new AbortController();

  /** The identity of the avatar participant, once found. */
  get avatar(): string | undefined {
    return this.#avatarIdentity;
  }

  /** From a user gesture: lets the voice play where autoplay was blocked. */
  async startAudio(): Promise<void> {
    const untried = this.#voiceTrack === undefined;
    if (untried) this.#untriedStarts++;
    let allowed = false;
    let failure: unknown;
    try {
      await this.room.startAudio();
      // (A muted element may always play: its answer would say nothing of the voice's sound.)
      if (untried && this.#voiceTrack && this.room.canPlaybackAudio && !this.#options.audio.muted) {
        // The voice attached meanwhile: whether it may play is for its own element to say.
        allowed = !(await this.#voiceRefused());
      } else {
        allowed = this.#playbackAllowed();
        // Still no voice, and only the AudioContext to ask (Chromium): it may need more than livekit-client waited.
        if (!allowed && untried && !this.#voiceTrack && this.room.canPlaybackAudio && mediaElementMayPlay() === undefined) {
          allowed = await this.#contextStarts();
        }
      }
    } catch (err) {
      failure = err;
    } finally {
      if (untried) this.#untriedStarts--;
    }
    if (failure !== undefined) {
      this.#callbacks.onAudioPlayback(this.#playbackAllowed()); // what the status events said meanwhile
      throw failure;
    }
    this.#callbacks.onAudioPlayback(allowed);
    // livekit-client resolves when it had nothing to play yet (the block came from its AudioContext, the
    // voice is not attached): where the browser says it still blocks media, the caller must hear so.
    if (!allowed) throw new SpatiusAvatarError('audio-blocked', 'the browser still blocks audio playback', false);
  }

  /**
   * Publishes the microphone. Throws SpatiusAvatarError (mic-denied, mic-not-found, mic-in-use,
   * insecure-context), or `aborted` when the call ended while the browser was asking (the device is then
   * released: the room is gone, so nothing may keep it open) or a `stopMicrophone()` came after it.
   */
  async startMicrophone(): Promise<void> {
    if (!globalThis.isSecureContext) {
      throw new SpatiusAvatarError('insecure-context', 'the microphone needs a secure context (https: or localhost)', false);
    }
    const request = ++this.#micRequests;
    this.#micStopped = false;
    const overtaken = () => request !== this.#micRequests && this.#micStopped;
    const turnedOff = () => new SpatiusAvatarError('aborted', 'the microphone was turned off before it was published', false);
    await this.#oneAtATime(async () => {
      if (overtaken()) throw turnedOff();
      try {
        await this.room.localParticipant.setMicrophoneEnabled(true);
      } catch (err) {
        throw this.#closed ? endedDuring('the microphone was published') : microphoneError(err);
      }
      if (this.#closed) {
        this.room.localParticipant.getTrackPublication(Track.Source.Microphone)?.track?.stop();
        throw endedDuring('the microphone was published');
      }
      if (overtaken()) {
        // Stopped while it was being published (the stop waits its turn, but the page asked first): undo it.
        await this.#unpublishMicrophone();
        throw turnedOff();
      }
    });
  }

  /** Microphone requests so far, and whether the last was a stop: a start overtaken by a stop undoes itself. */
  #micRequests = 0;
  #micStopped = false;

  /** Unpublishes the microphone and stops its track, so the device is released. Throws `publish-failed`. */
  stopMicrophone(): Promise<void> {
    this.#micRequests++;
    this.#micStopped = true;
    return this.#oneAtATime(() => this.#unpublishMicrophone());
  }

  async #unpublishMicrophone(): Promise<void> {
    const pub = this.room.localParticipant.getTrackPublication(Track.Source.Microphone);
    if (!pub?.track) return;
    pub.track.stop(); // the device is released even if the server does not answer
    await this.#livekit('unpublish the microphone', () => this.room.localParticipant.unpublishTrack(pub.track!, true));
  }

  /**
   * Publishes any live audio track of the page's in place of the previous one; the track already published
   * is left as it is. Throws `invalid-track` (not an audio track, or ended), `publish-failed`, or `aborted`
   * when the call ended meanwhile.
   */
  async publishAudio(track: MediaStreamTrack): Promise<void> {
    checkAudioTrack(track);
    await this.#oneAtATime(async () => {
      if (this.#customAudio?.mediaStreamTrack === track) return;
      await this.#unpublishCustom();
      const pub = await this.#livekit('publish the audio track', () =>
        this.room.localParticipant.publishTrack(track, { name: 'custom-audio', source: Track.Source.Unknown }));
      this.#customAudio = pub.track;
    });
  }

  /** Unpublishes the custom audio track; the track itself is left running (it is the page's). Throws `publish-failed`. */
  unpublishAudio(): Promise<void> {
    return this.#oneAtATime(() => this.#unpublishCustom());
  }

  async #unpublishCustom(): Promise<void> {
    const track = this.#customAudio;
    this.#customAudio = undefined;
    if (track) await this.#livekit('unpublish the audio track', () => this.room.localParticipant.unpublishTrack(track, false));
  }

  /**
   * Publishing requests (the microphone's and the custom track's), one after the other: two at once (the
   * element's republish on a new Room and the page's own requests on `connected`) would publish one track
   * twice, and concurrent publications make livekit-client negotiate over each other.
   */
  #oneAtATime(request: () => Promise<void>): Promise<void> {
    const run = this.#publishing.then(request);
    this.#publishing = run.catch(() => undefined);
    return run;
  }

  #publishing: Promise<void> = Promise.resolve();

  /** A livekit-client publishing call, its failure as `publish-failed` (or `aborted` once the call ended). */
  async #livekit<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      if (this.#closed) throw endedDuring(`${what} finished`);
      throw new SpatiusAvatarError('publish-failed', `could not ${what}: ${err instanceof Error ? err.message : String(err)}`, false);
    }
  }

  /**
   * Leaves the room (aborting a connect in progress). Stops the microphone track this room opened; a track
   * the page handed to publishAudio() is unpublished but never stopped. Idempotent; never rejects.
   */
  close(): Promise<void> {
    return (this.#closing ??= this.#leave());
  }

  #closing: Promise<void> | undefined;
  #connecting: Promise<void> | undefined;
  /** Stops watching for the page CSP's refusal of the signal socket (connect(): src/room/signal-refusal.ts). */
  #stopRefusalWatch = (): void => undefined;

  async #leave(): Promise<void> {
    this.#closed = true;
    this.#abort.abort();
    this.#watch(undefined);
    if (this.#voiceTrack) detachWithoutPool(this.#voiceTrack, this.#options.audio);
    this.#followVoice(undefined); // lip sync
    this.#unwatch();
    this.#unobserve();
    this.#unsubscribe();
    this.#options.audio.removeEventListener('playing', this.#onVoicePlaying);
    this.#agentWatch.stop();
    this.#stopTranscriptions();
    this.#port.post({ kind: 'reset', data: { firstId: firstUnhandedStreamId() } }); // the face goes back to neutral; nothing stalls after the call
    // Out of livekit-client's hands before it detaches every track on disconnect (see detachWithoutPool).
    for (const participant of this.room.remoteParticipants.values()) {
      for (const publication of participant.trackPublications.values()) {
        if (publication.track) detachWithoutPool(publication.track, this.#options.audio);
      }
    }
    this.#options.audio.srcObject = null;
    this.room.localParticipant.getTrackPublication(Track.Source.Microphone)?.track?.stop();
    const closeLeftovers = leftoverTransportCloser(this.room);
    // Bounded: a Room abandoned in a stuck reconnect (src/room/reconnect-deadline.ts) must not hold the
    // machine; what its disconnect leaves open is closed below.
    await Promise.race([this.room.disconnect(false).catch(() => undefined), new Promise((r) => setTimeout(r, CONNECT_SETTLE_MS))]);
    // An aborted connect may still be making its peer connections: let it settle, then close them.
    await Promise.race([this.#connecting?.catch(() => undefined), new Promise((r) => setTimeout(r, CONNECT_SETTLE_MS))]);
    await closeLeftovers().catch(() => undefined);
    this.#attacher.release(); // the peer connections are closed: the worker ends their pipes (leaks, docs/reliability.md)
    // Our listeners on the Room lead to this object, the worker port and the element: dropped, so that
    // nothing of ours stays if anything keeps the Room (livekit-client 2.23.0 did: see releasableRoom).
    this.room.localParticipant.removeAllListeners();
    this.room.removeAllListeners();
    this.#releaseRoom(); // and livekit-client's own hold on the Room (see releasableRoom)
  }

  #select(trackId: string): void {
    this.#selectedTrackId = trackId;
    this.#unsubscribedSid = undefined;
    this.#pauseTold = false;
    this.#port.post({ kind: 'select-track', data: { trackId } });
    const publication = this.#publicationOf(trackId);
    this.#watch(publication);
    if (publication) this.#checkPaused(publication);
  }

  /** Follows the selected publication's settings (setEnabled by the page through getNativeClient()). */
  #watch(publication: RemoteTrackPublication | undefined): void {
    this.#watched?.off(TrackEvent.UpdateSettings, this.#onSettings);
    this.#watched = publication;
    publication?.on(TrackEvent.UpdateSettings, this.#onSettings);
  }

  #publicationOf(trackId: string): RemoteTrackPublication | undefined {
    for (const p of this.room.remoteParticipants.values()) {
      for (const pub of p.videoTrackPublications.values()) if (pub.track?.mediaStreamTrack.id === trackId) return pub;
    }
    return undefined;
  }

  /**
   * The selected motion track muted (by its publisher, or by the server: RoomServiceClient.mutePublishedTrack),
   * paused by the SFU (stream state `paused`), disabled by the viewer (RemoteTrackPublication.setEnabled: the
   * SFU stops forwarding it) or unsubscribed by the server (above): the worker falls to idle at once and reports `stalled`
   * with reason `paused`, not a network stall, and ignores its packets until told it plays again.
   */
  #checkPaused(publication: TrackPublication): void {
    const track = publication.track;
    if (this.#closed || !track || track.mediaStreamTrack.id !== this.#selectedTrackId) return;
    const disabled = 'isEnabled' in publication && (publication as RemoteTrackPublication).isEnabled === false;
    const paused = publication.isMuted || track.streamState === Track.StreamState.Paused || disabled;
    if (paused !== this.#pauseTold) this.#port.post({ kind: 'track-paused', data: { trackId: this.#selectedTrackId, paused } });
    this.#pauseTold = paused;
  }

  /** Whether a remote track with this id is still subscribed. */
  #isLive(trackId: string): boolean {
    return this.#publicationOf(trackId) !== undefined;
  }

  #playVoice(track: RemoteTrack): void {
    if (this.#closed) return; // a voice subscribed while leaving: livekit-client would pool the <audio> on disconnect
    track.attach(this.#options.audio);
    this.#options.onVoiceAttached();
    this.#followVoice(track); // lip sync
  }

  /** Lip sync: the voice whose delay the face follows. */
  #followVoice(track: RemoteTrack | undefined): void {
    this.#voiceTrack = track;
    this.#voiceStats.follow(track?.receiver);
  }

  #checkEncryption(publication: RemoteTrackPublication): void {
    if (!publication.isEncrypted || this.#e2eeReported) return;
    this.#e2eeReported = true;
    this.#callbacks.onError(new SpatiusAvatarError('e2ee-unsupported',
      "this room is end-to-end encrypted: the avatar's motion track cannot be read (E2EE is not supported)", false));
  }

  /** Picks the avatar among the participants whose video carries motion (or the configured identity). */
  #maybeAnnounce(): void {
    let best: { owner: RemoteParticipant; trackId: string } | undefined;
    for (const id of this.#motionTrackIds) {
      const owner = this.#trackOwners.get(id);
      if (!owner || !this.#isLive(id)) continue;
      const wanted = this.#options.config.avatarIdentity;
      if (wanted) {
        if (owner.identity === wanted) best = { owner, trackId: id };
        continue;
      }
      // Prefer a participant that publishes on behalf of an agent (LiveKit Agents avatar plugins).
      if (!best || (!best.owner.attributes[PUBLISH_ON_BEHALF] && owner.attributes[PUBLISH_ON_BEHALF])) best = { owner, trackId: id };
    }
    if (!best) return;
    if (best.owner.identity === this.#avatarIdentity) {
      // The same avatar with a new motion track (re-subscribed, or after a full reconnect): follow it.
      if (best.trackId !== this.#selectedTrackId && !(this.#selectedTrackId && this.#isLive(this.#selectedTrackId))) this.#select(best.trackId);
      return;
    }
    this.#avatarIdentity = best.owner.identity;
    this.#select(best.trackId);
    this.#options.audio.srcObject = null;
    for (const pub of best.owner.audioTrackPublications.values()) if (pub.track) this.#playVoice(pub.track);
    this.#callbacks.onAvatar(best.owner.identity);
    this.#agentWatch.evaluate();
  }
}

function disconnectReasonName(reason: DisconnectReason): string {
  const name = (DisconnectReason as unknown as Record<number, string>)[reason];
  return name ? name.toLowerCase().replace(/_/g, '-') : String(reason);
}

/** The call ended while a request on it was in flight: the request's promise rejects with `aborted`. */
function endedDuring(what: string): SpatiusAvatarError {
  return new SpatiusAvatarError('aborted', `the call ended before ${what}`, false);
}
