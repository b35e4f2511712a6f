// The page's live workers (constructed, not terminated), for tests that check nothing is left running.
// Installed on import: import it before any element makes a worker.
export const liveWorkers = new Set<Worker>();
const NativeWorker = window.Worker;
window.Worker = class extends NativeWorker {
  constructor(...args: ConstructorParameters<typeof Worker>) {
    super(...args);
    liveWorkers.add(this);
  }
  override terminate(): void {
    liveWorkers.delete(this);
    super.terminate();
  }
} as typeof Worker;
