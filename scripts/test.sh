#!/usr/bin/env bash
# `npm test`: every test, against real parts. Installs what is missing first (scripts/setup.sh), then:
# type check, build (the browser tests load the built bundles), Node unit tests, browser tests and
# end-to-end tests against a LiveKit server started for each run, in Chromium and in Firefox ESR, and the
# browser tests that need no WebRTC in WebKitGTK (files a browser cannot run are listed in
# web-test-runner.config.mjs and docs/testing.md). Fails on the first failure. Each step says when it started.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s (at %ss)\n' "$*" "$SECONDS"; }

step "setup"; bash scripts/setup.sh
step "type check (sources, then tests and benchmarks)"; npm run -s typecheck
step "build"; npm run -s build
step "type test: a TypeScript consumer of the built package"; npx tsc -p test/types/consumer/tsconfig.json
step "unit tests (node)"; npm run -s test:unit
step "CSP and Trusted Types (chromium, pages served with the headers)"; npm run -s test:csp
# The lifecycle fuzz runs its 200 sequences in Chromium and 50 more (another seed) in Firefox, and the leak test 20
# connect/disconnect and 20 create/remove cycles (100 each in `npm run soak`), to keep the run short.
for browser in chromium firefox; do
  sequences=200; [ "$browser" = firefox ] && sequences=50
  step "browser tests ($browser)"; WTR_BROWSER=$browser npx web-test-runner
  step "end-to-end tests ($browser + livekit-server)"; LEAK_CYCLES=${LEAK_CYCLES:-20} FUZZ_SEQUENCES=${FUZZ_SEQUENCES:-$sequences} WTR_BROWSER=$browser WTR_GROUP=e2e npx web-test-runner
  step "end-to-end tests, autoplay blocked ($browser)"; WTR_BROWSER=$browser WTR_GROUP=e2e-autoplay npx web-test-runner
done
step "browser tests (webkitgtk, no WebRTC)"; WTR_BROWSER=webkit npx web-test-runner
step "demo end to end (what npm start starts, and how it fails to start)"; node --test test/demo/start-failure.test.mjs test/demo/demo.test.mjs
