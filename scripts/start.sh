#!/usr/bin/env bash
# One command from a fresh machine: install what is missing, build, and serve the playground.
# PORT=5173 by default; HOST=127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh wasm package site embed
PORT="${PORT:-5173}"
HOST="${HOST:-127.0.0.1}"
echo "Activation Playground: http://$HOST:$PORT/"
exec node node_modules/vite/bin/vite.js preview --host "$HOST" --port "$PORT" --strictPort
