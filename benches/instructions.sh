#!/usr/bin/env bash
# The call benchmark in instructions (valgrind's callgrind), a figure that does not depend on the
# machine's load, as the crate against its floor (hand-written ureq + serde_json into the same
# models): for every pair of `benches/calls.rs`, and the import's client side per row.
#
#   bash benches/instructions.sh                 # every pair, then both imports (a few minutes)
#   CALLS=500 ROWS=400 bash benches/instructions.sh
#   bash benches/instructions.sh "v2 retrieve"   # only these pairs (exact names), no import
#
# Calls: one callgrind run per pair (`calls instructions PAIR`): after a warm-up, the crate's N
# calls run inside `crate_side` and the floor's inside `floor_side`, and collection is on only
# inside those two (`--toggle-collect`); each one's inclusive cost, divided by N, is its
# instructions per call. Inclusive cost follows the calling thread's stack, so the in-process
# server's thread is not in it: the figure is the client's side of a call (request, the kernel
# boundary excluded, the answer's parsing and decoding).
#
# Import: the canned server runs in a child process that callgrind does not follow, so the run's
# total is the client's alone (every thread of it: the import's). Each side runs once over ROWS
# rows and once over 2 x ROWS rows (the same rows built both times); the difference, divided by
# ROWS, is the instructions per row, with start-up, the clients and the connection cancelled out.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind not found (apt-get install valgrind)" >&2; exit 1; }
calls=${CALLS:-200}
warmup=${WARMUP:-20}
rows=${ROWS:-200}

exe=$(cargo bench --bench calls --no-run --message-format=json 2>/dev/null |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -1)
[ -x "$exe" ] || { echo "could not build the call benchmark" >&2; exit 1; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

if [ $# -gt 0 ]; then
  pairs=("$@")
else
  pairs=("retrieve" "list_orders" "create" "v2 retrieve" "v2 list_orders" "v2 product page"
    "v2 cart completion" "admin list_customers" "v1 admin list_customers")
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
per() { awk -v a="$1" -v n="$2" 'BEGIN { printf "%.0f", a / n }'; }

echo "callgrind, $calls calls per side after $warmup of warm-up; instructions (Ir) per call"
echo
echo "| call | medusa_blocking Ir/call | raw ureq+serde Ir/call | ratio |"
echo "|---|---:|---:|---:|"
for pair in "${pairs[@]}"; do
  valgrind --tool=callgrind --callgrind-out-file="$out/cg.out" --collect-atstart=no \
    --toggle-collect='*crate_side*' --toggle-collect='*floor_side*' \
    "$exe" instructions "$pair" --calls "$calls" --warmup "$warmup" >/dev/null 2>"$out/log" ||
    { cat "$out/log" >&2; exit 1; }
  callgrind_annotate --inclusive=yes "$out/cg.out" >"$out/annotated" 2>/dev/null
  inclusive() { grep -m1 ":calls::$1 " "$out/annotated" | awk '{ gsub(",", "", $1); print $1 }'; }
  crate=$(inclusive crate_side)
  floor=$(inclusive floor_side)
  echo "| $pair | $(per "$crate" "$calls") | $(per "$floor" "$calls") | $(ratio "$crate" "$floor") |"
done

[ $# -gt 0 ] && exit 0
echo
echo "import, threads = 1, the server in a child process; client instructions per row"
echo "(runs of $rows and $((2 * rows)) rows, the difference)"
echo
echo "| import | medusa_blocking Ir/row | raw ureq+serde Ir/row | ratio |"
echo "|---|---:|---:|---:|"
total() {
  valgrind --tool=callgrind --callgrind-out-file="$out/imp.out" \
    "$exe" import-instructions "$1" "$2" "$3" --rows $((2 * rows)) >/dev/null 2>"$out/log" ||
    { cat "$out/log" >&2; exit 1; }
  sed -n 's/^summary: //p' "$out/imp.out"
}
for api in v2 v1; do
  declare -A row=()
  for side in crate floor; do
    one=$(total "$api" "$side" "$rows")
    two=$(total "$api" "$side" $((2 * rows)))
    row[$side]=$((two - one))
  done
  echo "| $api import (look-up + create) | $(per "${row[crate]}" "$rows") | $(per "${row[floor]}" "$rows") | $(ratio "${row[crate]}" "${row[floor]}") |"
done
