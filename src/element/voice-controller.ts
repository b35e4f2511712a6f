import type { ReactiveController } from 'lit';
import { SpatiusAvatarError, asAvatarError } from '../core/errors.js';
import type { ErrorCode } from '../core/errors.js';
import { checkAudioTrack } from '../room/avatar-room.js';
import type { AvatarRoom } from '../room/avatar-room.js';
import { emit } from './events.js';
import type { AvatarHost } from './host.js';

/**
 * The avatar's voice and the user's microphone: volume and muted on the shadow `<audio>`, the autoplay
 * block (`audio-blocked` / `audio-unblocked`, the tap-to-hear overlay), the `mic` attribute, and custom
 * audio the page publishes. Acts on the call's connected room, which it asks for, never keeps.
 */
export class VoiceController implements ReactiveController {
  /** The browser blocks the avatar's voice (the overlay shows). */
  blocked = false;
  #appliedMic = false;

  readonly #host: AvatarHost;
  readonly #room: () => AvatarRoom | undefined;
  readonly #wantedRoom: () => AvatarRoom | undefined;

  constructor(
    host: AvatarHost,
    room: () => AvatarRoom | undefined,
    /** The call's room while it connects too: the voice can be blocked (and unblocked) before `connected`. */
    wantedRoom: () => AvatarRoom | undefined = room,
  ) {
    this.#host = host;
    this.#room = room;
    this.#wantedRoom = wantedRoom;
    host.addController(this);
  }

  /** The shadow `<audio>` the avatar's voice plays in, with the element's volume and muted applied. */
  get audio(): HTMLAudioElement {
    const audio = this.#host.renderRoot.querySelector('audio')!;
    audio.volume = this.#host.volume; // 0 to 1: the property holds a valid value (validated-property.ts)
    audio.muted = this.#host.muted;
    return audio;
  }

  hostUpdated(): void {
    void this.audio; // volume and muted
    if (this.#host.mic === this.#appliedMic) return;
    this.#appliedMic = this.#host.mic;
    if (!this.#host.mic) this.#published.mic = false; // off, however it was turned on: not back on a new Room
    if (!this.#room()) return; // applied when the call connects
    (this.#host.mic ? this.#startMicrophone() : this.stopPublishing()).catch(() => undefined); // reported as `error`
  }

  /**
   * The call connected: the microphone follows the `mic` attribute, and what the page has published on the
   * call from script (`startPublishing()`, `publishAudio()`'s track while it is live) is published again: on a
   * new Room that continues the call (a `reconnect()`, the fresh connect after the reconnect deadline). A call
   * begun anew starts with nothing of the last one (the owner calls `forgetPublished()` first).
   */
  connected(): void {
    // `mic` turned off since it was last applied (its update is still to come, e.g. set in a `connected`
    // listener): off for the page's own microphone too.
    if (this.#appliedMic && !this.#host.mic) this.#published.mic = false;
    this.#appliedMic = this.#host.mic;
    const { mic, track } = this.#published;
    if (this.#host.mic || mic) this.#startMicrophone().catch(() => undefined); // reported as `error`
    if (track?.readyState === 'live') this.publishAudio(track).catch(() => undefined); // reported as `error`
    else this.#published.track = undefined;
  }

  /** The call ended (or another begins): nothing the page published is kept for a new Room. */
  forgetPublished(): void {
    this.#published = { mic: false };
  }

  /**
   * What the page has published on the call, for a new Room of the same call: its own microphone
   * (`startPublishing()`; the `mic` attribute is applied at every connect anyway) and the track it last asked
   * `publishAudio()` for.
   */
  #published: { mic: boolean; track?: MediaStreamTrack } = { mic: false };
  /** Microphone requests so far: a `startPublishing()` overtaken by a stop records nothing. */
  #micRequests = 0;

  /** Whether the browser lets the voice play; fires audio-blocked / audio-unblocked on a change. */
  setPlaybackAllowed(allowed: boolean): void {
    if (this.blocked === !allowed) return;
    this.blocked = !allowed;
    this.#host.requestUpdate();
    emit(this.#host, allowed ? 'audio-unblocked' : 'audio-blocked', {});
  }

  /** A new call begins with nothing blocked (its room reports otherwise). */
  reset(): void {
    if (!this.blocked) return;
    this.blocked = false;
    this.#host.requestUpdate();
  }

  /** Rejects with audio-blocked when the browser still refuses (call it from a user gesture). */
  async startAudio(): Promise<void> {
    try {
      await this.#wantedRoom()?.startAudio();
    } catch (err) {
      throw new SpatiusAvatarError('audio-blocked', `the browser still blocks the avatar's voice: ${asAvatarError(err, 'audio-blocked').message}`, false);
    }
  }

  /** The page's own microphone: kept for a new Room of the call (also when a Room closing aborts it). */
  async startPublishing(): Promise<void> {
    const room = this.#require('startPublishing()');
    const request = ++this.#micRequests;
    this.#published.mic = true;
    try {
      await this.#reporting(room.startMicrophone(), 'mic-denied');
    } catch (err) {
      if (request === this.#micRequests && (err as Partial<SpatiusAvatarError> | null)?.code !== 'aborted') this.#published.mic = false;
      throw err;
    }
  }

  async #startMicrophone(): Promise<void> {
    await this.#reporting(this.#require('startPublishing()').startMicrophone(), 'mic-denied');
  }

  async stopPublishing(): Promise<void> {
    this.#micRequests++;
    this.#published.mic = false;
    await this.#reporting(this.#room()?.stopMicrophone(), 'publish-failed');
  }

  async publishAudio(track: MediaStreamTrack): Promise<void> {
    const room = this.#require('publishAudio()');
    checkAudioTrack(track); // invalid-track: the previous track stays published, and recorded
    // What the page wants published from now on, at once: a republish on a new Room reads it.
    this.#published.track = track;
    try {
      await this.#reporting(room.publishAudio(track), 'publish-failed');
    } catch (err) {
      // Not published and the previous one gone; `aborted`: the Room closed, the call's next Room publishes it.
      if (this.#published.track === track && (err as Partial<SpatiusAvatarError> | null)?.code !== 'aborted') this.#published.track = undefined;
      throw err;
    }
  }

  async unpublishAudio(): Promise<void> {
    this.#published.track = undefined;
    await this.#reporting(this.#room()?.unpublishAudio(), 'publish-failed');
  }

  /**
   * A publishing request's failure, as a SpatiusAvatarError: fired as an `error` event too when something
   * failed (the microphone, the server), not when the request itself was wrong (`invalid-track`) or its call
   * ended meanwhile (`aborted`: nothing to report about a call that is gone).
   */
  async #reporting(request: Promise<void> | undefined, fallback: ErrorCode): Promise<void> {
    try {
      await request;
    } catch (err) {
      const error = asAvatarError(err, fallback, false);
      if (error.code !== 'aborted' && error.code !== 'invalid-track') this.#host.report(error);
      throw error;
    }
  }

  #require(what: string): AvatarRoom {
    const room = this.#room();
    if (!room) throw new SpatiusAvatarError('not-connected', `${what} needs a connected call: call connect() first`, false);
    return room;
  }
}
