#!/usr/bin/env bash
# Stop the Medusa server and the throwaway PostgreSQL started by tests/backend/start.sh (by their PID files).
#   tests/backend/stop.sh v1|v2             stop both; keep the database cluster and node_modules
#   tests/backend/stop.sh v1|v2 --wipe-db   also delete the database cluster (v2: with its publishable
#                                           key); the next start.sh re-creates, migrates and re-seeds it
#                                           (v2: a NEW publishable key)
# Exits 0 when nothing was running. Same env vars as start.sh (v1: MEDUSA_LIVE_DIR, MEDUSA_SERVER_DIR,
# MEDUSA_PG_DIR; v2: MEDUSA_V2_LIVE_DIR, MEDUSA_V2_SERVER_DIR, MEDUSA_V2_PG_DIR). Only the processes
# named by the PID files are signalled; the other version's backend is not touched.
set -uo pipefail
usage() { echo "usage: $0 v1|v2 [--wipe-db]   (-h: help)" >&2; exit 2; }
V=""
WIPE=0
for a in "$@"; do
  case "$a" in
    v1 | v2) [ -z "$V" ] || usage; V="$a" ;;
    --wipe-db) WIPE=1 ;;
    -h | --help) sed -n '2,/^set /{/^#/s/^# \{0,1\}//p}' "$0"; exit 0 ;;
    *) usage ;;
  esac
done
[ -n "$V" ] || usage
case "$V" in
  # `node server.js` writes its own PID
  v1) P=MEDUSA_    NAME=medusa    DEF_LIVE=/tmp/medusa-blocking-live    MEDUSA_CMDLINE='server\.js' ;;
  # `node .../@medusajs/cli/cli.js start`, PID written by start.sh's launcher
  v2) P=MEDUSA_V2_ NAME=medusa-v2 DEF_LIVE=/tmp/medusa-blocking-live-v2 MEDUSA_CMDLINE='cli/cli\.js start' ;;
esac
# The value of $P$1 when set and not empty, else $2.
setting() { local n="$P$1"; printf '%s' "${!n:-$2}"; }
LIVE_DIR="$(setting LIVE_DIR "$DEF_LIVE")"
SERVER_DIR="$(setting SERVER_DIR "$LIVE_DIR/server")"
PG_DIR="$(setting PG_DIR "$LIVE_DIR/pg")"
PG_DATA="$PG_DIR/data"
PIDFILE="$SERVER_DIR/medusa.pid"
log() { echo "[$NAME stop] $*" >&2; }
alive() { [ -d "/proc/$1" ] && ! grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null; }
# signal $2 to pid $1, wait up to $3 seconds, then SIGKILL
stop_pid() {
  local pid="$1" sig="$2" secs="$3" i
  kill "-$sig" "$pid" 2>/dev/null || return 0
  for ((i = 0; i < secs * 4; i++)); do alive "$pid" || return 0; sleep 0.25; done
  log "pid $pid still alive after $secs s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null
  for ((i = 0; i < 20; i++)); do alive "$pid" || return 0; sleep 0.25; done
}

# ---- medusa
if [ -f "$PIDFILE" ]; then
  PID="$(cat "$PIDFILE" 2>/dev/null)"
  if [ -n "$PID" ] && alive "$PID" && tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q "$MEDUSA_CMDLINE"; then
    log "stopping medusa pid $PID (SIGTERM, graceful)"
    stop_pid "$PID" TERM 15
  else
    log "medusa not running (stale $PIDFILE)"
  fi
  rm -f "$PIDFILE"
else
  log "medusa not running (no $PIDFILE)"
fi

# ---- postgres (SIGINT = pg_ctl stop -m fast)
PGPID="$(head -1 "$PG_DATA/postmaster.pid" 2>/dev/null)"
if [ -n "$PGPID" ] && alive "$PGPID" && grep -q postgres "/proc/$PGPID/comm" 2>/dev/null; then
  log "stopping postgres pid $PGPID (fast shutdown)"
  stop_pid "$PGPID" INT 30
else
  log "postgres not running"
fi

if [ "$WIPE" = 1 ]; then
  case "$V" in
    v1) log "deleting the database cluster $PG_DIR" ;;
    v2) log "deleting the database cluster $PG_DIR (with its publishable key)" ;;
  esac
  rm -rf "$PG_DIR"
  # tokens recorded for the old database are meaningless now
  rm -f "$SERVER_DIR/password-reset-tokens.jsonl"
fi
exit 0
