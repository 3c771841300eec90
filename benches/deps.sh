#!/usr/bin/env bash
# The dependency tree and clean release build times of medusa-blocking, next to an empty program
# that uses the same five crates with their leanest features, and what pinning `idna_adapter`
# saves an application.
#
#   bash benches/deps.sh            # counts, then 8 clean release builds (several minutes)
#   COUNTS_ONLY=1 bash benches/deps.sh
#   WINGS_ONLY=1 bash benches/deps.sh   # counts, then the empty program and the crate with each wing
#
# Crates are counted as `cargo tree -e normal --prefix none | sed 's/ (\*)//' | sort -u | wc -l`
# (the root package included). Every build is a clean `cargo build --release` in a fresh target
# dir under $SCRATCH (default: a new /tmp/medusa-deps.* dir), with this crate's Cargo.lock, so
# every program builds the same versions; the builds run one after the other, so compare them
# within one run only. Pin it (`taskset -c 0 bash benches/deps.sh`) when something else is busy.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

count() { cargo tree -e normal --prefix none "$@" 2>/dev/null | sed 's/ (\*)//' | sort -u | wc -l; }

echo "== crates (cargo tree -e normal, deduplicated, root included)"
echo "medusa-blocking, default features (rustls): $(count)"
echo "medusa-blocking, --no-default-features --features v1,v2 (plain HTTP): $(count --no-default-features --features v1,v2)"
echo "medusa-blocking, --no-default-features --features rustls,v1 (v1 wing only): $(count --no-default-features --features rustls,v1)"
echo "medusa-blocking, --no-default-features --features rustls,v2 (v2 wing only): $(count --no-default-features --features rustls,v2)"
echo "medusa-blocking, --features gzip: $(count --features gzip)"

scratch=${SCRATCH:-$(mktemp -d /tmp/medusa-deps.XXXXXX)}
mkdir -p "$scratch"

# A program NAME with the given [dependencies] lines, this crate's Cargo.lock (so every program
# builds the same versions) and its own workspace; the caller writes src/main.rs.
program() {
  local name=$1 deps=$2 dir="$scratch/$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$deps

[workspace]
EOF
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
}

# The empty programs: the five crates, leanest features; `tls` is ureq's rustls or nothing.
empty() {
  local name=$1 ureq_features=$2 dir="$scratch/$1"
  program "$name" "ureq = { version = \"3.5.2\", default-features = false, features = [$ureq_features] }
cookie_store = { version = \"0.22\", default-features = false }
serde = { version = \"1\", features = [\"derive\"] }
serde_json = \"1\"
thiserror = \"2\""
  cat >"$dir/src/main.rs" <<'EOF'
#[derive(serde::Serialize, serde::Deserialize)]
struct S {
    a: u8,
}

#[derive(Debug, thiserror::Error)]
#[error("e")]
struct E;

fn main() {
    let _agent = ureq::Agent::new_with_defaults();
    let _store = cookie_store::CookieStore::default();
    println!("{} {}", serde_json::to_string(&S { a: 1 }).unwrap(), E);
}
EOF
}
empty empty-rustls '"rustls"'
empty empty-plain ''

# The floor of a typed client: the empty program plus this crate's v1 models (src/v1/models,
# copied, with the core's wire_enum! macro they use) decoded from JSON, as a hand-written ureq + serde client would.
empty empty-models '"rustls"'
cp -r "$root/src/v1/models" "$scratch/empty-models/src/"
cp "$root/src/core/wire_enum.rs" "$scratch/empty-models/src/"
cat >"$scratch/empty-models/src/main.rs" <<'EOF'
#[macro_use]
mod wire_enum;
#[allow(dead_code, unused_imports)]
mod models;

#[derive(serde::Serialize, serde::Deserialize)]
struct S {
    a: u8,
}

#[derive(Debug, thiserror::Error)]
#[error("e")]
struct E;

#[derive(serde::Deserialize)]
struct Page {
    orders: Vec<models::Order>,
}

#[derive(serde::Deserialize)]
struct Me {
    customer: models::Customer,
}

#[derive(serde::Deserialize)]
struct Methods {
    payment_methods: Vec<models::PaymentMethod>,
}

fn decode(kind: &str, body: &str) -> serde_json::Result<usize> {
    Ok(match kind {
        "page" => serde_json::from_str::<Page>(body)?.orders.len(),
        "me" => serde_json::from_str::<Me>(body)?.customer.id.len(),
        _ => serde_json::from_str::<Methods>(body)?.payment_methods.len(),
    })
}

fn main() {
    let _agent = ureq::Agent::new_with_defaults();
    let _store = cookie_store::CookieStore::default();
    println!("{} {}", serde_json::to_string(&S { a: 1 }).unwrap(), E);
    let args: Vec<String> = std::env::args().collect();
    if args.len() == 3 {
        println!("{:?}", decode(&args[1], &args[2]).is_ok());
    }
}
EOF

# An application of the crate, for the idna_adapter pins.
app() {
  local name=$1 pin=$2 dir="$scratch/$1"
  program "$name" "medusa-blocking = { path = \"$root\" }
$pin"
  cat >"$dir/src/main.rs" <<'EOF'
fn main() {
    let medusa = medusa_blocking::Medusa::new("http://localhost:9000").unwrap();
    println!("{medusa:?}");
}
EOF
}
app app-icu4x ''
app app-unicode-rs 'idna_adapter = "=1.1.0"'
app app-no-idna 'idna_adapter = "=1.0.0"'

(cd "$scratch/app-unicode-rs" && cargo update -q -p idna_adapter --precise 1.1.0)
(cd "$scratch/app-no-idna" && cargo update -q -p idna_adapter --precise 1.0.0)
echo "(app-icu4x: idna_adapter as resolved, ICU4X; app-unicode-rs: pinned to 1.1.0, unicode-rs; app-no-idna: pinned to 1.0.0, ASCII only)"

for d in empty-rustls empty-plain empty-models app-icu4x app-unicode-rs app-no-idna; do
  echo "$d: $(cd "$scratch/$d" && count) crates"
done

if [ -n "${COUNTS_ONLY:-}" ]; then
  exit 0
fi

# A clean release build in a fresh target dir: prints "WALL CPU" in seconds (CPU: user + system
# of cargo and everything it ran, from bash's `times`; steadier than the wall time on a shared VM).
build() {
  local dir=$1 target=$2
  shift 2
  rm -rf "$target"
  (
    cd "$dir"
    t0=$(date +%s%N)
    CARGO_TARGET_DIR="$target" cargo build --release --quiet "$@"
    t1=$(date +%s%N)
    # The second line of `times`: the children's user and system time, as 0m12.345s. (Into a
    # file: in a pipeline, `times` would run in a new subshell that has no children.)
    times >"$target.times"
    awk -v ns=$((t1 - t0)) 'NR == 2 {
      split($1, u, /[ms]/); split($2, s, /[ms]/)
      printf "%.1f %.1f", ns / 1e9, u[1] * 60 + u[2] + s[1] * 60 + s[2]
    }' "$target.times"
  )
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# "label WALL CPU [REF_WALL REF_CPU]": one line, with ratios to the reference when given.
report() {
  local label=$1 w=$2 c=$3
  if [ $# -ge 5 ]; then
    echo "$label: ${w} s wall ($(ratio "$w" "$4")x), ${c} s CPU ($(ratio "$c" "$5")x)"
  else
    echo "$label: ${w} s wall, ${c} s CPU"
  fi
}

echo "== clean release builds, one after the other ($(nproc) cores); ratios to the empty program"
read -r ew ec <<<"$(build "$scratch/empty-rustls" "$scratch/target-empty-rustls")"
read -r cw cc <<<"$(build "$root" "$scratch/target-crate-rustls" --lib)"
read -r v1w v1c <<<"$(build "$root" "$scratch/target-crate-v1" --lib --no-default-features --features rustls,v1)"
read -r v2w v2c <<<"$(build "$root" "$scratch/target-crate-v2" --lib --no-default-features --features rustls,v2)"
report "empty program (ureq with rustls, cookie_store, serde, serde_json, thiserror)" "$ew" "$ec"
report "medusa-blocking lib, default features (both wings)" "$cw" "$cc" "$ew" "$ec"
report "medusa-blocking lib, v1 wing only (--no-default-features --features rustls,v1)" "$v1w" "$v1c" "$ew" "$ec"
report "medusa-blocking lib, v2 wing only (--no-default-features --features rustls,v2)" "$v2w" "$v2c" "$ew" "$ec"
if [ -n "${WINGS_ONLY:-}" ]; then
  echo "(WINGS_ONLY: the other builds skipped; scratch dir: $scratch)"
  exit 0
fi
read -r aw ac <<<"$(build "$scratch/app-icu4x" "$scratch/target-app-icu4x")"
read -r mw mc <<<"$(build "$scratch/empty-models" "$scratch/target-empty-models")"
report "a program using medusa-blocking" "$aw" "$ac" "$ew" "$ec"
report "typed floor: the empty program decoding this crate's models" "$mw" "$mc" "$ew" "$ec"
echo "medusa-blocking lib / typed floor: $(ratio "$cw" "$mw")x wall, $(ratio "$cc" "$mc")x CPU"
read -r ew ec <<<"$(build "$scratch/empty-plain" "$scratch/target-empty-plain")"
read -r cw cc <<<"$(build "$root" "$scratch/target-crate-plain" --lib --no-default-features --features v1,v2)"
report "empty program, plain HTTP" "$ew" "$ec"
report "medusa-blocking lib, --no-default-features --features v1,v2" "$cw" "$cc" "$ew" "$ec"
read -r gw gc <<<"$(build "$root" "$scratch/target-crate-gzip" --lib --features gzip)"
report "medusa-blocking lib, --features gzip" "$gw" "$gc"
for d in app-unicode-rs app-no-idna; do
  read -r w c <<<"$(build "$scratch/$d" "$scratch/target-$d")"
  report "$d" "$w" "$c" "$aw" "$ac"
done
echo "(scratch dir: $scratch)"
