import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConnectionState } from '../core/connection-state.js';
import type { SpatiusAvatarError } from '../core/errors.js';

/**
 * What the element's layers show: the `placeholder` slot until the first motion frame is drawn (again from
 * each new connect until its first frame), and the `error` slot with the code of the fatal error while the
 * call is `failed`. The first frame is heard as the element's own `first-frame` event.
 */
export class ViewState implements ReactiveController {
  /** No motion frame drawn yet (in this element's life, or since the current connect began). */
  beforeFirstFrame = true;
  /** The code of the fatal error that failed the call, while the state is `failed`. */
  errorCode: string | undefined;
  #lastFatal: string | undefined;

  readonly #host: ReactiveControllerHost & HTMLElement;

  constructor(host: ReactiveControllerHost & HTMLElement) {
    this.#host = host;
    host.addController(this);
  }

  hostConnected(): void {
    this.#host.addEventListener('first-frame', this.#onFirstFrame);
  }

  hostDisconnected(): void {
    this.#host.removeEventListener('first-frame', this.#onFirstFrame);
  }

  /** Every error the element reports; a fatal one is what fails the call (it comes just before `failed`). */
  reported(error: SpatiusAvatarError): void {
    if (error.fatal) this.#lastFatal = error.code;
  }

  connectionChanged(state: ConnectionState): void {
    if (state === 'connecting') {
      this.beforeFirstFrame = true;
      this.#lastFatal = undefined;
    }
    this.errorCode = state === 'failed' ? this.#lastFatal ?? 'connection-failed' : undefined;
    this.#host.requestUpdate();
  }

  readonly #onFirstFrame = (): void => {
    if (!this.beforeFirstFrame) return;
    this.beforeFirstFrame = false;
    this.#host.requestUpdate();
  };
}
