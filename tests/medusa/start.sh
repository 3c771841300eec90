#!/usr/bin/env bash
# Start a REAL Medusa v1 backend (@medusajs/medusa 1.20.11) for the medusa-blocking live tests,
# backed by a throwaway PostgreSQL cluster. Both listen on 127.0.0.1 only. TEST-ONLY.
#
#   tests/medusa/start.sh     installs what is missing, starts both, seeds an empty DB, waits for
#                             /health; the last line on stdout is MEDUSA_BACKEND_URL=http://127.0.0.1:<port>
#   tests/medusa/stop.sh      stops both (--wipe-db also deletes the database cluster)
#
# Idempotent: a second start while running is a fast no-op; a restart with the DB kept skips
# npm ci, migrations and seed. Progress goes to stderr, logs to files in the work folders.
# Env (all optional):
#   MEDUSA_LIVE_DIR    work root                         (/tmp/medusa-blocking-live)
#   MEDUSA_SERVER_DIR  Medusa project + node_modules     ($MEDUSA_LIVE_DIR/server)
#   MEDUSA_PG_DIR      PostgreSQL cluster + its log      ($MEDUSA_LIVE_DIR/pg)
#   MEDUSA_PORT        Medusa HTTP port                  (9000)
#   MEDUSA_PG_PORT     PostgreSQL TCP port               (25432)
#   MEDUSA_PG_USER     OS user that runs postgres when this runs as root (medusa-pg; created if absent)
#   MEDUSA_PG_BIN      folder with initdb/pg_ctl/postgres/psql (found in PATH or /usr/lib/postgresql/*/bin)
#   MEDUSA_START_TIMEOUT  seconds to wait for /health     (120)
set -euo pipefail
umask 022
HERE="$(cd "$(dirname "$0")" && pwd)"
TEMPLATE="$HERE/server"
LIVE_DIR="${MEDUSA_LIVE_DIR:-/tmp/medusa-blocking-live}"
SERVER_DIR="${MEDUSA_SERVER_DIR:-$LIVE_DIR/server}"
PG_DIR="${MEDUSA_PG_DIR:-$LIVE_DIR/pg}"
PORT="${MEDUSA_PORT:-9000}"
PG_PORT="${MEDUSA_PG_PORT:-25432}"
PG_USER="${MEDUSA_PG_USER:-medusa-pg}"
START_TIMEOUT="${MEDUSA_START_TIMEOUT:-120}"
BASE="http://127.0.0.1:$PORT"
PIDFILE="$SERVER_DIR/medusa.pid"
PORTFILE="$SERVER_DIR/medusa.port"
MEDUSA_LOG="$SERVER_DIR/medusa.log"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"

T_START=$(date +%s%N)
elapsed() { local n; n=$(( ($(date +%s%N) - T_START) / 1000000 )); printf '%d.%03d s' $((n / 1000)) $((n % 1000)); }
log() { echo "[medusa start $(date +%T)] $*" >&2; }
die() { echo "[medusa start] ERROR: $*" >&2; exit 1; }
# die after printing the tail of a log file (default: last 40 lines, SQL query lines dropped)
die_log() {
  local file="$1"; shift
  if [ -f "$file" ]; then
    echo "----- last lines of $file -----" >&2
    grep -v '^query' "$file" | tail -n "${TAIL_LINES:-40}" >&2 || true
    echo "-----" >&2
  fi
  die "$*"
}
# HTTP status of a GET (000 when nothing answers). curl if present, else node (always there).
http_code() {
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true
  else
    node -e 'const r=require("http").get(process.argv[1],{timeout:3000},(s)=>{console.log(s.statusCode);s.resume();});
             r.on("timeout",()=>r.destroy());r.on("error",()=>console.log("000"));' "$1" 2>/dev/null || echo 000
  fi
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pid_alive() { [ -n "${1:-}" ] && [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
medusa_pid() { local p; p="$(cat "$PIDFILE" 2>/dev/null || true)"; pid_alive "$p" && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q 'server\.js' && echo "$p"; }
pg_pid() { local p; p="$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"; pid_alive "$p" && grep -q postgres "/proc/$p/comm" 2>/dev/null && echo "$p"; }

case "$PORT$PG_PORT" in *[!0-9]*) die "MEDUSA_PORT and MEDUSA_PG_PORT must be numbers";; esac
[ "$PORT" != "$PG_PORT" ] || die "MEDUSA_PORT and MEDUSA_PG_PORT must differ"

# NODE_ENV=production makes the session cookie Secure: over plain http no Set-Cookie at all.
unset NODE_ENV
export MEDUSA_DISABLE_TELEMETRY=true
export MEDUSA_TELEMETRY_HOST=http://127.0.0.1:9   # never phone home, even if the flag is ignored
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/medusa"
export MEDUSA_PORT="$PORT"

# ------------------------------------------------------------------ 0. already running? (fast path)
fast_check() {
  local mp; mp="$(medusa_pid || true)"
  if [ "$(http_code "$BASE/health")" = 200 ]; then
    if [ -n "$mp" ] && [ "$(cat "$PORTFILE" 2>/dev/null || true)" = "$PORT" ] && [ -n "$(pg_pid || true)" ]; then
      log "already running (medusa pid $mp, postgres pid $(pg_pid)) - nothing to do ($(elapsed))"
      echo "MEDUSA_BACKEND_URL=$BASE"
      exit 0
    fi
    [ -n "$mp" ] || die "something else answers $BASE/health (not the medusa of $SERVER_DIR); stop it or set MEDUSA_PORT"
  fi
}
fast_check

# Serialize concurrent starts. fd 9 must not leak into the daemons (9>&- below), or they would hold the lock.
mkdir -p "$LIVE_DIR"
exec 9>"$LIVE_DIR/.start.lock"
flock -w 900 9 || die "another start.sh holds $LIVE_DIR/.start.lock"
fast_check   # a concurrent start may have finished meanwhile

# ------------------------------------------------------------------ 1. tools
command -v node >/dev/null || die "node not found (need Node 16-20; tested with v20)"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 16 ] || die "Node >= 16 needed, have $(node -v)"
command -v npm >/dev/null || die "npm not found"
IS_ROOT=0; [ "$(id -u)" = 0 ] && IS_ROOT=1

find_pgbin() {
  PGBIN=""
  local d
  if [ -n "${MEDUSA_PG_BIN:-}" ]; then PGBIN="$MEDUSA_PG_BIN"; return 0; fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    d="$(dirname "$(readlink -f "$(command -v initdb)")")"
    [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { PGBIN="$d"; return 0; }
  fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { PGBIN="$d"; return 0; }
  done
  return 1
}
if ! find_pgbin; then
  [ "$IS_ROOT" = 1 ] || die "PostgreSQL server binaries (initdb, pg_ctl) not found and not root: install Debian's 'postgresql' or set MEDUSA_PG_BIN"
  log "PostgreSQL server binaries missing: apt-get update + install postgresql (log: $LIVE_DIR/apt.log)"
  # Debian's package would create and start a 'main' cluster on 5432 (also on ::1): we only want the binaries.
  mkdir -p /etc/postgresql-common/createcluster.d
  [ -e /etc/postgresql-common/createcluster.d/no-main-cluster.conf ] ||
    echo "create_main_cluster = false   # medusa-blocking tests/medusa/start.sh: binaries only" \
      >/etc/postgresql-common/createcluster.d/no-main-cluster.conf
  { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql; } \
    </dev/null >"$LIVE_DIR/apt.log" 2>&1 9>&- || die_log "$LIVE_DIR/apt.log" "apt-get install postgresql failed"
  find_pgbin || die "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql/*/bin"
fi
for t in initdb pg_ctl postgres psql; do [ -x "$PGBIN/$t" ] || die "$PGBIN/$t missing (set MEDUSA_PG_BIN)"; done
PSQL=("$PGBIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -v ON_ERROR_STOP=1)

# ------------------------------------------------------------------ 2. postgres (throwaway, loopback, trust)
if [ "$IS_ROOT" = 1 ]; then
  # postgres refuses to run as root
  if ! id "$PG_USER" >/dev/null 2>&1; then
    log "creating system user $PG_USER (postgres refuses to run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$PG_USER"
  fi
  AS_PG=(runuser -u "$PG_USER" --)
else
  AS_PG=()
fi
mkdir -p "$PG_DIR"
if [ "$IS_ROOT" = 1 ]; then
  chown "$PG_USER" "$PG_DIR"
  chmod 755 "$LIVE_DIR" 2>/dev/null || true
fi
chmod 700 "$PG_DIR"
(cd / && "${AS_PG[@]}" test -w "$PG_DIR" -a -x "$PG_DIR") ||
  die "$PG_DIR is not writable by the postgres OS user (a parent folder not searchable?)"

if [ ! -f "$PG_DATA/PG_VERSION" ]; then
  log "initdb $PG_DATA ($PGBIN)"
  rm -rf "$PG_DATA"
  (cd / && "${AS_PG[@]}" "$PGBIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 -N) \
    >"$PG_DIR/initdb.log" 2>&1 </dev/null 9>&- || die_log "$PG_DIR/initdb.log" "initdb failed"
  # Loopback TCP only, no unix socket (no path-length or permission issues); throwaway => no fsync.
  cat >>"$PG_DATA/postgresql.conf" <<'EOF'

# ---- medusa-blocking tests/medusa/start.sh: throwaway test cluster ----
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
full_page_writes = off
synchronous_commit = off
max_connections = 50
EOF
fi
PGP="$(pg_pid || true)"
if [ -n "$PGP" ]; then
  RUN_PORT="$(sed -n 4p "$PG_DATA/postmaster.pid" 2>/dev/null || true)"
  [ "$RUN_PORT" = "$PG_PORT" ] || die "postgres of $PG_DIR already runs on port $RUN_PORT, not $PG_PORT: run stop.sh first"
  log "postgres already running (pid $PGP, 127.0.0.1:$PG_PORT)"
else
  port_busy "$PG_PORT" && die "port $PG_PORT is already in use by something else: set MEDUSA_PG_PORT"
  log "starting postgres on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  (cd / && "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 -o "-p $PG_PORT" start) \
    >"$PG_DIR/pg_ctl.log" 2>&1 </dev/null 9>&- || { cat "$PG_DIR/pg_ctl.log" >&2; die_log "$PG_LOG" "postgres failed to start"; }
fi
for _ in $(seq 1 40); do "${PSQL[@]}" -d postgres -tAc 'select 1' >/dev/null 2>&1 && break; sleep 0.25; done
if [ "$("${PSQL[@]}" -d postgres -tAc "select 1 from pg_database where datname='medusa'" 2>"$PG_DIR/psql.err")" != 1 ]; then
  log "creating database medusa"
  "${PSQL[@]}" -d postgres -c "create database medusa" 2>>"$PG_DIR/psql.err" || die_log "$PG_DIR/psql.err" "create database failed"
fi

# ------------------------------------------------------------------ 3. Medusa project + npm ci (pinned lock file)
mkdir -p "$SERVER_DIR"
(cd "$TEMPLATE" && find . -type f -print0 | while IFS= read -r -d '' f; do
   mkdir -p "$SERVER_DIR/$(dirname "$f")"
   cmp -s "$f" "$SERVER_DIR/$f" || cp "$f" "$SERVER_DIR/$f"
 done)
LOCK_SUM="$(cat "$SERVER_DIR/package.json" "$SERVER_DIR/package-lock.json" | sha256sum | cut -c1-16)"
STAMP="$SERVER_DIR/node_modules/.medusa-blocking-lock-$LOCK_SUM"
if [ ! -f "$STAMP" ]; then
  log "npm ci in $SERVER_DIR (from the pinned lock file; ~20-40 s; log: $SERVER_DIR/npm-install.log)"
  T0=$(date +%s)
  # --prefer-offline: use a warm npm cache when there is one; --ignore-scripts: the only install
  # scripts are optional (core-js banner, medusa-telemetry, msgpackr-extract native addon).
  (cd "$SERVER_DIR" && npm ci --no-audit --no-fund --no-progress --prefer-offline --ignore-scripts --loglevel=warn) \
    >"$SERVER_DIR/npm-install.log" 2>&1 </dev/null 9>&- || die_log "$SERVER_DIR/npm-install.log" "npm ci failed"
  touch "$STAMP"
  log "npm ci took $(( $(date +%s) - T0 )) s"
fi
MEDUSA_BIN="$SERVER_DIR/node_modules/.bin/medusa"
[ -x "$MEDUSA_BIN" ] || die "$MEDUSA_BIN missing after npm ci"

# ------------------------------------------------------------------ 4. migrations (once per cluster + lock) and seed (if empty)
MIGR_STAMP="$PG_DIR/.migrated-$LOCK_SUM"
if [ ! -f "$MIGR_STAMP" ]; then
  log "medusa migrations run (log: $SERVER_DIR/migrations.log)"
  (cd "$SERVER_DIR" && "$MEDUSA_BIN" migrations run) >"$SERVER_DIR/migrations.log" 2>&1 </dev/null 9>&- ||
    die_log "$SERVER_DIR/migrations.log" "medusa migrations failed"
  touch "$MIGR_STAMP"
fi
REGIONS="$("${PSQL[@]}" -d medusa -tAc "select count(*) from region where deleted_at is null" 2>"$PG_DIR/psql.err")" ||
  die_log "$PG_DIR/psql.err" "cannot query the region table"
if [ "$REGIONS" = 0 ]; then
  log "medusa seed -f seed.json (region US/usd us+ca, manual payment+fulfillment, product acceptance-tshirt; log: $SERVER_DIR/seed.log)"
  (cd "$SERVER_DIR" && "$MEDUSA_BIN" seed -f ./seed.json) >"$SERVER_DIR/seed.log" 2>&1 </dev/null 9>&- ||
    die_log "$SERVER_DIR/seed.log" "medusa seed failed (run stop.sh --wipe-db, then start.sh again)"
fi

# ------------------------------------------------------------------ 5. start medusa (node server.js, 127.0.0.1 only)
MP="$(medusa_pid || true)"
if [ -n "$MP" ]; then
  RUN_PORT="$(cat "$PORTFILE" 2>/dev/null || true)"
  [ "$RUN_PORT" = "$PORT" ] || die "medusa of $SERVER_DIR already runs (pid $MP) on port ${RUN_PORT:-?}, not $PORT: run stop.sh first"
  log "medusa process $MP exists; waiting for /health"
else
  port_busy "$PORT" && die "port $PORT is already in use by something else: set MEDUSA_PORT"
  log "starting medusa on 127.0.0.1:$PORT (log: $MEDUSA_LOG)"
  rm -f "$PIDFILE"
  echo "$PORT" >"$PORTFILE"
  echo "===== $(date -u +%FT%TZ) start.sh: node server.js on 127.0.0.1:$PORT =====" >>"$MEDUSA_LOG"
  # setsid -f: own session, survives the calling shell; node writes its own PID to $PIDFILE.
  (cd "$SERVER_DIR" && MEDUSA_PID_FILE="$PIDFILE" setsid -f node server.js >>"$MEDUSA_LOG" 2>&1 </dev/null 9>&-)
  for _ in $(seq 1 80); do [ -s "$PIDFILE" ] && break; sleep 0.25; done
  [ -s "$PIDFILE" ] || die_log "$MEDUSA_LOG" "medusa did not write $PIDFILE"
  MP="$(cat "$PIDFILE")"
fi
DEADLINE=$(( $(date +%s) + START_TIMEOUT ))
until [ "$(http_code "$BASE/health")" = 200 ]; do
  pid_alive "$MP" || die_log "$MEDUSA_LOG" "medusa exited during startup"
  [ "$(date +%s)" -lt "$DEADLINE" ] || die_log "$MEDUSA_LOG" "medusa not healthy after $START_TIMEOUT s"
  sleep 0.25
done
log "medusa healthy (pid $MP, postgres pid $(pg_pid || echo '?')); start.sh took $(elapsed)"
echo "MEDUSA_BACKEND_URL=$BASE"
