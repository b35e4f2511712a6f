import { check } from './check.js';

check().catch((err) => (window.cspResult = { pageError: String(err) }));
