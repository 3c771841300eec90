#!/usr/bin/env bash
# Start a REAL Medusa backend for the medusa-blocking live tests, backed by a throwaway PostgreSQL
# cluster. Both listen on 127.0.0.1 only. TEST-ONLY. The two versions run side by side (own ports,
# folders and postgres OS user):
#   v1  @medusajs/medusa 1.20.11, project template tests/medusa/server     (tests/medusa/README.md)
#   v2  @medusajs/medusa 2.21.2,  project template tests/medusa-v2/server  (tests/medusa-v2/README.md)
#
#   tests/backend/start.sh v1   installs what is missing, starts both, seeds an empty DB, waits for
#                               /health, makes the admin user of the live admin tests ready
#                               (tests/backend/v1-admin.js: its password and API token);
#                               stdout is exactly one line:
#                                 MEDUSA_BACKEND_URL=http://127.0.0.1:9000
#   tests/backend/start.sh v2   the same; stdout is exactly three lines:
#                                 MEDUSA_V2_BACKEND_URL=http://127.0.0.1:9100
#                                 MEDUSA_V2_PUBLISHABLE_KEY=pk_...
#                                 MEDUSA_V2_SECRET_API_KEY=sk_...  (and an admin user: v2-admin.js)
#   tests/backend/stop.sh v1|v2 [--wipe-db]   stops both (--wipe-db also deletes the database cluster)
#
# Idempotent: a second start while running is a fast no-op; a restart with the DB kept skips
# npm ci, migrations and seed. Progress goes to stderr, logs to files in the work folders.
# Env (all optional); <P> is MEDUSA_ for v1, MEDUSA_V2_ for v2:        default v1 | v2
#   <P>LIVE_DIR    work root                         /tmp/medusa-blocking-live | /tmp/medusa-blocking-live-v2
#   <P>SERVER_DIR  Medusa project + node_modules     $<P>LIVE_DIR/server
#   <P>PG_DIR      PostgreSQL cluster + its log      $<P>LIVE_DIR/pg
#   <P>PORT        Medusa HTTP port                  9000 | 9100
#   <P>PG_PORT     PostgreSQL TCP port               25432 | 25433
#   <P>PG_USER     OS user that runs postgres when this runs as root (created if absent): medusa-pg | medusa-pg2
#   <P>PG_BIN      folder with initdb/pg_ctl/postgres/psql (found in PATH or /usr/lib/postgresql/*/bin)
#   <P>START_TIMEOUT  seconds to wait for /health     120
set -euo pipefail
umask 022
usage() { echo "usage: $0 v1|v2   (-h: help)" >&2; exit 2; }
V=""
for a in "$@"; do
  case "$a" in
    v1 | v2) [ -z "$V" ] || usage; V="$a" ;;
    -h | --help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) usage ;;
  esac
done
[ -n "$V" ] || usage

HERE="$(cd "$(dirname "$0")" && pwd)"
# What differs by version: variable prefix, log name, template folder, defaults.
case "$V" in
  v1) P=MEDUSA_    NAME=medusa    TEMPLATE="$(dirname "$HERE")/medusa/server"
      DEF_LIVE=/tmp/medusa-blocking-live    DEF_PORT=9000 DEF_PG_PORT=25432 DEF_PG_USER=medusa-pg ;;
  v2) P=MEDUSA_V2_ NAME=medusa-v2 TEMPLATE="$(dirname "$HERE")/medusa-v2/server"
      DEF_LIVE=/tmp/medusa-blocking-live-v2 DEF_PORT=9100 DEF_PG_PORT=25433 DEF_PG_USER=medusa-pg2 ;;
esac
# The value of $P$1 when set and not empty, else $2.
setting() { local n="$P$1"; printf '%s' "${!n:-$2}"; }
LIVE_DIR="$(setting LIVE_DIR "$DEF_LIVE")"
SERVER_DIR="$(setting SERVER_DIR "$LIVE_DIR/server")"
PG_DIR="$(setting PG_DIR "$LIVE_DIR/pg")"
PORT="$(setting PORT "$DEF_PORT")"
PG_PORT="$(setting PG_PORT "$DEF_PG_PORT")"
PG_USER="$(setting PG_USER "$DEF_PG_USER")"
PG_BIN_SET="$(setting PG_BIN "")"
START_TIMEOUT="$(setting START_TIMEOUT 120)"
BASE="http://127.0.0.1:$PORT"
PIDFILE="$SERVER_DIR/medusa.pid"
PORTFILE="$SERVER_DIR/medusa.port"
MEDUSA_LOG="$SERVER_DIR/medusa.log"
PG_DATA="$PG_DIR/data"
PG_LOG="$PG_DIR/postgres.log"
# v2: the key is created by the seed, i.e. it belongs to the cluster: kept next to it, so that wiping
# the cluster also drops the key file. Re-written from the database on every start that is not the fast path.
KEY_FILE="$PG_DIR/publishable-key.txt"
KEY_TITLE="Acceptance Storefront"

T_START=$(date +%s%N)
elapsed() { local n; n=$(( ($(date +%s%N) - T_START) / 1000000 )); printf '%d.%03d s' $((n / 1000)) $((n % 1000)); }
log() { echo "[$NAME start $(date +%T)] $*" >&2; }
die() { echo "[$NAME start] ERROR: $*" >&2; exit 1; }
# die after printing the tail of a log file (default: last 40 lines, v1's SQL query lines dropped)
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
# our medusa: the PID in the PID file, alive, and its command line is v1's `node server.js`, or
# v2's `node .../@medusajs/cli/cli.js start ...`
case "$V" in v1) MEDUSA_CMDLINE='server\.js' ;; v2) MEDUSA_CMDLINE='cli/cli\.js start' ;; esac
medusa_pid() { local p; p="$(cat "$PIDFILE" 2>/dev/null || true)"; pid_alive "$p" && tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q "$MEDUSA_CMDLINE" && echo "$p"; }
pg_pid() { local p; p="$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null || true)"; pid_alive "$p" && grep -q postgres "/proc/$p/comm" 2>/dev/null && echo "$p"; }
read_key() { local k; k="$(cat "$KEY_FILE" 2>/dev/null || true)"; case "$k" in pk_?*) echo "$k";; esac; }
# The stdout contract (see the top). $1: v2's publishable key.
print_result() {
  case "$V" in
    v1) (cd "$SERVER_DIR" && node "$HERE/v1-admin.js" "$BASE") </dev/null >&2 9>&- || die "admin setup failed"
        echo "MEDUSA_BACKEND_URL=$BASE" ;;
    v2) echo "MEDUSA_V2_BACKEND_URL=$BASE"
        echo "MEDUSA_V2_PUBLISHABLE_KEY=$1"
        flock -w 300 "$LIVE_DIR/.admin.lock" node "$HERE/v2-admin.js" "$BASE" "$SERVER_DIR" "$PG_DIR" 9>&- ||
          die "the admin user or secret API key could not be made (tests/backend/v2-admin.js)" ;;
  esac
}

case "$PORT$PG_PORT" in *[!0-9]*) die "${P}PORT and ${P}PG_PORT must be numbers";; esac
[ "$PORT" != "$PG_PORT" ] || die "${P}PORT and ${P}PG_PORT must differ"

case "$V" in
  # v1: NODE_ENV=production makes the session cookie Secure: over plain http no Set-Cookie at all.
  v1) unset NODE_ENV ;;
  # v2: `medusa start` defaults NODE_ENV to production, which makes the session cookie `Secure;
  # SameSite=Lax`: over plain http the client would never send it back. development => no Secure.
  v2) export NODE_ENV=development ;;
esac
export MEDUSA_DISABLE_TELEMETRY=true
export MEDUSA_TELEMETRY_HOST=http://127.0.0.1:9   # never phone home, even if the flag is ignored
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/medusa"
export "${P}PORT=$PORT"   # read by the project's medusa-config.js

# ------------------------------------------------------------------ 0. already running? (fast path)
fast_check() {
  local mp key=""; mp="$(medusa_pid || true)"
  if [ "$(http_code "$BASE/health")" = 200 ]; then
    [ "$V" = v1 ] || key="$(read_key || true)"
    if [ -n "$mp" ] && [ "$(cat "$PORTFILE" 2>/dev/null || true)" = "$PORT" ] && [ -n "$(pg_pid || true)" ] &&
      { [ "$V" = v1 ] || [ -n "$key" ]; }; then
      log "already running (medusa pid $mp, postgres pid $(pg_pid)) - nothing to do ($(elapsed))"
      print_result "$key"
      exit 0
    fi
    [ -n "$mp" ] || die "something else answers $BASE/health (not the medusa of $SERVER_DIR); stop it or set ${P}PORT"
  fi
}
fast_check

# Serialize concurrent starts. fd 9 must not leak into the daemons (9>&- below), or they would hold the lock.
mkdir -p "$LIVE_DIR"
exec 9>"$LIVE_DIR/.start.lock"
flock -w 900 9 || die "another start.sh holds $LIVE_DIR/.start.lock"
fast_check   # a concurrent start may have finished meanwhile

# ------------------------------------------------------------------ 1. tools
case "$V" in
  v1)
    command -v node >/dev/null || die "node not found (need Node 16-20; tested with v20)"
    NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
    [ "$NODE_MAJOR" -ge 16 ] || die "Node >= 16 needed, have $(node -v)"
    ;;
  v2)
    command -v node >/dev/null || die "node not found (Medusa 2.21 needs Node ^20.19.0 || >=22.12.0)"
    node -e 'const [a,b]=process.versions.node.split(".").map(Number);
             process.exit((a===20&&b>=19)||(a===22&&b>=12)||a>22 ? 0 : 1)' ||
      die "Medusa 2.21 needs Node ^20.19.0 || >=22.12.0 (engines of @medusajs/*), have $(node -v)"
    ;;
esac
command -v npm >/dev/null || die "npm not found"
IS_ROOT=0; [ "$(id -u)" = 0 ] && IS_ROOT=1

find_pgbin() {
  PGBIN=""
  local d
  if [ -n "$PG_BIN_SET" ]; then PGBIN="$PG_BIN_SET"; return 0; fi
  if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    d="$(dirname "$(readlink -f "$(command -v initdb)")")"
    [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { PGBIN="$d"; return 0; }
  fi
  # shellcheck disable=SC2012  # /usr/lib/postgresql/<version>/bin: no odd names; sort -V wants ls
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && [ -x "$d/postgres" ] && { PGBIN="$d"; return 0; }
  done
  return 1
}
if ! find_pgbin; then
  [ "$IS_ROOT" = 1 ] || die "PostgreSQL server binaries (initdb, pg_ctl) not found and not root: install Debian's 'postgresql' or set ${P}PG_BIN"
  log "PostgreSQL server binaries missing: apt-get update + install postgresql (log: $LIVE_DIR/apt.log)"
  # Debian's package would create and start a 'main' cluster on 5432 (also on ::1): we only want the binaries.
  # One file for both versions (whichever starts first writes it).
  mkdir -p /etc/postgresql-common/createcluster.d
  [ -e /etc/postgresql-common/createcluster.d/no-main-cluster.conf ] ||
    echo "create_main_cluster = false   # medusa-blocking tests/backend/start.sh: binaries only" \
      >/etc/postgresql-common/createcluster.d/no-main-cluster.conf
  # DPkg::Lock::Timeout: wait (instead of failing) if another apt/dpkg, e.g. the other version's start, holds the lock.
  { apt-get -o DPkg::Lock::Timeout=600 update -q &&
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends postgresql; } \
    </dev/null >"$LIVE_DIR/apt.log" 2>&1 9>&- || die_log "$LIVE_DIR/apt.log" "apt-get install postgresql failed"
  find_pgbin || die "postgresql installed but initdb/pg_ctl not found under /usr/lib/postgresql/*/bin"
fi
for t in initdb pg_ctl postgres psql; do [ -x "$PGBIN/$t" ] || die "$PGBIN/$t missing (set ${P}PG_BIN)"; done
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
  cat >>"$PG_DATA/postgresql.conf" <<EOF

# ---- medusa-blocking tests/backend/start.sh $V: throwaway test cluster ----
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
  [ "$RUN_PORT" = "$PG_PORT" ] || die "postgres of $PG_DIR already runs on port $RUN_PORT, not $PG_PORT: run tests/backend/stop.sh $V first"
  log "postgres already running (pid $PGP, 127.0.0.1:$PG_PORT)"
else
  port_busy "$PG_PORT" && die "port $PG_PORT is already in use by something else: set ${P}PG_PORT"
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
  case "$V" in v1) NPM_SIZE="~20-40 s" ;; v2) NPM_SIZE="~1 min, ~680 MB" ;; esac
  log "npm ci in $SERVER_DIR (from the pinned lock file; $NPM_SIZE; log: $SERVER_DIR/npm-install.log)"
  T0=$(date +%s)
  # --prefer-offline: use a warm npm cache when there is one; --ignore-scripts: no install script is
  # needed (v1: core-js banner, medusa-telemetry, msgpackr-extract native addon; v2: @medusajs/telemetry,
  # esbuild binary check, msgpackr-extract native addon, protobufjs).
  (cd "$SERVER_DIR" && npm ci --no-audit --no-fund --no-progress --prefer-offline --ignore-scripts --loglevel=warn) \
    >"$SERVER_DIR/npm-install.log" 2>&1 </dev/null 9>&- || die_log "$SERVER_DIR/npm-install.log" "npm ci failed"
  touch "$STAMP"
  log "npm ci took $(( $(date +%s) - T0 )) s"
fi
case "$V" in
  v1) MEDUSA_BIN="$SERVER_DIR/node_modules/.bin/medusa"
      [ -x "$MEDUSA_BIN" ] || die "$MEDUSA_BIN missing after npm ci"
      MEDUSA=("$MEDUSA_BIN") ;;
  v2) MEDUSA_CLI="$SERVER_DIR/node_modules/@medusajs/cli/cli.js"
      [ -f "$MEDUSA_CLI" ] || die "$MEDUSA_CLI missing after npm ci"
      MEDUSA=(node "$MEDUSA_CLI") ;;
esac

# ------------------------------------------------------------------ 4. migrations (once per cluster + lock) and seed
# v2: each medusa command boots the whole module container (db:migrate ~10 s, exec ~5 s): skipped when not needed.
MIGR_STAMP="$PG_DIR/.migrated-$LOCK_SUM"
if [ ! -f "$MIGR_STAMP" ]; then
  case "$V" in v1) MIGRATE=(migrations run) NOTE="" ;; v2) MIGRATE=(db:migrate) NOTE="~10 s on an empty DB; " ;; esac
  log "medusa ${MIGRATE[*]} (${NOTE}log: $SERVER_DIR/migrations.log)"
  (cd "$SERVER_DIR" && "${MEDUSA[@]}" "${MIGRATE[@]}") >"$SERVER_DIR/migrations.log" 2>&1 </dev/null 9>&- ||
    die_log "$SERVER_DIR/migrations.log" "medusa ${MIGRATE[*]} failed"
  touch "$MIGR_STAMP"
fi
KEY=""
case "$V" in
  v1) # seed if no region exists
    REGIONS="$("${PSQL[@]}" -d medusa -tAc "select count(*) from region where deleted_at is null" 2>"$PG_DIR/psql.err")" ||
      die_log "$PG_DIR/psql.err" "cannot query the region table"
    if [ "$REGIONS" = 0 ]; then
      log "medusa seed -f seed.json (region US/usd us+ca, manual payment+fulfillment, product acceptance-tshirt; log: $SERVER_DIR/seed.log)"
      (cd "$SERVER_DIR" && "${MEDUSA[@]}" seed -f ./seed.json) >"$SERVER_DIR/seed.log" 2>&1 </dev/null 9>&- ||
        die_log "$SERVER_DIR/seed.log" "medusa seed failed (run tests/backend/stop.sh v1 --wipe-db, then start.sh v1 again)"
    fi
    ;;
  v2) # seed if the database has no publishable key
    query_key() {
      "${PSQL[@]}" -d medusa -tAc "select token from api_key where title='$KEY_TITLE' and type='publishable'
                                  and deleted_at is null and revoked_at is null order by created_at limit 1" 2>"$PG_DIR/psql.err"
    }
    KEY="$(query_key)" || die_log "$PG_DIR/psql.err" "cannot query the api_key table"
    if [ -z "$KEY" ]; then
      log "medusa exec seed-acceptance.js (region US/usd us+ca, pp_system_default, shipping option, 2 products, publishable key; log: $SERVER_DIR/seed.log)"
      (cd "$SERVER_DIR" && MEDUSA_PUBLISHABLE_KEY_FILE="$KEY_FILE" "${MEDUSA[@]}" exec ./src/scripts/seed-acceptance.js) \
        >"$SERVER_DIR/seed.log" 2>&1 </dev/null 9>&- ||
        die_log "$SERVER_DIR/seed.log" "seed failed (run tests/backend/stop.sh v2 --wipe-db, then start.sh v2 again)"
      KEY="$(query_key)" || die_log "$PG_DIR/psql.err" "cannot query the api_key table"
      [ -n "$KEY" ] || die_log "$SERVER_DIR/seed.log" "seed ran but created no publishable key '$KEY_TITLE'"
    fi
    case "$KEY" in pk_?*) ;; *) die "unexpected publishable key '$KEY' in the database";; esac
    echo "$KEY" >"$KEY_FILE"
    # The live shop tests' catalog (region EU with taxes, categories, a collection; see the script): once.
    EU="$("${PSQL[@]}" -d medusa -tAc "select count(*) from region where name='EU' and deleted_at is null" 2>"$PG_DIR/psql.err")" ||
      die_log "$PG_DIR/psql.err" "cannot query the region table"
    [ "$EU" != 0 ] || { log "medusa exec seed-catalog.js (log: $SERVER_DIR/seed-catalog.log)"
      (cd "$SERVER_DIR" && "${MEDUSA[@]}" exec ./src/scripts/seed-catalog.js) >"$SERVER_DIR/seed-catalog.log" 2>&1 </dev/null 9>&- ||
        die_log "$SERVER_DIR/seed-catalog.log" "seed-catalog.js failed"; }
    ;;
esac

# ------------------------------------------------------------------ 5. start medusa (127.0.0.1 only)
MP="$(medusa_pid || true)"
if [ -n "$MP" ]; then
  RUN_PORT="$(cat "$PORTFILE" 2>/dev/null || true)"
  [ "$RUN_PORT" = "$PORT" ] || die "medusa of $SERVER_DIR already runs (pid $MP) on port ${RUN_PORT:-?}, not $PORT: run tests/backend/stop.sh $V first"
  log "medusa process $MP exists; waiting for /health"
else
  port_busy "$PORT" && die "port $PORT is already in use by something else: set ${P}PORT"
  log "starting medusa on 127.0.0.1:$PORT (log: $MEDUSA_LOG)"
  rm -f "$PIDFILE"
  echo "$PORT" >"$PORTFILE"
  # setsid -f: own session, survives the calling shell.
  case "$V" in
    v1) # node server.js (loopback-only launcher; v1's `medusa start` would bind all interfaces)
        # writes its own PID to $PIDFILE.
      echo "===== $(date -u +%FT%TZ) start.sh: node server.js on 127.0.0.1:$PORT =====" >>"$MEDUSA_LOG"
      (cd "$SERVER_DIR" && MEDUSA_PID_FILE="$PIDFILE" setsid -f node server.js >>"$MEDUSA_LOG" 2>&1 </dev/null 9>&-)
      ;;
    v2) # The sh writes its own PID, then exec's node (same PID). -H 127.0.0.1: v2's `medusa start`
        # binds the given host (default: all interfaces).
      echo "===== $(date -u +%FT%TZ) start.sh: medusa start -H 127.0.0.1 -p $PORT =====" >>"$MEDUSA_LOG"
      # shellcheck disable=SC2016  # expanded by the inner sh
      (cd "$SERVER_DIR" && PIDFILE="$PIDFILE" PORT="$PORT" CLI="$MEDUSA_CLI" \
         setsid -f sh -c 'echo $$ >"$PIDFILE"; exec node "$CLI" start -H 127.0.0.1 -p "$PORT"' \
         >>"$MEDUSA_LOG" 2>&1 </dev/null 9>&-)
      ;;
  esac
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
print_result "$KEY"
