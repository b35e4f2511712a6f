/**
 * The parts of a dedicated worker's global scope that our workers use. The project compiles against the
 * DOM library (which cannot be combined with the WebWorker one), so workers declare `self` with this.
 */
export interface RTCTransformEventLike {
  transformer: { readable: ReadableStream; writable: WritableStream; options: unknown };
}

export interface WorkerScope {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
  onrtctransform?: ((event: RTCTransformEventLike) => void) | null;
}
