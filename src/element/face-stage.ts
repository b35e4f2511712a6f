import { THEME_PROPERTIES, resolveTheme } from '../render/looks.js';
import type { FromWorkerMessage, ToWorkerMessage } from '../worker/messages.js';
import { spawnMotionWorker } from '../worker/spawn.js';

/**
 * The element's drawing surface and its motion worker: a canvas in the shadow DOM, transferred once to
 * the worker as an OffscreenCanvas, kept at the box's size times the device pixel ratio, themed from the
 * `look` attribute and the element's CSS custom properties, and told about prefers-reduced-motion.
 * Lives from the element's first render until its teardown, across connections.
 */
export class FaceStage {
  readonly worker: Worker;
  private readonly canvas: HTMLCanvasElement;
  private readonly resizeObserver: ResizeObserver;
  private readonly motionQuery: MediaQueryList | undefined;
  private readonly onMotionChange = () => this.post({ kind: 'motion-preference', data: { reduced: !!this.motionQuery?.matches } });
  private readonly onWindowResize = () => this.postSize();

  constructor(
    private readonly host: HTMLElement,
    private readonly container: HTMLElement,
    onMessage: (message: FromWorkerMessage) => void,
    onError: (message: string) => void,
  ) {
    this.worker = spawnMotionWorker();
    this.worker.onmessage = (e: MessageEvent<FromWorkerMessage>) => onMessage(e.data);
    this.worker.onerror = (e) => {
      e.preventDefault();
      onError(e.message || 'the motion worker failed to start');
    };
    this.canvas = document.createElement('canvas');
    this.canvas.setAttribute('part', 'canvas');
    this.canvas.setAttribute('aria-hidden', 'true');
    container.append(this.canvas);
    const { width, height } = this.size();
    const offscreen = this.canvas.transferControlToOffscreen();
    this.worker.postMessage(
      { kind: 'canvas', data: { canvas: offscreen, width, height, devicePixelRatio: devicePixelRatio || 1 } } satisfies ToWorkerMessage,
      [offscreen],
    );
    this.resizeObserver = new ResizeObserver(() => this.postSize());
    this.resizeObserver.observe(container);
    addEventListener('resize', this.onWindowResize);
    this.motionQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : undefined;
    this.motionQuery?.addEventListener('change', this.onMotionChange);
    this.onMotionChange();
  }

  post(message: ToWorkerMessage): void {
    this.worker.postMessage(message);
  }

  /** Reads the look and the CSS custom properties and sends the theme. */
  applyTheme(look: string | null): void {
    const style = getComputedStyle(this.host);
    const overrides: Record<string, string> = {};
    for (const [key, property] of Object.entries(THEME_PROPERTIES)) overrides[key] = style.getPropertyValue(property);
    this.post({ kind: 'theme', data: resolveTheme(look, overrides) });
  }

  private size(): { width: number; height: number } {
    const r = this.container.getBoundingClientRect();
    return { width: Math.max(1, Math.round(r.width) || 300), height: Math.max(1, Math.round(r.height) || 300) };
  }

  private postSize(): void {
    this.post({ kind: 'resize', data: { ...this.size(), devicePixelRatio: devicePixelRatio || 1 } });
  }

  dispose(): void {
    this.resizeObserver.disconnect();
    removeEventListener('resize', this.onWindowResize);
    this.motionQuery?.removeEventListener('change', this.onMotionChange);
    this.worker.terminate();
    this.canvas.remove();
  }
}
