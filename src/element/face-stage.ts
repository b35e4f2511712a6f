import { SpatiusAvatarError } from '../core/errors.js';
import { THEME_PROPERTIES, resolveTheme } from '../render/looks.js';
import { MotionWorkerPort } from '../worker/motion-worker-port.js';
import { spawnMotionWorker } from '../worker/spawn.js';
import type { TrustedScriptURLLike } from '../worker/spawn.js';

/**
 * The element's drawing surface and its motion worker: a canvas in the shadow DOM, transferred once to
 * the worker as an OffscreenCanvas, kept at the box's size times the device pixel ratio, themed from the
 * `look` attribute and the element's CSS custom properties, and told about prefers-reduced-motion.
 * Owns the worker's port. Lives from the element's first render until its teardown, across connections.
 * Where the browser cannot hand a canvas to a worker (Safari before 16.4), the face is not drawn: the
 * stage reports a non-fatal `unsupported-browser` and shows its background (the neutral placeholder).
 */
export class FaceStage {
  readonly port: MotionWorkerPort;
  readonly #canvas: HTMLCanvasElement | undefined;
  readonly #resizeObserver: ResizeObserver;
  readonly #motionQuery: MediaQueryList | undefined;
  readonly #onMotionChange = () => this.port.post({ kind: 'motion-preference', data: { reduced: !!this.#motionQuery?.matches } });
  readonly #onWindowResize = () => this.#postSize();

  readonly #host: HTMLElement;
  readonly #container: HTMLElement;

  constructor(
    host: HTMLElement,
    container: HTMLElement,
    report: (error: SpatiusAvatarError) => void,
    /** The page's own copy of the worker (`worker-url`); otherwise the build's. */
    workerUrl?: string | TrustedScriptURLLike,
  ) {
    this.#host = host;
    this.#container = container;
    this.port = new MotionWorkerPort({ onFailure: report, spawn: () => spawnMotionWorker(workerUrl || undefined) });
    const canvas = document.createElement('canvas');
    if (typeof canvas.transferControlToOffscreen === 'function') {
      canvas.setAttribute('part', 'canvas');
      canvas.setAttribute('aria-hidden', 'true');
      container.append(canvas);
      const { width, height } = this.#size();
      const offscreen = canvas.transferControlToOffscreen();
      this.port.post({ kind: 'canvas', data: { canvas: offscreen, width, height, devicePixelRatio: devicePixelRatio || 1 } }, [offscreen]);
      this.#canvas = canvas;
    } else {
      report(new SpatiusAvatarError('unsupported-browser', 'this browser cannot draw in a worker (no OffscreenCanvas transfer): the face is not drawn; voice and events work', false));
    }
    this.#resizeObserver = new ResizeObserver(() => this.#postSize());
    this.#resizeObserver.observe(container);
    addEventListener('resize', this.#onWindowResize);
    this.#motionQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
    this.#motionQuery?.addEventListener('change', this.#onMotionChange);
    this.#onMotionChange();
  }

  /** Reads the look and the CSS custom properties and sends the theme. */
  applyTheme(look: string | null): void {
    const style = getComputedStyle(this.#host);
    const overrides: Record<string, string> = {};
    for (const [key, property] of Object.entries(THEME_PROPERTIES)) overrides[key] = style.getPropertyValue(property);
    this.port.post({ kind: 'theme', data: resolveTheme(look, overrides) });
  }

  #size(): { width: number; height: number } {
    const r = this.#container.getBoundingClientRect();
    return { width: Math.max(1, Math.round(r.width) || 300), height: Math.max(1, Math.round(r.height) || 300) };
  }

  #postSize(): void {
    this.port.post({ kind: 'resize', data: { ...this.#size(), devicePixelRatio: devicePixelRatio || 1 } });
  }

  /** The box is gone for good (its document went away): no more size readings; the worker stays until dispose(). */
  stopObserving(): void {
    this.#resizeObserver.disconnect();
    removeEventListener('resize', this.#onWindowResize);
  }

  dispose(): void {
    this.#resizeObserver.disconnect();
    removeEventListener('resize', this.#onWindowResize);
    this.#motionQuery?.removeEventListener('change', this.#onMotionChange);
    this.port.dispose();
    this.#canvas?.remove();
  }
}
