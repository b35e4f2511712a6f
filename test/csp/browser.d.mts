// Types of test/csp/browser.mjs for csp.test.ts.
import type { Browser } from 'puppeteer-core';

/** WTR_BROWSER: chromium (the default) or firefox. */
export declare const BROWSER: 'chromium' | 'firefox';
/** Starts it headless with the project's flags or prefs. */
export declare function launchBrowser(): Promise<Browser>;
