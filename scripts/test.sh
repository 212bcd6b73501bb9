#!/usr/bin/env bash
# One command from a fresh machine: install what is missing, build, and run every test:
#   1. C++ GoogleTest suite, native and as WASM under node (the SIMD128 kernels), through ctest
#   2. the type check of web/ (tsc --noEmit -p web), then JS API tests against the real WASM build,
#      under Node (node --test)
#   3. browser tests in headless Chromium (Debian's chromium through playwright-core)
# Ends with "N passed, N failed, N skipped"; exits non-zero on any failure. Skipped (and disabled or
# todo) tests are counted from each runner's own report, so they cannot hide: a skip whose test is
# not listed in tests/expected-skips.txt also counts as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }

log_dir="build/test-logs"
mkdir -p "$log_dir"
passed=0
failed=0
skipped=0

add_counts() {  # add_counts PASSED FAILED
  passed=$((passed + $1))
  failed=$((failed + $2))
}

# note_skips SUITE < names: counts each skipped test (one name a line); one that tests/expected-skips.txt
# does not list (a line "name  # why") is also a failure.
note_skips() {
  local name
  while IFS= read -r name; do
    [ -n "$name" ] || continue
    skipped=$((skipped + 1))
    if ! sed -E 's/[[:space:]]+#.*$//' tests/expected-skips.txt | grep -qxF -- "$name"; then
      echo "unexpected skip ($1): $name"
      failed=$((failed + 1))
    fi
  done
}

run_ctest() {  # run_ctest NAME BUILD_DIR
  echo "== $1 (ctest)"
  ctest --test-dir "$2" --output-on-failure -j "$(nproc)" 2>&1 | tee "$log_dir/$1.log"
  local line total bad skips
  line=$(grep -E 'tests passed, [0-9]+ tests failed out of' "$log_dir/$1.log" | tail -1)
  if [ -n "$line" ]; then
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
    bad=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
    # ctest counts a GoogleTest skip (and a disabled test) as not failed: it lists them as "did not run".
    skips=$(grep -E '^[[:space:]]+[0-9]+ - .* \((Skipped|Disabled)\)$' "$log_dir/$1.log" |
            sed -E 's/^[[:space:]]+[0-9]+ - (.*) \((Skipped|Disabled)\)$/\1/')
    add_counts $((total - bad - $(grep -c . <<<"$skips"))) "$bad"
    note_skips "$1" <<<"$skips"
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
# GoogleTest's own report: "[  SKIPPED ] Suite.Name (0 ms)" per skipped test, "YOU HAVE N DISABLED TESTS".
note_skips ctest-wasm < <(grep -E '^[0-9]+: \[  SKIPPED \] .* \([0-9]+ ms\)$' "$log_dir/ctest-wasm.log" |
                          sed -E 's/^[0-9]+: \[  SKIPPED \] (.*) \([0-9]+ ms\)$/\1/')
d=$(grep -oE 'YOU HAVE [0-9]+ DISABLED TEST' "$log_dir/ctest-wasm.log" | tail -1 | grep -oE '[0-9]+' || true)
note_skips ctest-wasm < <(for ((i = 0; i < ${d:-0}; i++)); do echo "a disabled GoogleTest test (DISABLED_ prefix)"; done)

# --test-force-exit (Node 20.14+): each test file's process exits once its tests and after() hooks are done,
# instead of waiting for its event loop to empty. A file that kept a handle open would hang the run; and
# Node 20 can deadlock at that point in NodePlatform::DrainTasks (nodejs/node#54918: seen here once, a
# file whose tests had all passed sat for minutes on a futex, main thread in DrainTasks, every worker idle).
force_exit=$(node --test-force-exit -e 0 >/dev/null 2>&1 && echo --test-force-exit || true)
# With it, a child's last verdicts could be lost on their way to the parent, uncounted and unfailed
# (nodejs/node#64833): tests/support/blocking-stdio.mjs, preloaded into every test process, prevents that.
preload=(--import ./tests/support/blocking-stdio.mjs)

run_node_tests() {  # run_node_tests NAME FILES...
  local name=$1; shift
  echo "== $name (node --test)"
  node "${preload[@]}" --test --test-reporter=spec --test-concurrency=1 $force_exit "$@" 2>&1 | tee "$log_dir/$name.log"
  local rc=${PIPESTATUS[0]}
  local p f c
  p=$(grep -E '^ℹ pass [0-9]+' "$log_dir/$name.log" | tail -1 | awk '{print $3}')
  f=$(grep -E '^ℹ fail [0-9]+' "$log_dir/$name.log" | tail -1 | awk '{print $3}')
  c=$(grep -E '^ℹ cancelled [0-9]+' "$log_dir/$name.log" | tail -1 | awk '{print $3}')
  add_counts "${p:-0}" $((${f:-0} + ${c:-0}))
  if [ "$rc" -ne 0 ] && [ $((${f:-0} + ${c:-0})) -eq 0 ]; then add_counts 0 1; fi
  # The spec reporter marks a skipped test "﹣ name (1.2ms) # reason" and a todo one "… name (1.2ms) # TODO".
  note_skips "$name" < <(grep -E '^[[:space:]]*(﹣ .* \([0-9.]+m?s\)( # .*)?|[^[:space:]]+ .* \([0-9.]+m?s\) # TODO.*)$' "$log_dir/$name.log" |
                         sed -E 's/^[[:space:]]*[^[:space:]]+ (.*) \([0-9.]+m?s\)( # .*)?$/\1/')
}

# The TypeScript of the whole web/ tree (components, playground, engine) type-checks: web/tsconfig.json,
# no output. The package build checks only web/src/engine; vite strips types without checking them.
echo "== typecheck (tsc --noEmit -p web)"
if node node_modules/typescript/bin/tsc -p web 2>&1 | tee "$log_dir/typecheck.log"; then add_counts 1 0; else add_counts 0 1; fi

run_node_tests js tests/js/*.test.mjs
run_node_tests browser tests/browser/*.test.mjs

echo
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
