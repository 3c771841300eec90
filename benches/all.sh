#!/usr/bin/env bash
# Every performance figure of the README in one command: the call, decode, memory and import
# benchmark pinned to one core, the same in instructions (callgrind; skipped without valgrind),
# the cold start against Node's medusa-js (skipped without Node), then the
# crate counts and clean release build times (several minutes).
#
#   bash benches/all.sh            # CPU=0 by default: the core the call benchmark is pinned to
set -euo pipefail
cd "$(dirname "$0")/.."
cpu=${CPU:-0}
if command -v taskset >/dev/null 2>&1; then
  taskset -c "$cpu" cargo bench --bench calls
else
  echo "(taskset not found: the call benchmark runs unpinned, expect noisy figures)"
  cargo bench --bench calls
fi
if command -v valgrind >/dev/null 2>&1; then
  bash benches/instructions.sh
else
  echo "(valgrind not found: no instruction counts)"
fi
bash benches/cold_start.sh
bash benches/deps.sh
