#!/usr/bin/env bash
# Smoke check of a running v2 live backend (tests/backend/start.sh v2 first) with curl only; JSON is read with node.
# Checks /health and the publishable key, registers a fresh customer (register -> create customer ->
# login -> /store/customers/me), checks that the session cookie is not Secure, runs the whole password
# reset through the TEST-ONLY hook, looks up the seeded region / products / shipping option and
# places one real order with pp_system_default. Prints what it found.
#   MEDUSA_V2_BACKEND_URL=http://127.0.0.1:9100 MEDUSA_V2_PUBLISHABLE_KEY=pk_... tests/medusa-v2/smoke.sh
# Needs curl. Exits non-zero on the first unexpected answer. Each run adds one customer and one order.
set -euo pipefail
BASE="${MEDUSA_V2_BACKEND_URL:-http://127.0.0.1:${MEDUSA_V2_PORT:-9100}}"
PK="${MEDUSA_V2_PUBLISHABLE_KEY:?set MEDUSA_V2_PUBLISHABLE_KEY (second line printed by tests/backend/start.sh v2)}"
command -v curl >/dev/null || { echo "smoke: curl is needed" >&2; exit 1; }
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
EMAIL="smoke-v2-$(date +%s)-$$@example.com"
PASS="first-Secret-1"; PASS2="second-Secret-2"
ok() { echo "ok   $*"; }
fail() { echo "FAIL $*" >&2; [ -s "$WORK/body" ] && head -c 2000 "$WORK/body" >&2 && echo >&2; exit 1; }
# req METHOD PATH [JSON] [curl args...] -> status in $CODE, body in $WORK/body, headers in $WORK/headers
req() {
  local m="$1" p="$2"; shift 2
  local args=(-s -o "$WORK/body" -D "$WORK/headers" -w '%{http_code}' -X "$m" "$BASE$p")
  if [ $# -ge 1 ]; then [ -n "$1" ] && args+=(-H 'Content-Type: application/json' --data "$1"); shift; fi
  CODE="$(curl "${args[@]}" "$@")" || CODE=000
}
PKH=(-H "x-publishable-api-key: $PK")
expect() { [ "$CODE" = "$1" ] || fail "$2: HTTP $CODE, expected $1"; ok "$2 -> $CODE"; }
# js EXPR: evaluate EXPR with `b` = parsed JSON body
js() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); const v=('"$1"'); console.log(typeof v==="string"?v:JSON.stringify(v));' "$WORK/body"; }

req GET /health; expect 200 "GET /health"
req GET /store/regions; expect 400 "GET /store/regions without publishable key"
req GET /store/regions "" "${PKH[@]}"; expect 200 "GET /store/regions (x-publishable-api-key)"
REGION_ID="$(js 'b.regions.find(r=>r.name==="US").id')"
ok "  region US: $REGION_ID $(js 'b.regions.map(r=>({name:r.name,currency:r.currency_code,countries:r.countries.map(c=>c.iso_2)}))')"

# ---- customer: register (auth identity) -> create customer -> login -> me
req POST /auth/customer/emailpass/register "{\"email\":\"$EMAIL\",\"password\":\"$PASS\"}"
expect 200 "POST /auth/customer/emailpass/register ($EMAIL)"
REG="$(js b.token)"
req POST /store/customers "{\"email\":\"$EMAIL\",\"first_name\":\"Smoke\",\"last_name\":\"Test\"}" "${PKH[@]}" -H "Authorization: Bearer $REG"
expect 200 "POST /store/customers (Bearer registration token)"
CUSTOMER_ID="$(js b.customer.id)"
req POST /auth/customer/emailpass "{\"email\":\"$EMAIL\",\"password\":\"$PASS\"}"; expect 200 "POST /auth/customer/emailpass (login)"
TOKEN="$(js b.token)"
AUTH=(-H "Authorization: Bearer $TOKEN")
req GET /store/customers/me "" "${PKH[@]}" "${AUTH[@]}"; expect 200 "GET /store/customers/me (Bearer)"
[ "$(js b.customer.email)" = "$EMAIL" ] || fail "me: wrong e-mail"
[ "$(js b.customer.id)" = "$CUSTOMER_ID" ] || fail "me: wrong id"
req POST /auth/session "" "${AUTH[@]}"; expect 200 "POST /auth/session (Bearer -> cookie)"
COOKIE_LINE="$(grep -i '^set-cookie: connect.sid=' "$WORK/headers" | tr -d '\r')" || fail "auth/session: no connect.sid Set-Cookie"
echo "$COOKIE_LINE" | grep -qi 'secure' && fail "session cookie is Secure (NODE_ENV=production?): $COOKIE_LINE"
ok "  Set-Cookie without Secure ($(echo "$COOKIE_LINE" | grep -o 'Path=.*'))"
req GET /store/customers/me "" "${PKH[@]}" -H "Cookie: $(echo "$COOKIE_LINE" | sed -E 's/^[^:]+: ([^;]+);.*/\1/')"
expect 200 "GET /store/customers/me (cookie)"

# ---- password reset through the TEST-ONLY hook
req POST /auth/customer/emailpass/reset-password "{\"identifier\":\"$EMAIL\"}"; expect 201 "POST /auth/customer/emailpass/reset-password"
T0=$(date +%s%N); RESET=""
for _ in $(seq 1 40); do   # v2 delivers the event in-process (token recorded before the 201); poll anyway, up to 10 s
  req GET "/test-hooks/password-reset-token?email=$EMAIL"
  if [ "$CODE" = 200 ]; then RESET="$(js b.token)"; break; fi
  [ "$CODE" = 404 ] || fail "test hook: HTTP $CODE"
  sleep 0.25
done
[ -n "$RESET" ] || fail "no reset token via /test-hooks/password-reset-token within 10 s"
ok "GET /test-hooks/password-reset-token -> 200 after $(( ($(date +%s%N) - T0) / 1000000 )) ms (actor_type $(js b.actor_type))"
req POST /auth/customer/emailpass/update "{\"password\":\"$PASS2\"}" -H "Authorization: Bearer $RESET"
expect 200 "POST /auth/customer/emailpass/update (Bearer reset token)"
req POST /auth/customer/emailpass "{\"email\":\"$EMAIL\",\"password\":\"$PASS\"}"; expect 401 "login with the old password"
req POST /auth/customer/emailpass "{\"email\":\"$EMAIL\",\"password\":\"$PASS2\"}"; expect 200 "login with the new password"
TOKEN="$(js b.token)"; AUTH=(-H "Authorization: Bearer $TOKEN")

# ---- seeded catalogue
req GET "/store/products?handle=acceptance-tshirt&region_id=$REGION_ID" "" "${PKH[@]}"; expect 200 "GET /store/products?handle=acceptance-tshirt"
VARIANT_ID="$(js 'b.products[0].variants.find(v=>v.sku==="ACC-TSHIRT-M").id')"
ok "  variant ACC-TSHIRT-M: $VARIANT_ID price $(js 'b.products[0].variants[0].calculated_price.calculated_amount')"
req GET "/store/products?handle=acceptance-sticker&region_id=$REGION_ID" "" "${PKH[@]}"; expect 200 "GET /store/products?handle=acceptance-sticker"
[ "$(js 'b.products[0].variants[0].calculated_price.calculated_amount')" = 19.99 ] || fail "sticker price is not 19.99"
ok "  variant $(js 'b.products[0].variants[0].sku') price 19.99"

# ---- one real order (cart -> shipping -> payment session -> complete)
req POST /store/carts "{\"region_id\":\"$REGION_ID\"}" "${PKH[@]}" "${AUTH[@]}"; expect 200 "POST /store/carts"
CART="$(js b.cart.id)"
req POST "/store/carts/$CART/line-items" "{\"variant_id\":\"$VARIANT_ID\",\"quantity\":2}" "${PKH[@]}" "${AUTH[@]}"; expect 200 "POST /store/carts/{id}/line-items"
ADDR='{"first_name":"Smoke","last_name":"Test","address_1":"1 Main St","city":"Springfield","country_code":"us","postal_code":"62701"}'
req POST "/store/carts/$CART" "{\"shipping_address\":$ADDR,\"billing_address\":$ADDR}" "${PKH[@]}" "${AUTH[@]}"; expect 200 "POST /store/carts/{id} (addresses)"
req GET "/store/shipping-options?cart_id=$CART" "" "${PKH[@]}" "${AUTH[@]}"; expect 200 "GET /store/shipping-options?cart_id="
OPTION_ID="$(js 'b.shipping_options.find(o=>o.name==="Standard Shipping").id')"
ok "  shipping option Standard Shipping: $OPTION_ID"
req POST "/store/carts/$CART/shipping-methods" "{\"option_id\":\"$OPTION_ID\"}" "${PKH[@]}" "${AUTH[@]}"; expect 200 "POST /store/carts/{id}/shipping-methods"
req POST /store/payment-collections "{\"cart_id\":\"$CART\"}" "${PKH[@]}" "${AUTH[@]}"; expect 200 "POST /store/payment-collections"
PC="$(js b.payment_collection.id)"
req POST "/store/payment-collections/$PC/payment-sessions" '{"provider_id":"pp_system_default"}' "${PKH[@]}" "${AUTH[@]}"
expect 200 "POST /store/payment-collections/{id}/payment-sessions (pp_system_default)"
req POST "/store/carts/$CART/complete" "" "${PKH[@]}" "${AUTH[@]}"; expect 200 "POST /store/carts/{id}/complete"
[ "$(js b.type)" = order ] || fail "complete: type $(js b.type)"
ok "  order $(js b.order.id) total $(js b.order.total) $(js b.order.currency_code)"
req GET /store/orders "" "${PKH[@]}" "${AUTH[@]}"; expect 200 "GET /store/orders"
[ "$(js b.count)" = 1 ] || fail "orders: count $(js b.count)"
echo "smoke: all good against $BASE (customer $CUSTOMER_ID)"
