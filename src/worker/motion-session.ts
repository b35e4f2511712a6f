import type { DecodedFrame } from '../codec/types.js';
import { PlaybackEngine } from '../playback/playback-engine.js';
import type { PlaybackOptions } from '../playback/playback-engine.js';
import { ConversationPlayout } from '../playback/conversation-playout.js';
import { SyncClock } from '../playback/sync-clock.js';
import type { VoiceStats } from '../playback/audio-delay.js';
import { FaceRenderer } from '../render/face-renderer.js';
import { DEFAULT_THEME } from '../render/looks.js';
import type { Theme } from '../render/looks.js';
import { PostingRenderer } from '../render/posting-renderer.js';
import type { Renderer } from '../render/renderer.js';
import type { RendererName } from '../core/event-details.js';
import type { FromWorkerMessage } from './messages.js';
import { MalformedReporter } from './malformed-reporter.js';

export interface SessionIO {
  post(message: FromWorkerMessage, transfer?: Transferable[]): void;
  now(): number;
}

/** Before the element's canvas arrives, 'default' has nothing to draw on. */
const NOTHING: Renderer = { pose: () => undefined, draw: () => false, dispose: () => undefined };

export interface Surface {
  canvas: OffscreenCanvas;
  width: number;
  height: number;
  devicePixelRatio: number;
  theme: Theme;
  reducedMotion: boolean;
}

/** The renderers the worker can run, by the element's `renderer` attribute. Add a new one here. */
export function createRenderer(kind: RendererName, io: SessionIO, surface: Surface | undefined): Renderer {
  switch (kind) {
    case 'none':
      return new PostingRenderer((data, transfer) => io.post({ kind: 'pose', data }, transfer));
    default: {
      if (!surface) return NOTHING;
      const face = new FaceRenderer(surface.canvas, { theme: surface.theme, reducedMotion: surface.reducedMotion });
      face.resize(surface.width, surface.height, surface.devicePixelRatio);
      return face;
    }
  }
}

/**
 * Everything the worker does with decoded motion: the playback engine, the renderer, and the reports to
 * the element (playback events, malformed packets throttled to one report a second, stats each second).
 * The clock and the way out are passed in, so the session runs the same in tests.
 */
export class MotionSession {
  #engine: PlaybackEngine;
  #renderer: Renderer;
  readonly #malformed: MalformedReporter;
  #firstFramePending = false;
  #rendererKind: RendererName;
  #surface: Surface | undefined;
  /** Lip sync: the voice's delay from its receiver stats drives the engine's slots (docs/sync.md). */
  readonly #sync = new SyncClock();

  readonly #io: SessionIO;

  constructor(io: SessionIO, options: Partial<PlaybackOptions> = {}, renderer: RendererName = 'default') {
    this.#io = io;
    this.#malformed = new MalformedReporter(
      (count, total, lastReason) => io.post({ kind: 'malformed', data: { count, total, lastReason } }),
      io.now,
    );
    this.#rendererKind = renderer;
    this.#renderer = createRenderer(renderer, io, undefined);
    this.#engine = this.#createEngine(options);
  }

  /** The element's canvas arrived: the default face draws into it from now on. */
  attachCanvas(canvas: OffscreenCanvas, width: number, height: number, devicePixelRatio: number): void {
    this.#surface = { canvas, width, height, devicePixelRatio, theme: this.#surface?.theme ?? DEFAULT_THEME, reducedMotion: this.#surface?.reducedMotion ?? false };
    this.#replaceRenderer(this.#rendererKind);
  }

  resize(width: number, height: number, devicePixelRatio: number): void {
    if (!this.#surface) return;
    Object.assign(this.#surface, { width, height, devicePixelRatio });
    this.#renderer.resize?.(width, height, devicePixelRatio);
  }

  setTheme(theme: Theme): void {
    if (!this.#surface) return;
    this.#surface.theme = theme;
    if (this.#renderer instanceof FaceRenderer) this.#renderer.setTheme(theme);
  }

  setReducedMotion(reduced: boolean): void {
    if (!this.#surface) return;
    this.#surface.reducedMotion = reduced;
    if (this.#renderer instanceof FaceRenderer) this.#renderer.setReducedMotion(reduced);
  }

  /** The canvas as drawn now, or null when nothing is drawn. */
  async snapshot(type: string): Promise<Blob | null> {
    if (!this.#surface || !(this.#renderer instanceof FaceRenderer)) return null;
    return this.#surface.canvas.convertToBlob({ type });
  }

  /** A new connection: playback starts afresh with the same options and renderer. */
  reset(): void {
    this.#engine = this.#createEngine(this.#engine.options);
    this.#sync.reset();
  }

  /** The element chose the avatar's motion track: the stall watchdog starts now. */
  trackSelected(): void {
    this.#engine.watch(this.#io.now());
  }

  /** Lip sync: a reading of the avatar voice's receiver stats, stamped on arrival. */
  voiceStats(stats: VoiceStats): void {
    this.#sync.addAudioStats({ ...stats, at: this.#io.now() });
  }


  #replaceRenderer(kind: RendererName): void {
    this.#renderer.dispose();
    this.#rendererKind = kind;
    this.#renderer = createRenderer(kind, this.#io, this.#surface);
  }

  #createEngine(options: Partial<PlaybackOptions>): PlaybackEngine {
    const playout = new ConversationPlayout(() => this.#io.post({ kind: 'conversation-playing', data: {} }));
    return new PlaybackEngine(options, {
      render: (pose, at, fresh) => {
        playout.render(fresh);
        this.#renderer.pose(pose, at, fresh);
      },
      event: (event) => {
        playout.event(event);
        if (event.type === 'first-frame') this.#firstFramePending = true; // reported once it is drawn
        else this.#io.post({ kind: 'playback', data: event });
      },
    });
  }

  /** New playback options or renderer: the engine starts over (between conversations is best). */
  configure(options: Partial<PlaybackOptions>, renderer?: RendererName): void {
    this.#engine = this.#createEngine({ ...this.#engine.options, ...options });
    if (renderer && renderer !== this.#rendererKind) this.#replaceRenderer(renderer);
  }

  /** A decoded frame from the avatar's motion track, in arrival order; `senderMs`: its RTP time, if known. */
  decoded(decoded: DecodedFrame, senderMs?: number): void {
    if (decoded.type === 'malformed') {
      this.#malformed.add(decoded.reason);
      this.#engine.stats.session.malformed = this.#malformed.total;
      return;
    }
    if (decoded.type !== 'packet') return;
    const now = this.#io.now();
    this.#engine.push(decoded.packet, now, senderMs);
    this.advance(now);
  }

  /** The selected track ended: a conversation ends with its end transition; no stall until a new track plays. */
  trackEnded(): void {
    this.#engine.trackEnded();
  }

  /** The selected track was paused on purpose (muted, or paused by the SFU): `stalled` (`paused`) at once. */
  trackPaused(paused: boolean): void {
    if (paused) this.#engine.pause();
    else this.#engine.unpause();
  }

  /**
   * Due slots only, no drawing (display frames are throttled: the slots and stall watchdog go on).
   * Lip sync: the engine follows the voice's current delay, or its own buffer when there is none.
   */
  advance(now = this.#io.now()): void {
    const target = this.#sync.target(now);
    this.#engine.setSyncDelay(target?.ms, target?.arrivals);
    this.#engine.advance(now);
  }

  /** One display frame: due slots, then drawing. */
  tick(now = this.#io.now()): void {
    this.advance(now);
    const drew = this.#renderer.draw(now);
    if (this.#firstFramePending && (drew || this.#renderer === NOTHING || this.#renderer instanceof PostingRenderer)) {
      this.#firstFramePending = false;
      this.#io.post({ kind: 'playback', data: { type: 'first-frame', seq: -1 } });
    }
  }

  /** Once a second: stats, and the tail of throttled malformed reports. */
  second(): void {
    this.#malformed.flush();
    const second = this.#engine.stats.second(this.#engine.bufferDepth, this.#engine.targetDelayMs);
    second.voiceDelayMs = this.#engine.syncing ? this.#sync.audioDelay(this.#io.now())?.totalMs ?? null : null; // lip sync
    this.#io.post({ kind: 'stats', data: { second, session: structuredClone(this.#engine.stats.session) } });
  }
}
