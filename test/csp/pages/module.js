import '../../../dist/index.js';
import { check } from './check.js';

check().catch((err) => (window.cspResult = { pageError: String(err) }));
