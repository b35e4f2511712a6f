/**
 * Watches the window of the document an element is in for that document going away: an iframe's document
 * when the iframe is removed (the element stays connected to it, and gets no callback). Its `pagehide` (not
 * `persisted`: a page in the back/forward cache comes back) calls `onGone`; the page's own document is left
 * to livekit-client, which leaves its Room then.
 */
export class PageWatch {
  #window: Window | undefined;
  readonly #host: Element;
  readonly #onGone: () => void;

  constructor(host: Element, onGone: () => void) {
    this.#host = host;
    this.#onGone = onGone;
  }

  readonly #onPageHide = (event: PageTransitionEvent): void => {
    if (event.persisted || this.#host.ownerDocument === document) return;
    this.#onGone();
  };

  /** Follows the window of the element's document now (none for a document without one). */
  watch(): void {
    const view = this.#host.ownerDocument.defaultView ?? undefined;
    if (view === this.#window) return;
    this.stop();
    this.#window = view;
    view?.addEventListener('pagehide', this.#onPageHide);
  }

  stop(): void {
    this.#window?.removeEventListener('pagehide', this.#onPageHide);
    this.#window = undefined;
  }
}
