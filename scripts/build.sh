#!/usr/bin/env bash
# Builds everything: the native core + tests (build/native), the WASM engine (build/wasm ->
# web/src/engine/wasm), the npm package (dist/), the static site (build/site/) and the embed bundle
# (build/site/embed/, also dist/components/).
# Usage: scripts/build.sh [native|wasm|wasm-tests|wasm-sweep|wasm-check|dense|package|site|embed ...]
# (default: native wasm wasm-tests package site embed, in that order; wasm-sweep, wasm-check and dense are not in CI)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(native wasm wasm-tests package site embed)

for step in "${steps[@]}"; do
  case "$step" in
    native)
      cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build build/native -j "$AP_JOBS"
      ;;
    wasm)
      # The emulator override: emcmake's default passes a flag Node 20 rejects.
      emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
      cmake --build build/wasm -j "$AP_JOBS" --target ap_engine
      ;;
    wasm-tests)  # the GoogleTest suite as WASM under node (SIMD128 kernels); ctest --test-dir build/wasm
      emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
      cmake --build build/wasm -j "$AP_JOBS" --target ap_tests_wasm
      ;;
    wasm-sweep)  # bench/sweep: node build/wasm/ap_sweep.cjs [--act NAME]
      emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
      cmake --build build/wasm -j "$AP_JOBS" --target ap_sweep
      ;;
    wasm-check)  # node bench/fuzz.mjs --check-heap: the engine with emmalloc's region check exported, as a copy of dist/
      [ -f dist/index.js ] || { echo "build: wasm-check needs the package step first (dist/index.js)" >&2; exit 2; }
      emcmake cmake -S . -B build/wasm-check -G Ninja -DCMAKE_BUILD_TYPE=Release -DAP_BUILD_TESTS=OFF \
        -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" -DAP_WASM_OUT="$PWD/build/wasm-check/out" \
        -DAP_WASM_EXTRA_LINK_OPTIONS="-sEXPORTED_FUNCTIONS=_malloc,_free,_emmalloc_validate_memory_regions" >/dev/null
      cmake --build build/wasm-check -j "$AP_JOBS" --target ap_engine
      rm -rf build/wasm-check/dist
      cp -r dist build/wasm-check/dist
      cp build/wasm-check/out/engine.mjs build/wasm-check/out/engine.wasm build/wasm-check/dist/wasm/
      ;;
    dense)  # bench/dense, tiles against Eigen: build/native/ap_dense_bench, node build/wasm/ap_dense_bench.cjs
      cmake -S . -B build/native -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
      cmake --build build/native -j "$AP_JOBS" --target ap_dense_bench
      emcmake cmake -S . -B build/wasm -G Ninja -DCMAKE_BUILD_TYPE=Release \
        -DCMAKE_CROSSCOMPILING_EMULATOR="$(command -v node)" >/dev/null
      cmake --build build/wasm -j "$AP_JOBS" --target ap_dense_bench
      ;;
    package)
      rm -rf dist
      node node_modules/typescript/bin/tsc -p web/src/engine/tsconfig.json
      mkdir -p dist/wasm
      cp web/src/engine/wasm/engine.mjs web/src/engine/wasm/engine.wasm web/src/engine/wasm/engine.d.mts dist/wasm/
      ;;
    site)
      node node_modules/vite/bin/vite.js build --logLevel warn
      ;;
    embed)
      # After `site` (whose build empties build/site): one ES module defining every <ap-*> element, plus
      # its .wasm, for plain <script type="module"> pages; the npm package ships it as "./components".
      node node_modules/vite/bin/vite.js build -c web/embed.vite.config.js --logLevel warn
      rm -rf dist/components
      mkdir -p dist/components
      cp -r build/site/embed/. dist/components/
      cp web/src/embed/ap-components.d.ts web/src/embed/package-entry.js web/src/embed/dom-guard.js dist/components/
      mv dist/components/package-entry.js dist/components/index.js
      ;;
    *) echo "build: unknown step '$step' (native, wasm, wasm-tests, wasm-sweep, wasm-check, dense, package, site, embed)" >&2; exit 2 ;;
  esac
done
