#!/usr/bin/env bash
# Stop the Medusa v2 server and the throwaway PostgreSQL started by tests/medusa-v2/start.sh (by their PID files).
#   tests/medusa-v2/stop.sh             stop both; keep the database cluster and node_modules
#   tests/medusa-v2/stop.sh --wipe-db   also delete the database cluster and its publishable key (the next
#                                       start.sh re-creates, migrates and re-seeds it: NEW publishable key)
# Exits 0 when nothing was running. Same env vars as start.sh (MEDUSA_V2_LIVE_DIR, MEDUSA_V2_SERVER_DIR,
# MEDUSA_V2_PG_DIR). Only the processes named by the PID files are signalled; the v1 backend is not touched.
set -uo pipefail
LIVE_DIR="${MEDUSA_V2_LIVE_DIR:-/tmp/medusa-blocking-live-v2}"
SERVER_DIR="${MEDUSA_V2_SERVER_DIR:-$LIVE_DIR/server}"
PG_DIR="${MEDUSA_V2_PG_DIR:-$LIVE_DIR/pg}"
PG_DATA="$PG_DIR/data"
PIDFILE="$SERVER_DIR/medusa.pid"
WIPE=0
for a in "$@"; do
  case "$a" in
    --wipe-db) WIPE=1 ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--wipe-db]" >&2; exit 2 ;;
  esac
done
log() { echo "[medusa-v2 stop] $*" >&2; }
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

# ---- medusa (`node .../@medusajs/cli/cli.js start`, PID written by start.sh's launcher)
if [ -f "$PIDFILE" ]; then
  PID="$(cat "$PIDFILE" 2>/dev/null)"
  if [ -n "$PID" ] && alive "$PID" && tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q 'cli/cli\.js start'; then
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
  log "deleting the database cluster $PG_DIR (with its publishable key)"
  rm -rf "$PG_DIR"
  # tokens recorded for the old database are meaningless now
  rm -f "$SERVER_DIR/password-reset-tokens.jsonl"
fi
exit 0
