// Reports every receiver transform handed to it (the options it was made with), for the transform-hold test.
import type { WorkerScope } from '../../../src/worker/worker-scope.js';

declare const self: WorkerScope;

self.onrtctransform = (event) => self.postMessage(event.transformer.options);
