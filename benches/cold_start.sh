#!/usr/bin/env bash
# Cold start: the wall time of a whole process that makes one customers().retrieve() and exits,
# in Rust (examples/cold_start.rs) and, when `node` is installed, in Node with the official
# @medusajs/medusa-js 6.1.10 (benches/node/cold_start.js), against the same canned backend
# (`cold_start serve`: the customer body of testkit/src/canned.rs, about 1.5 KB).
#
#   bash benches/cold_start.sh                  # 50 runs of each, after 5 warm-up runs
#   RUNS=200 CPU=1 bash benches/cold_start.sh   # more runs, everything pinned to core 1
#
# Uses hyperfine when installed (`apt-get install hyperfine`), else (or with NO_HYPERFINE=1) a loop
# over bash's EPOCHREALTIME (or `date +%s%N`).
# Node's dependencies are installed into benches/node/node_modules from its lock file on first use.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-50}
WARMUP=${WARMUP:-5}
pin=()
if [ -n "${CPU:-}" ]; then
  pin=(taskset -c "$CPU")
fi

echo "== building examples/cold_start (release)"
cargo build --release --example cold_start --quiet
exe=target/release/examples/cold_start

tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"${pin[@]}" "$exe" serve 127.0.0.1:0 >"$tmp/url" &
server=$!
for _ in $(seq 100); do
  if [ -s "$tmp/url" ]; then break; fi
  sleep 0.05
done
MEDUSA_BACKEND_URL=$(head -n1 "$tmp/url")
export MEDUSA_BACKEND_URL
echo "== canned backend at $MEDUSA_BACKEND_URL"

names=(rust)
cmds=("$exe")
if command -v node >/dev/null 2>&1; then
  if [ ! -d benches/node/node_modules/@medusajs/medusa-js ]; then
    echo "== installing @medusajs/medusa-js into benches/node (npm ci)"
    (cd benches/node && npm ci --silent) || echo "(npm ci failed: Node is left out)"
  fi
  if [ -d benches/node/node_modules/@medusajs/medusa-js ]; then
    names+=(node)
    cmds+=("node benches/node/cold_start.js")
  fi
fi

# Each must answer before it is timed.
for i in "${!cmds[@]}"; do
  # shellcheck disable=SC2086
  out=$("${pin[@]}" ${cmds[$i]})
  echo "${names[$i]}: ${cmds[$i]} -> $out"
done

echo "== $RUNS runs each (warm-up $WARMUP)${CPU:+, pinned to core $CPU}"
if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null 2>&1; then
  args=()
  for i in "${!cmds[@]}"; do
    args+=(-n "${names[$i]}" "${pin[*]} ${cmds[$i]}")
  done
  hyperfine -N --warmup "$WARMUP" --runs "$RUNS" --export-markdown "$tmp/table.md" \
    "${args[@]}" >/dev/null
  cat "$tmp/table.md"
else
  # Microseconds from bash's own clock (no fork; bash 5), else from `date`.
  now_us() {
    if [ -n "${EPOCHREALTIME:-}" ]; then
      local t=${EPOCHREALTIME/[.,]/}
      us=$((10#$t))
    else
      us=$(($(date +%s%N) / 1000))
    fi
  }
  echo "| Command | Mean [ms] | Median [ms] | Min [ms] | Max [ms] |"
  echo "|:---|---:|---:|---:|---:|"
  for i in "${!cmds[@]}"; do
    for _ in $(seq "$WARMUP"); do
      # shellcheck disable=SC2086
      "${pin[@]}" ${cmds[$i]} >/dev/null
    done
    : >"$tmp/times"
    for _ in $(seq "$RUNS"); do
      now_us
      t0=$us
      # shellcheck disable=SC2086
      "${pin[@]}" ${cmds[$i]} >/dev/null
      now_us
      echo $((us - t0)) >>"$tmp/times"
    done
    sort -n "$tmp/times" | awk -v name="${names[$i]}" '
      { t[NR] = $1; sum += $1 }
      END {
        med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2
        printf "| `%s` | %.1f | %.1f | %.1f | %.1f |\n", name, sum / NR / 1000, med / 1000, t[1] / 1000, t[NR] / 1000
      }'
  done
fi
