import { SpatiusAvatarError } from '../core/errors.js';
import { MOTION_WORKER_PROTOCOL } from './messages.js';
import type { DataOf, FromWorkerMessage, InitMessage, ToWorkerPortMessage } from './messages.js';
import type { ReceiverInfo } from './receivers.js';
import { spawnMotionWorker } from './spawn.js';

type FromKind = FromWorkerMessage['kind'];
type Handler<K extends FromKind> = (data: DataOf<FromWorkerMessage, K>) => void;

/** How long the worker may take to answer `init` before the port gives up on it. */
const HANDSHAKE_TIMEOUT_MS = 10000;

export interface MotionWorkerPortOptions {
  /** Starts the worker (tests pass their own). */
  spawn?: () => Worker;
  /** The worker failed to start, spoke another protocol, or crashed: the port is dead from now on. */
  onFailure(error: SpatiusAvatarError): void;
}

/**
 * The one owner of an element's motion worker, on the main thread. Everything that talks to the worker
 * goes through this object: messages out through the one typed `post`, replies dispatched by kind to
 * whoever subscribed with `on`, script transforms made with `scriptTransform`. It opens with a handshake
 * (`init` with the protocol version and the worker's end of a MessageChannel, answered by `ready`), after
 * which both sides talk over the channel only (the worker ignores anything else posted to it); a request such as `snapshot` rejects with
 * `worker-failed` when the worker has died or is disposed, instead of hanging.
 */
export class MotionWorkerPort {
  /** undefined when it could not even be made (`new Worker` threw: CSP, Trusted Types, a bad URL). */
  readonly #worker: Worker | undefined;
  /** Our end of the channel whose other end the worker got in `init`: every message but `init` goes over it. */
  #channel: MessagePort | undefined;
  readonly #handlers = new Map<FromKind, Set<(data: never) => void>>();
  readonly #pending = new Map<number, { resolve(image: Blob | null): void; reject(error: SpatiusAvatarError): void }>();
  #nextRequestId = 1;
  #failure: SpatiusAvatarError | undefined;
  readonly #handshake: ReturnType<typeof setTimeout>;
  #startedResolve!: (running: boolean) => void;
  /**
   * Resolves when the start is decided: true once the worker answered `init` with our protocol, false if it
   * failed or was disposed first (never rejects; see `onFailure`).
   */
  readonly started = new Promise<boolean>((resolve) => (this.#startedResolve = resolve));

  readonly #options: MotionWorkerPortOptions;

  constructor(options: MotionWorkerPortOptions) {
    this.#options = options;
    this.#handshake = setTimeout(() => this.#fail(`motion worker did not answer within ${HANDSHAKE_TIMEOUT_MS} ms`), HANDSHAKE_TIMEOUT_MS);
    let worker: Worker | undefined;
    try {
      worker = (options.spawn ?? spawnMotionWorker)();
    } catch (err) {
      // Reported after the constructor returns, like a worker that fails to load.
      const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      queueMicrotask(() => this.#fail(`motion worker could not start (${reason})`));
    }
    this.#worker = worker;
    if (!worker) return;
    // The worker's end of this channel goes in `init`; after that the worker acts on nothing else.
    const channel = new MessageChannel();
    this.#channel = channel.port1;
    channel.port1.onmessage = (e: MessageEvent<FromWorkerMessage>) => this.#dispatch(e.data);
    channel.port1.onmessageerror = () => this.#fail('motion worker sent a message that could not be read');
    // On the worker itself only `ready`: the answer of a worker of another protocol, which has no channel.
    worker.onmessage = (e: MessageEvent<FromWorkerMessage>) => {
      if (e.data?.kind === 'ready') this.#dispatch(e.data);
    };
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      this.#fail(`motion worker failed: ${e.message || 'it could not start'}`);
    };
    worker.onmessageerror = () => this.#fail('motion worker sent a message that could not be read');
    worker.postMessage({ kind: 'init', data: { protocol: MOTION_WORKER_PROTOCOL, port: channel.port2 } } satisfies InitMessage, [channel.port2]);
  }

  /** Whether the worker is running (not failed, not disposed). */
  get alive(): boolean {
    return !this.#failure;
  }

  /** Sends one message (with its transferables). Ignored once the worker is dead. */
  post(message: ToWorkerPortMessage, transfer: Transferable[] = []): void {
    if (this.#failure) return;
    this.#channel?.postMessage(message, transfer);
  }

  /** Calls `handler` with the data of every message of `kind` until the returned function is called. */
  on<K extends FromKind>(kind: K, handler: Handler<K>): () => void {
    let set = this.#handlers.get(kind);
    if (!set) this.#handlers.set(kind, (set = new Set()));
    const h = handler as (data: never) => void;
    set.add(h);
    return () => set.delete(h);
  }

  /** A script transform that hands `info`'s receiver to this worker (Firefox, Safari). */
  scriptTransform(info: ReceiverInfo): RTCRtpScriptTransform {
    if (!this.#worker) throw new SpatiusAvatarError('worker-failed', 'the motion worker could not start', false);
    return new RTCRtpScriptTransform(this.#worker, { ...info });
  }

  /** The face as drawn now; null when nothing is drawn (renderer "none"). Rejects with worker-failed. */
  snapshot(type: string): Promise<Blob | null> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextRequestId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.post({ kind: 'snapshot', data: { id, type } });
    });
  }

  /** Stops the worker; pending requests reject with worker-failed. */
  dispose(): void {
    if (this.#failure) return;
    this.#settle(new SpatiusAvatarError('worker-failed', 'the motion worker was stopped (the element was removed)', false));
  }

  #dispatch(message: FromWorkerMessage): void {
    if (this.#failure) return;
    switch (message.kind) {
      case 'ready':
        if (message.data.protocol !== MOTION_WORKER_PROTOCOL) {
          this.#fail(`motion worker speaks protocol ${message.data.protocol}, the element ${MOTION_WORKER_PROTOCOL} (mixed builds?)`);
          return;
        }
        clearTimeout(this.#handshake);
        this.#startedResolve(true);
        return;
      case 'snapshot': {
        const request = this.#pending.get(message.data.id);
        this.#pending.delete(message.data.id);
        request?.resolve(message.data.image);
        return;
      }
    }
    const set = this.#handlers.get(message.kind);
    if (set) for (const handler of set) handler(message.data as never);
  }

  #fail(message: string): void {
    if (this.#failure) return;
    const error = new SpatiusAvatarError('worker-failed', message, false);
    this.#settle(error);
    this.#options.onFailure(error);
  }

  #settle(error: SpatiusAvatarError): void {
    this.#failure = error;
    this.#startedResolve(false);
    clearTimeout(this.#handshake);
    this.#worker?.terminate();
    this.#channel?.close();
    for (const request of this.#pending.values()) request.reject(error);
    this.#pending.clear();
    this.#handlers.clear();
  }
}
