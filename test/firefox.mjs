// One place for how tests start Debian's Firefox ESR headless: puppeteer-core (a dev dependency already,
// through @web/test-runner-chrome) drives it over WebDriver BiDi, so no npm package downloads a browser.
// The prefs mirror test/chromium.mjs's flags (see docs/testing.md).
export const FIREFOX = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

/**
 * @param {{ autoplay?: boolean, reducedMotion?: boolean, fakeDevices?: boolean }} [options] autoplay false: block
 * autoplay as for a page without a user gesture; reducedMotion: prefers-reduced-motion: reduce (WebDriver BiDi
 * cannot emulate it); fakeDevices false: only the machine's real camera and microphone (none here).
 */
export function firefoxPrefs({ autoplay = true, reducedMotion = false, fakeDevices = true } = {}) {
  return {
    ...(reducedMotion ? { 'ui.prefersReducedMotion': 1 } : {}),
    // media tests: fake camera and microphone, no permission prompt
    'media.navigator.streams.fake': fakeDevices,
    'media.navigator.permission.disabled': true,
    // autoplay: 0 allows, 1 blocks audible media until a user gesture (and then WebAudio too)
    'media.autoplay.default': autoplay ? 0 : 1,
    'media.autoplay.block-webaudio': !autoplay,
    'media.autoplay.blocking_policy': 0,
    // WebRTC on this machine only: the LiveKit server and the local peer connections use 127.0.0.1
    'media.peerconnection.ice.loopback': true,
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    // keep timers running in a headless page (Firefox throttles background pages' timers to 1 Hz)
    'dom.min_background_timeout_value': 4,
    'dom.min_background_timeout_value_without_budget_throttling': 4,
    'dom.timeout.enable_budget_timer_throttling': false,
    // no network beyond this machine
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'browser.safebrowsing.update.enabled': false,
    'app.update.enabled': false,
  };
}

/** launchOptions for puppeteer-core's launch(). */
export function firefoxLaunchOptions(options) {
  return {
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX,
    headless: true,
    extraPrefsFirefox: firefoxPrefs(options),
  };
}
