/** Debian's Firefox ESR (or $FIREFOX_BIN). */
export declare const FIREFOX: string;
export interface FirefoxOptions { autoplay?: boolean; reducedMotion?: boolean; fakeDevices?: boolean }
/** The prefs tests start it with. */
export declare function firefoxPrefs(options?: FirefoxOptions): Record<string, string | number | boolean>;
/** launchOptions for puppeteer-core's launch(): Firefox over WebDriver BiDi, headless, with firefoxPrefs(options). */
export declare function firefoxLaunchOptions(options?: FirefoxOptions): {
  browser: 'firefox'; protocol: 'webDriverBiDi'; executablePath: string; headless: true; extraPrefsFirefox: Record<string, string | number | boolean>;
};
