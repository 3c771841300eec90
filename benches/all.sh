#!/usr/bin/env bash
# Every performance figure of the README in one command: the call, decode and memory benchmark
# pinned to one core, the cold start against Node's medusa-js (skipped without Node), then the
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
bash benches/cold_start.sh
bash benches/deps.sh
