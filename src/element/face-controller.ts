import type { ReactiveController } from 'lit';
import { SpatiusAvatarError } from '../core/errors.js';
import type { SecondStats, SessionStats } from '../playback/stats.js';
import type { PlaybackEvent } from '../playback/playback-engine.js';
import type { ConfigureMessage } from '../worker/messages.js';
import type { MotionWorkerPort } from '../worker/motion-worker-port.js';
import { emit } from './events.js';
import { FaceStage } from './face-stage.js';
import type { AvatarHost } from './host.js';
import { inPage } from './in-page.js';

/**
 * The face: the stage (canvas + motion worker) from the first render to teardown, the playback options
 * and renderer sent to the worker whenever they change, the theme, and what the worker reports (playback
 * events, `frame` poses, malformed packets, stats).
 */
export class FaceController implements ReactiveController {
  #stage: FaceStage | undefined;
  #sentConfiguration = '';
  #sentLook: string | undefined;
  stats: SessionStats | undefined;
  liveStats: SecondStats | undefined;
  /** The worker died (crashed, refused, another protocol): the call cannot go on without it. */
  onWorkerFailed: (() => void) | undefined;
  /**
   * Each playback event of the worker (conversation-start, -end, stalled, resumed…), before it is fired, and
   * `conversation-playing`: the conversation's first frame was rendered by the playback clock (not an event).
   */
  onPlayback: ((type: PlaybackEvent['type'] | 'conversation-playing') => void) | undefined;

  readonly #host: AvatarHost;

  constructor(host: AvatarHost) {
    this.#host = host;
    host.addController(this);
  }

  /** Back in the page after a teardown: the neutral face shows again at once. */
  hostConnected(): void {
    if (this.#host.hasUpdated && inPage(this.#host)) this.#sync(this.#ensure()); // options changed while out of the page apply now
  }

  hostUpdated(): void {
    if (inPage(this.#host)) this.#sync(this.#ensure());
  }

  /** Sends what changed since the stage last heard: playback options and renderer, the look. */
  #sync(stage: FaceStage): void {
    const configuration = this.#configuration();
    const key = JSON.stringify(configuration);
    if (key !== this.#sentConfiguration) {
      this.#sentConfiguration = key;
      stage.port.post({ kind: 'configure', data: configuration });
    }
    if (this.#host.look !== this.#sentLook) {
      this.#sentLook = this.#host.look;
      stage.applyTheme(this.#host.look);
    }
  }

  /** The worker's port (the stage is made now if it does not exist yet: after the first render only). */
  get port(): MotionWorkerPort {
    return this.#ensure().port;
  }

  /**
   * The port for a new call. After the worker died (crashed, or could not start): a new stage, with a new worker
   * and canvas (a transferred canvas cannot be handed to another worker), once it has started or failed, so
   * that a connect recovers, or fails with worker-failed again rather than racing the new worker's start.
   */
  async portForCall(): Promise<MotionWorkerPort> {
    if (!this.#stage || this.#stage.port.alive) return this.#ensure().port;
    this.dispose();
    const { port } = this.#ensure();
    await port.started;
    return port;
  }

  snapshot(type: string): Promise<Blob | null> {
    return this.#ensure().port.snapshot(type);
  }

  /** Re-reads the look and the --spatius-avatar-* custom properties. */
  refreshTheme(): void {
    this.#stage?.applyTheme(this.#host.look);
  }

  /** The element's document went away: its box is not observed any more (a ResizeObserver there errs every frame). */
  stopObserving(): void {
    this.#stage?.stopObserving();
  }

  /** The worker and canvas go (the element left the page); a new pair comes if it returns. */
  dispose(): void {
    this.#stage?.dispose();
    this.#stage = undefined;
    this.#sentConfiguration = '';
    this.#sentLook = undefined;
  }

  #ensure(): FaceStage {
    if (this.#stage) return this.#stage;
    // Out of the page with no stage: torn down (or never rendered). A stage made now would be a worker and
    // listeners that no teardown will ever stop (snapshot() on a removed element did this).
    if (!inPage(this.#host)) throw new SpatiusAvatarError('not-in-document', 'the element is not in the page: its face (worker and canvas) exists only while it is', false);
    const container = this.#host.renderRoot.querySelector<HTMLElement>('[part=stage]');
    if (!container) throw new SpatiusAvatarError('not-in-document', 'the element has not rendered yet', false);
    const stage = new FaceStage(this.#host, container, (error) => {
      this.#host.report(error);
      if (error.code === 'worker-failed') this.onWorkerFailed?.();
    }, this.#host.workerUrl);
    const { port } = stage;
    const host = this.#host;
    port.on('malformed', ({ count, total, lastReason }) => host.report(new SpatiusAvatarError('malformed-motion',
      `${count} malformed motion packet(s) dropped (${total} in all; last: ${lastReason})`, false)));
    port.on('playback', (event) => {
      this.onPlayback?.(event.type);
      if (event.type === 'stalled') emit(host, 'stalled', { reason: event.reason });
      else emit(host, event.type, {});
    });
    port.on('conversation-playing', () => this.onPlayback?.('conversation-playing'));
    port.on('pose', (pose) => emit(host, 'frame', pose));
    port.on('stats', ({ session, second }) => {
      this.stats = session;
      this.liveStats = second;
    });
    this.#stage = stage;
    this.#sentConfiguration = '';
    this.#sentLook = undefined;
    this.#sync(stage);
    return stage;
  }

  #configuration(): ConfigureMessage['data'] {
    const h = this.#host;
    return {
      playback: { enableJitterBuffer: h.enableJitterBuffer, maxBufferDelayMs: h.maxBufferDelayMs, stallTimeoutMs: h.stallTimeoutMs },
      renderer: h.renderer,
    };
  }
}
