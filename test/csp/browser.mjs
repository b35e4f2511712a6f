// The browser test/csp/csp.test.ts drives, chosen as the web test runner's groups choose theirs: WTR_BROWSER=chromium
// (the default) or firefox; started as every other test starts it (test/chromium.mjs: Debian's Chromium;
// test/firefox.mjs: Firefox ESR over WebDriver BiDi, its prefs included).
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../chromium.mjs';
import { firefoxLaunchOptions } from '../firefox.mjs';

const LAUNCH_OPTIONS = {
  chromium: () => ({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }),
  firefox: () => firefoxLaunchOptions(),
};

export const BROWSER = process.env.WTR_BROWSER ?? 'chromium';
if (!(BROWSER in LAUNCH_OPTIONS)) throw new Error(`WTR_BROWSER=${BROWSER}: the CSP test runs in ${Object.keys(LAUNCH_OPTIONS).join(' or ')}`);

export function launchBrowser() {
  return puppeteer.launch(LAUNCH_OPTIONS[BROWSER]());
}
