#!/usr/bin/env bash
# Makes sure everything the demo and the tests need is on this machine, installing what is missing:
#   - Chromium (Debian package `chromium`, /usr/bin/chromium) for the browser tests and the demo agent;
#   - Firefox ESR (Debian package `firefox-esr`, /usr/bin/firefox-esr), the tests' second browser, driven by
#     puppeteer-core over WebDriver BiDi (no npm package downloads a browser);
#   - WebKitGTK's WebDriver (Debian package `webkit2gtk-driver`, which brings MiniBrowser) and Xvfb (`xvfb`), for
#     the browser tests that need no WebRTC (Debian builds WebKitGTK without it);
#   - espeak-ng and sox, which make and measure the demo's speech clips;
#   - PulseAudio (`pulseaudio`, and `pulseaudio-utils` for parec and pactl): the Firefox lip-sync bench's sound
#     server (`FIREFOX_AUDIO=pulse npm run bench -- lipsync-firefox`), started per run in user space on a temp dir;
#   - redis-server, which the multi-node end-to-end test starts on a free loopback port (two livekit-server
#     nodes share rooms through it);
#   - livekit-server, pinned, built from the Go module proxy into a per-user cache outside the clone
#     (~/.cache/spatius-avatar/livekit-<version>/livekit-server), so fresh clones on one machine reuse it;
#   - npm dependencies, at the versions in package-lock.json, when node_modules is missing or older than it.
#     (`npm install`, not `npm ci`: npm 11.19 as set up here writes lock files without the other platforms'
#     optional packages, which its own `npm ci` then rejects as out of sync.)
# Idempotent and quiet when everything is there. Exits non-zero, saying what to install by hand, when it cannot.
set -euo pipefail
cd "$(dirname "$0")/.."

LIVEKIT_VERSION=v1.13.5
CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/spatius-avatar"
LIVEKIT_DIR="$CACHE/livekit-$LIVEKIT_VERSION"
LIVEKIT_BIN="$LIVEKIT_DIR/livekit-server"
CHROMIUM_BIN="${CHROMIUM_BIN:-/usr/bin/chromium}"
FIREFOX_BIN="${FIREFOX_BIN:-/usr/bin/firefox-esr}"
WEBKIT_DRIVER_BIN="${WEBKIT_DRIVER_BIN:-/usr/bin/WebKitWebDriver}"
MINIBROWSER_BIN="${MINIBROWSER_BIN:-/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser}"

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else return 1; fi
}

# --- Debian packages -------------------------------------------------------------------------------
missing=()
[ -x "$CHROMIUM_BIN" ] || missing+=(chromium)
[ -x "$FIREFOX_BIN" ] || missing+=(firefox-esr)
[ -x "$WEBKIT_DRIVER_BIN" ] && [ -x "$MINIBROWSER_BIN" ] || missing+=(webkit2gtk-driver)
command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
command -v sox >/dev/null 2>&1 || missing+=(sox)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v pulseaudio >/dev/null 2>&1 || missing+=(pulseaudio)
command -v parec >/dev/null 2>&1 && command -v pactl >/dev/null 2>&1 || missing+=(pulseaudio-utils)
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  if command -v apt-get >/dev/null 2>&1 \
     && as_root apt-get update -qq \
     && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    say "installed ${missing[*]}"
  else
    die "could not install ${missing[*]}. Install them by hand (Debian/Ubuntu: apt-get install ${missing[*]}),
       or point CHROMIUM_BIN at a Chromium or Chrome binary, FIREFOX_BIN at a Firefox (ESR 128+),
       WEBKIT_DRIVER_BIN and MINIBROWSER_BIN at WebKitGTK's WebKitWebDriver and MiniBrowser."
  fi
fi
[ -x "$CHROMIUM_BIN" ] || die "Chromium not found at $CHROMIUM_BIN"
[ -x "$FIREFOX_BIN" ] || die "Firefox not found at $FIREFOX_BIN"
[ -x "$WEBKIT_DRIVER_BIN" ] || die "WebKitWebDriver not found at $WEBKIT_DRIVER_BIN"
[ -x "$MINIBROWSER_BIN" ] || die "MiniBrowser not found at $MINIBROWSER_BIN (set MINIBROWSER_BIN)"
command -v Xvfb >/dev/null 2>&1 || die "Xvfb not found (Debian: apt-get install xvfb)"

# --- LiveKit server ---------------------------------------------------------------------------------
if [ -n "${LIVEKIT_SERVER_BIN:-}" ]; then
  [ -x "$LIVEKIT_SERVER_BIN" ] || die "LIVEKIT_SERVER_BIN=$LIVEKIT_SERVER_BIN is not an executable"
elif [ ! -x "$LIVEKIT_BIN" ]; then
  command -v go >/dev/null 2>&1 || die "livekit-server is missing and Go is not installed. Install Go 1.23+ and run
       GOBIN=$LIVEKIT_DIR go install github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION
       then rename $LIVEKIT_DIR/server to livekit-server (or set LIVEKIT_SERVER_BIN)."
  say "building livekit-server $LIVEKIT_VERSION from the Go module proxy (about 2 minutes, once per machine)"
  mkdir -p "$LIVEKIT_DIR"
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && GOBIN="$tmp" GOFLAGS= go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"); then
    rm -rf "$tmp"
    die "go install github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION failed (see above)"
  fi
  mv "$tmp/server" "$LIVEKIT_BIN"
  rm -rf "$tmp"
  say "livekit-server $("$LIVEKIT_BIN" --version 2>&1 | awk '{print $NF}') installed at $LIVEKIT_BIN"
fi

# --- npm ----------------------------------------------------------------------------------------------
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dependencies"
  npm install --no-audit --no-fund --loglevel=error
fi

# --- the examples' and the type test's own dependencies (React, Vue and their types: never the package's) ------
# Each folder has its own package.json and package-lock.json; `spatius-avatar` in its node_modules is a link to
# this checkout, as `npm install spatius-avatar` would put it there (the build in dist/, and the exports).
for dir in examples/react examples/vue test/types/consumer; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm dependencies of $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
  up=$(printf '%s' "$dir/node_modules" | sed 's#[^/][^/]*#..#g')
  [ -L "$dir/node_modules/spatius-avatar" ] || ln -sfn "$up" "$dir/node_modules/spatius-avatar"
done
