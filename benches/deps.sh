#!/usr/bin/env bash
# The dependency tree and clean release build times of medusa-blocking, next to an empty program
# that uses the same five crates with their leanest features, and what pinning `idna_adapter`
# saves an application.
#
#   bash benches/deps.sh            # counts, then 8 clean release builds (several minutes)
#   COUNTS_ONLY=1 bash benches/deps.sh
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
echo "medusa-blocking, --no-default-features (plain HTTP): $(count --no-default-features)"
echo "medusa-blocking, --features gzip: $(count --features gzip)"

scratch=${SCRATCH:-$(mktemp -d /tmp/medusa-deps.XXXXXX)}
mkdir -p "$scratch"

# The empty programs: the five crates, leanest features; `tls` is ureq's rustls or nothing.
empty() {
  local name=$1 ureq_features=$2 dir="$scratch/$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
ureq = { version = "3.5.2", default-features = false, features = [$ureq_features] }
cookie_store = { version = "0.22", default-features = false }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
thiserror = "2"

[workspace]
EOF
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
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
}
empty empty-rustls '"rustls"'
empty empty-plain ''

# An application of the crate, for the idna_adapter pins.
app() {
  local name=$1 pin=$2 dir="$scratch/$1"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
medusa-blocking = { path = "$root" }
$pin

[workspace]
EOF
  cat >"$dir/src/main.rs" <<'EOF'
fn main() {
    let medusa = medusa_blocking::Medusa::new("http://localhost:9000").unwrap();
    println!("{medusa:?}");
}
EOF
  cp "$root/Cargo.lock" "$dir/Cargo.lock"
}
app app-icu4x ''
app app-unicode-rs 'idna_adapter = "=1.1.0"'
app app-no-idna 'idna_adapter = "=1.0.0"'

(cd "$scratch/app-unicode-rs" && cargo update -q -p idna_adapter --precise 1.1.0)
(cd "$scratch/app-no-idna" && cargo update -q -p idna_adapter --precise 1.0.0)
echo "(app-icu4x: idna_adapter as resolved, ICU4X; app-unicode-rs: pinned to 1.1.0, unicode-rs; app-no-idna: pinned to 1.0.0, ASCII only)"

for d in empty-rustls empty-plain app-icu4x app-unicode-rs app-no-idna; do
  echo "$d: $(cd "$scratch/$d" && count) crates"
done

if [ -n "${COUNTS_ONLY:-}" ]; then
  exit 0
fi

# Seconds of a clean release build in a fresh target dir.
build() {
  local dir=$1 target=$2
  shift 2
  rm -rf "$target"
  local t0 t1
  t0=$(date +%s%N)
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build --release --quiet "$@")
  t1=$(date +%s%N)
  awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.1f", ns / 1e9 }'
}

echo "== clean release builds, one after the other ($(nproc) cores)"
e=$(build "$scratch/empty-rustls" "$scratch/target-empty-rustls")
c=$(build "$root" "$scratch/target-crate-rustls" --lib)
a=$(build "$scratch/app-icu4x" "$scratch/target-app-icu4x")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "default features: empty program ${e} s; medusa-blocking lib ${c} s ($(ratio "$c" "$e")x); a program using medusa-blocking ${a} s ($(ratio "$a" "$e")x)"
e=$(build "$scratch/empty-plain" "$scratch/target-empty-plain")
c=$(build "$root" "$scratch/target-crate-plain" --lib --no-default-features)
echo "plain HTTP: empty program ${e} s; medusa-blocking lib ${c} s ($(ratio "$c" "$e")x)"
c=$(build "$root" "$scratch/target-crate-gzip" --lib --features gzip)
echo "default features + gzip: medusa-blocking lib ${c} s"
for d in app-unicode-rs app-no-idna; do
  echo "$d: $(build "$scratch/$d" "$scratch/target-$d") s"
done
echo "(scratch dir: $scratch)"
