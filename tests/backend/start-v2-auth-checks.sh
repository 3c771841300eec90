#!/usr/bin/env bash
# Start a SECOND real Medusa 2.21.2 for the live tests of the log-in steps, configured as a shop
# that asks for them: e-mail verification for customers (emailpass) and MFA (an encryption key).
# It is tests/backend/start.sh v2 with its own port, database cluster and work folder, and the
# first server's node_modules when that is installed (no second npm ci). TEST-ONLY, loopback.
#
#   tests/backend/start-v2-auth-checks.sh   stdout is exactly two lines:
#                                             MEDUSA_V2_CHECKS_BACKEND_URL=http://127.0.0.1:9101
#                                             MEDUSA_V2_CHECKS_PUBLISHABLE_KEY=pk_...
#   MEDUSA_V2_LIVE_DIR=/tmp/medusa-blocking-live-v2-checks tests/backend/stop.sh v2 [--wipe-db]
#
# Env (optional): MEDUSA_V2_CHECKS_LIVE_DIR (/tmp/medusa-blocking-live-v2-checks),
# MEDUSA_V2_CHECKS_PORT (9101), MEDUSA_V2_CHECKS_PG_PORT (25434), and the first server's
# MEDUSA_V2_SERVER_DIR / MEDUSA_V2_LIVE_DIR to find its node_modules.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
FIRST_SERVER="${MEDUSA_V2_SERVER_DIR:-${MEDUSA_V2_LIVE_DIR:-/tmp/medusa-blocking-live-v2}/server}"
LIVE="${MEDUSA_V2_CHECKS_LIVE_DIR:-/tmp/medusa-blocking-live-v2-checks}"
if [ -d "$FIRST_SERVER/node_modules" ] && [ ! -e "$LIVE/server/node_modules" ]; then
  mkdir -p "$LIVE/server"
  ln -s "$FIRST_SERVER/node_modules" "$LIVE/server/node_modules"
fi
export MEDUSA_V2_LIVE_DIR="$LIVE"
unset MEDUSA_V2_SERVER_DIR MEDUSA_V2_PG_DIR
export MEDUSA_V2_PORT="${MEDUSA_V2_CHECKS_PORT:-9101}"
export MEDUSA_V2_PG_PORT="${MEDUSA_V2_CHECKS_PG_PORT:-25434}"
export MEDUSA_V2_AUTH_VERIFICATION=1
export AUTH_MFA_ENCRYPTION_KEY="medusa-blocking-live-v2-checks-mfa-key-0123456789"
"$HERE/start.sh" v2 | sed 's/^MEDUSA_V2_/MEDUSA_V2_CHECKS_/'
