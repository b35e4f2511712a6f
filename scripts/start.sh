#!/usr/bin/env bash
# `npm start`: installs what is missing, builds, then runs the demo (scripts/demo-server.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npm run -s build >/dev/null
exec node scripts/demo-server.mjs "$@"
