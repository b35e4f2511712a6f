#!/usr/bin/env bash
# `npm test`: every test, against real parts. Installs what is missing first (scripts/setup.sh), then:
# type check, build (the browser tests load the built bundles), Node unit tests, browser tests in
# Chromium, end-to-end tests against a LiveKit server started for the run. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s\n' "$*"; }

step "setup"; bash scripts/setup.sh
step "type check (sources, then tests and benchmarks)"; npm run -s typecheck
step "build"; npm run -s build
step "type test: a TypeScript consumer of the built package"; npx tsc -p test/types/consumer/tsconfig.json
step "unit tests (node)"; npm run -s test:unit
step "browser tests (chromium)"; npx web-test-runner
step "end-to-end tests (chromium + livekit-server)"; WTR_GROUP=e2e npx web-test-runner
step "end-to-end tests, autoplay blocked"; WTR_GROUP=e2e-autoplay npx web-test-runner
step "demo end to end (what npm start starts, and how it fails to start)"; node --test test/demo/start-failure.test.mjs test/demo/demo.test.mjs
