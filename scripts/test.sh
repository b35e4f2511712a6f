#!/usr/bin/env bash
# `npm test`: every test, against real parts. Installs what is missing first (scripts/setup.sh), then:
# type check, build (the browser tests load the built bundles), Node unit tests, then two tracks side by side
# (each browser test run starts its own LiveKit server on free ports):
#   chromium: CSP, browser, end-to-end, autoplay and no-device groups in Chromium, then the examples;
#   firefox:  CSP and the same groups in Firefox ESR, the examples in Firefox, the browser group in WebKitGTK
#             (no WebRTC there), then the demo tests (its viewer in Chromium and in Firefox);
# then, alone, the impaired-network group (Chromium, then Firefox, through a UDP relay).
# Files a browser cannot run are listed in web-test-runner.config.mjs and docs/testing.md.
# Each track's lines are prefixed with its name; each step says when it started. A failed browser step does
# not stop its track: every step runs, so one run reports every failure. The run fails if any step failed,
# and ends with a digest of the failures (the failed steps and each failed test with its message), so that
# the last lines of the log say what broke. TEST_TRACKS=serial runs the tracks one after the other (for a
# machine with one core, or to read one log).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n=== %s (at %ss)\n' "$*" "$SECONDS"; }
logs=$(mktemp -d); trap 'rm -rf "$logs"' EXIT
# check <name> <command...>: one step of a track; a failure is recorded (and the track goes on).
check() {
  local name=$1 status=0; shift
  step "$name"
  "$@" || status=$?
  if [ $status -ne 0 ]; then
    echo "=== FAILED (exit $status): $name"
    echo "$name (exit $status)" >> "$logs/failed-steps"
  fi
  return 0
}
# The failures, last: the failed steps, each failed test (a line with ❌) with the lines after it, and the
# last lines of each failed step.
digest() {
  [ -s "$logs/failed-steps" ] || return 0
  printf '\n=== failure digest\nfailed steps:\n'
  sed 's/^/  /' "$logs/failed-steps"
  echo "--- failed tests (each with the lines that follow it):"
  grep -a -h -A 14 '❌' "$logs"/*.log | head -n 150 || true
  echo "--- the end of each failed step:"
  grep -a -h -B 12 '=== FAILED' "$logs"/*.log | head -n 80 || true
}

step "setup"; bash scripts/setup.sh
step "type check (sources, then tests and benchmarks)"; npm run -s typecheck
step "build"; npm run -s build
step "type test: a TypeScript consumer of the built package"; npx tsc -p test/types/consumer/tsconfig.json
step "type check: the React and Vue examples"; npx tsc -p examples/react/tsconfig.json; npx tsc -p examples/vue/tsconfig.json
step "unit tests (node)"; npm run -s test:unit
# Once, before the tracks: both run the examples, and rebuilding the same files side by side could race.
step "build the React and Vue examples"; node examples/build.mjs
export EXAMPLES_BUILT=1

# groups <browser> <fuzz sequences>: the browser, end-to-end, autoplay and no-device groups in one browser.
# The lifecycle fuzz runs its 200 sequences in Chromium and 50 more (another seed) in Firefox, and the leak test 20
# connect/disconnect and 20 create/remove cycles (100 each in `npm run soak`), to keep the run short.
groups() {
  check "browser tests ($1)" env WTR_BROWSER=$1 npx web-test-runner
  check "end-to-end tests ($1 + livekit-server)" env LEAK_CYCLES=${LEAK_CYCLES:-20} FUZZ_SEQUENCES=${FUZZ_SEQUENCES:-$2} WTR_BROWSER=$1 WTR_GROUP=e2e npx web-test-runner
  check "end-to-end tests, autoplay blocked ($1)" env WTR_BROWSER=$1 WTR_GROUP=e2e-autoplay npx web-test-runner
  check "end-to-end tests, no media devices ($1)" env WTR_BROWSER=$1 WTR_GROUP=e2e-no-device npx web-test-runner
}
chromium_track() {
  check "CSP and Trusted Types (chromium, pages served with the headers)" env WTR_BROWSER=chromium npm run -s test:csp
  groups chromium 200
  check "examples (chromium + livekit-server): plain HTML, React 19, Vue 3" env WTR_BROWSER=chromium WTR_GROUP=examples npx web-test-runner
}
firefox_track() {
  check "CSP and Trusted Types (firefox, pages served with the headers)" env WTR_BROWSER=firefox npm run -s test:csp
  groups firefox 50
  check "examples (firefox + livekit-server): plain HTML, React 19, Vue 3" env WTR_BROWSER=firefox WTR_GROUP=examples npx web-test-runner
  check "browser tests (webkitgtk, no WebRTC)" env WTR_BROWSER=webkit npx web-test-runner
  check "demo end to end (what npm start starts, and how it fails to start)" node --test test/demo/start-failure.test.mjs test/demo/fixture-start-failure.test.mjs test/demo/demo.test.mjs
}

if [ "${TEST_TRACKS:-parallel}" = serial ]; then
  chromium_track 2>&1 | tee "$logs/chromium.log"
  firefox_track 2>&1 | tee "$logs/firefox.log"
else
  # Each track in a subshell of its own, its output prefixed line by line and kept for the digest.
  { chromium_track 2>&1 | sed -u 's/^/[chromium] /' | tee "$logs/chromium.log"; } &
  { firefox_track 2>&1 | sed -u 's/^/[firefox] /' | tee "$logs/firefox.log"; } &
  wait # both pipelines: every line is out
  step "both tracks done"
fi
# Alone, after the tracks, so that the other track's load does not add to its measured jitter. (Its relay's
# connect timeouts were the server answering on another address than 127.0.0.1: scripts/livekit-server.mjs.)
check "end-to-end tests through an impaired network (chromium + livekit-server + UDP relay)" env WTR_BROWSER=chromium WTR_GROUP=e2e-network npx web-test-runner 2>&1 | tee "$logs/network.log"
check "end-to-end tests through an impaired network (firefox + livekit-server + UDP relay on the LAN address)" env WTR_BROWSER=firefox WTR_GROUP=e2e-network npx web-test-runner 2>&1 | tee -a "$logs/network.log"
digest
[ ! -s "$logs/failed-steps" ]
