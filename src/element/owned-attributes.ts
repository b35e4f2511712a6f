/**
 * Host attributes the element writes for CSS and for the page to read (`state`, `error-code`): read-only
 * to the page. A page's write (or one in saved HTML) is undone at once, so CSS and the element's getters
 * always agree. Written only while the element is in a document (attributes are not set in a constructor).
 */
export class OwnedAttributes {
  readonly #values = new Map<string, string | null>();
  #writing = false;

  readonly #host: HTMLElement;

  constructor(host: HTMLElement, readonly names: readonly string[]) {
    this.#host = host;
  }

  /** Sets (a string) or removes (null) an owned attribute. */
  set(name: string, value: string | null): void {
    this.#values.set(name, value);
    this.#write(name);
  }

  /** Writes every owned attribute (the element came into a document). */
  writeAll(): void {
    for (const name of this.names) this.#write(name);
  }

  /**
   * From attributeChangedCallback: true when `name` is owned (the change is then handled: a page's write
   * is undone), false when the element's other attributes should handle it.
   */
  changed(name: string): boolean {
    if (!this.names.includes(name)) return false;
    if (!this.#writing) this.#write(name);
    return true;
  }

  #write(name: string): void {
    const value = this.#values.get(name) ?? null;
    if (!this.#host.isConnected || this.#host.getAttribute(name) === value) return;
    this.#writing = true;
    try {
      if (value === null) this.#host.removeAttribute(name);
      else this.#host.setAttribute(name, value);
    } finally {
      this.#writing = false;
    }
  }
}
