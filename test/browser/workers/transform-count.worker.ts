// Reports every receiver transform handed to it (the options it was made with), for the transform-hold test.
declare const self: DedicatedWorkerGlobalScope & { onrtctransform: ((e: RTCTransformEvent) => void) | null };

self.onrtctransform = (event) => self.postMessage(event.transformer.options);
