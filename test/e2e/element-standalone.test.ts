// The CMS build: one file, everything inlined, the worker started from a Blob URL.
import '../../dist/spatius-avatar.standalone.js';
import { elementSuite } from './element-suite.js';

elementSuite('standalone');
