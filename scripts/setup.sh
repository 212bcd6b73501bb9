#!/usr/bin/env bash
# Installs what is missing on a Debian 12 machine: Debian packages (Emscripten, Eigen, GoogleTest,
# Chromium, PyTorch, build tools) and the npm packages pinned by package-lock.json. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Debian package -> a file it installs (cheap check, no dpkg database scan).
declare -A NEED=(
  [emscripten]=/usr/bin/em++
  [libeigen3-dev]=/usr/include/eigen3/Eigen/Core
  [libgtest-dev]=/usr/include/gtest/gtest.h
  [libbenchmark-dev]=/usr/include/benchmark/benchmark.h
  [cmake]=/usr/bin/cmake
  [ninja-build]=/usr/bin/ninja
  [g++]=/usr/bin/g++
  [chromium]=/usr/bin/chromium
  [node-acorn]=/usr/share/nodejs/acorn/package.json
  # PyTorch 1.13 for the export tests (seen by /usr/bin/python3 only, not by a pyenv python3)
  [python3-torch]=/usr/lib/python3/dist-packages/torch/__init__.py
)
missing=()
for pkg in "${!NEED[@]}"; do
  [ -e "${NEED[$pkg]}" ] || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null || ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 20 ? 0 : 1)'; then
  echo "setup: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

# npm packages: reinstall only when package-lock.json changed since the last install. A node_modules that
# is a symbolic link (a git worktree sharing another checkout's install) is left alone: npm ci would empty
# the install it points to, under every other checkout that shares it.
if [ -L node_modules ]; then
  echo "setup: node_modules links to $(readlink node_modules); not reinstalling it (run npm ci there if package-lock.json changed)"
elif [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
