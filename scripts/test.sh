#!/usr/bin/env bash
# One command from a fresh machine: install what is missing, build, and run every test:
#   1. C++ GoogleTest suite, native and as WASM under node (the SIMD128 kernels), through ctest
#   2. JS API tests against the real WASM build, under Node (node --test)
#   3. browser tests in headless Chromium (Debian's chromium through playwright-core)
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }

log_dir="build/test-logs"
mkdir -p "$log_dir"
passed=0
failed=0

add_counts() {  # add_counts PASSED FAILED
  passed=$((passed + $1))
  failed=$((failed + $2))
}

run_ctest() {  # run_ctest NAME BUILD_DIR
  echo "== $1 (ctest)"
  ctest --test-dir "$2" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log_dir/$1.log"
  local line total bad
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log_dir/$1.log" | tail -1)
  if [ -n "$line" ]; then
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
    add_counts $((total - bad)) "$bad"
  else
    add_counts 0 1
  fi
}

run_ctest ctest build/native

# The same GoogleTest suite built with Emscripten, run by node as one ctest entry (the SIMD128
# kernels run here); the counts are GoogleTest's own.
echo "== ctest-wasm (ctest, one node process)"
ctest --test-dir build/wasm --output-on-failure -V 2>&1 | tee "$log_dir/ctest-wasm.log" | grep -E '^[0-9]+: \[  (FAILED|PASSED|SKIPPED) +\]|tests passed'
p=$(grep -oE '\[  PASSED  \] [0-9]+ test' "$log_dir/ctest-wasm.log" | tail -1 | grep -oE '[0-9]+' || true)
f=$(grep -oE '\[  FAILED  \] [0-9]+ test' "$log_dir/ctest-wasm.log" | tail -1 | grep -oE '[0-9]+' || true)
add_counts "${p:-0}" "${f:-0}"
grep -qE '100% tests passed' "$log_dir/ctest-wasm.log" || [ "${f:-0}" -gt 0 ] || add_counts 0 1

run_node_tests() {  # run_node_tests NAME FILES...
  local name=$1; shift
  echo "== $name (node --test)"
  node --test --test-reporter=spec --test-concurrency=1 "$@" 2>&1 | tee "$log_dir/$name.log"
  local rc=${PIPESTATUS[0]}
  local p f
  p=$(grep -E '^ℹ pass [0-9]+' "$log_dir/$name.log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$log_dir/$name.log" | tail -1 | awk '{print $3}')
  add_counts "${p:-0}" "${f:-0}"
  if [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ]; then add_counts 0 1; fi
}

run_node_tests js tests/js/*.test.mjs
run_node_tests browser tests/browser/*.test.mjs

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
