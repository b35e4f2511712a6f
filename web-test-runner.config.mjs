import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { CHROMIUM, CHROMIUM_ARGS } from './test/chromium.mjs';
import { livekitPlugin } from './test/livekit-plugin.mjs';

// Groups: browser (default), e2e (needs the LiveKit server), e2e-autoplay (a Chromium that blocks autoplay,
// as a browser does for a page the user has not interacted with).
const group = process.env.WTR_GROUP ?? 'browser';
const FILES = {
  browser: ['test/browser/**/*.test.ts'],
  e2e: ['test/e2e/**/*.test.ts'],
  'e2e-autoplay': ['test/e2e-autoplay/**/*.test.ts'],
};
const args = group === 'e2e-autoplay' ? CHROMIUM_ARGS.filter((a) => !a.startsWith('--autoplay-policy')) : CHROMIUM_ARGS;

export default {
  files: FILES[group],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  concurrency: 1,
  concurrentBrowsers: 1,
  browserStartTimeout: 60000,
  testsStartTimeout: 60000,
  testsFinishTimeout: 300000,
  testFramework: { config: { timeout: 60000 } },
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), livekitPlugin()],
  browsers: [
    chromeLauncher({
      launchOptions: { executablePath: CHROMIUM, headless: true, args },
    }),
  ],
};
