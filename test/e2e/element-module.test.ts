// The bundler build: lit and livekit-client resolved by the page, the worker loaded from its own file.
import '../../dist/index.js';
import { elementSuite } from './element-suite.js';

elementSuite('module');
