#!/usr/bin/env bash
# Smoke check of a running live backend (tests/backend/start.sh v1 first) with curl only; JSON is read with node.
# Registers a fresh customer (cookie session), reads /store/customers/me, runs the whole password
# reset through the TEST-ONLY hook, looks up the seeded region / product / variant / shipping
# option, and places one real order with the manual payment provider. Prints what it found.
#   MEDUSA_BACKEND_URL=http://127.0.0.1:9000 tests/medusa/smoke.sh
# Needs curl. Exits non-zero on the first unexpected answer. Each run adds one customer and one order.
set -euo pipefail
BASE="${MEDUSA_BACKEND_URL:-http://127.0.0.1:${MEDUSA_PORT:-9000}}"
command -v curl >/dev/null || { echo "smoke: curl is needed" >&2; exit 1; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
JAR="$WORK/cookies"
EMAIL="smoke-$(date +%s)-$$@example.com"
PASS="first-Secret-1"; PASS2="second-Secret-2"
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; [ -s "$WORK/body" ] && head -c 2000 "$WORK/body" >&2 && echo >&2; exit 1; }
# req METHOD PATH [JSON] -> status in $CODE, body in $WORK/body, headers in $WORK/headers (cookie jar kept)
req() {
  local args=(-s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -b "$JAR" -c "$JAR" -X "$1" "$BASE$2")
  [ $# -ge 3 ] && args+=(-H 'Content-Type: application/json' --data "$3")
  CODE="$(curl "${args[@]}")" || CODE=000
}
expect() { [ "$CODE" = "$1" ] || fail "$2: HTTP $CODE, expected $1"; ok "$2 -> $CODE"; }
# js EXPR: evaluate EXPR with `b` = parsed JSON body
js() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=('"$1"'); console.log(typeof v==="string"?v:JSON.stringify(v));' "$WORK/body"; }

req GET /health; expect 200 "GET /health"

req POST /store/customers "{\"email\":\"$EMAIL\",\"password\":\"$PASS\",\"first_name\":\"Smoke\",\"last_name\":\"Test\"}"
expect 200 "POST /store/customers (register $EMAIL)"
grep -i '^set-cookie: connect.sid=' "$WORK/headers" >/dev/null || fail "register: no connect.sid Set-Cookie"
ok "  Set-Cookie: $(grep -i '^set-cookie:' "$WORK/headers" | cut -d' ' -f2- | cut -c1-40)... ($(grep -i '^set-cookie:' "$WORK/headers" | grep -o 'Path=.*' | tr -d '\r'))"
CUSTOMER_ID="$(js b.customer.id)"

req GET /store/customers/me; expect 200 "GET /store/customers/me (cookie)"
[ "$(js b.customer.email)" = "$EMAIL" ] || fail "me: wrong e-mail"

req POST /store/customers/password-token "{\"email\":\"$EMAIL\"}"; expect 204 "POST /store/customers/password-token"
T0=$(date +%s%N); TOKEN=""
for _ in $(seq 1 60); do   # the event arrives 0-3 s later: poll up to 15 s
  req GET "/test-hooks/password-reset-token?email=$EMAIL"
  if [ "$CODE" = 200 ]; then TOKEN="$(js b.token)"; break; fi
  [ "$CODE" = 404 ] || fail "test hook: HTTP $CODE"
  sleep 0.25
done
[ -n "$TOKEN" ] || fail "no reset token via /test-hooks/password-reset-token within 15 s"
ok "GET /test-hooks/password-reset-token -> 200 after $(( ($(date +%s%N) - T0) / 1000000 )) ms (customer_id $(js b.customer_id))"
req POST /store/customers/password-reset "{\"email\":\"$EMAIL\",\"token\":\"$TOKEN\",\"password\":\"$PASS2\"}"
expect 200 "POST /store/customers/password-reset"
req POST /store/auth "{\"email\":\"$EMAIL\",\"password\":\"$PASS2\"}"; expect 200 "POST /store/auth (new password)"

req GET /store/regions; expect 200 "GET /store/regions"
REGION_ID="$(js 'b.regions.find(r=>r.name==="US").id')"
ok "  region US: $REGION_ID $(js 'b.regions.map(r=>({name:r.name,currency:r.currency_code,countries:r.countries.map(c=>c.iso_2),payment:r.payment_providers.map(p=>p.id),fulfillment:r.fulfillment_providers.map(p=>p.id)}))')"
req GET "/store/products?handle=acceptance-tshirt"; expect 200 "GET /store/products?handle=acceptance-tshirt"
VARIANT_ID="$(js 'b.products[0].variants.find(v=>v.sku==="ACC-TSHIRT-M").id')"
ok "  product $(js 'b.products[0].id') variant ACC-TSHIRT-M: $VARIANT_ID"

# ---- place one order (customer session cookie => the cart and order belong to the customer)
req POST /store/carts "{\"region_id\":\"$REGION_ID\"}"; expect 200 "POST /store/carts"
CART="$(js b.cart.id)"
req POST "/store/carts/$CART/line-items" "{\"variant_id\":\"$VARIANT_ID\",\"quantity\":2}"; expect 200 "POST /store/carts/{id}/line-items"
req POST "/store/carts/$CART" '{"shipping_address":{"first_name":"Smoke","last_name":"Test","address_1":"1 Main St","city":"Springfield","country_code":"us","postal_code":"12345"}}'
expect 200 "POST /store/carts/{id} (shipping address)"
req GET "/store/shipping-options/$CART"; expect 200 "GET /store/shipping-options/{cart_id}"
OPTION_ID="$(js 'b.shipping_options.find(o=>o.name==="Manual Standard").id')"
ok "  shipping option Manual Standard: $OPTION_ID"
req POST "/store/carts/$CART/shipping-methods" "{\"option_id\":\"$OPTION_ID\"}"; expect 200 "POST /store/carts/{id}/shipping-methods"
req POST "/store/carts/$CART/payment-sessions"; expect 200 "POST /store/carts/{id}/payment-sessions"
req POST "/store/carts/$CART/payment-session" '{"provider_id":"manual"}'; expect 200 "POST /store/carts/{id}/payment-session (manual)"
req POST "/store/carts/$CART/complete"; expect 200 "POST /store/carts/{id}/complete"
[ "$(js b.type)" = order ] || fail "complete: type $(js b.type)"
ok "  order $(js b.data.id) total $(js b.data.total) $(js b.data.currency_code)"
req GET /store/customers/me/orders; expect 200 "GET /store/customers/me/orders"
[ "$(js b.count)" = 1 ] || fail "me/orders: count $(js b.count)"
echo "smoke: all good against $BASE (customer $CUSTOMER_ID)"
