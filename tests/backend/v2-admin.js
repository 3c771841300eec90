// TEST-ONLY: the admin credentials of the v2 live admin tests (tests/v2/admin/live.rs), made on a
// running Medusa 2.21 by tests/backend/start.sh v2 (each start, fast path included). Idempotent:
//   1. the admin user ADMIN_EMAIL / ADMIN_PASSWORD: if it cannot log in (POST /auth/user/emailpass),
//      it is created with the CLI (`medusa user -e … -p …`, boots the module container, ~5 s, once
//      per database);
//   2. a secret API key: the one kept in <state dir>/secret-api-key.txt if the server still takes it
//      (GET /admin/customers?limit=1 with HTTP Basic), else a new one (POST /admin/api-keys with the
//      user's token), written there (mode 0600; the file belongs to the database cluster, like the
//      publishable key's, so --wipe-db drops it).
// stdout: exactly one line, MEDUSA_V2_SECRET_API_KEY=sk_…; progress on stderr, the CLI's output in
// <server dir>/admin-user.log. Needs the environment start.sh exports (DATABASE_URL, NODE_ENV, …).
// The caller holds a lock (flock) so that concurrent starts do not create two users.
//
// usage: node v2-admin.js <base url> <server dir> <state dir>
"use strict"
const fs = require("fs")
const path = require("path")
const { spawnSync } = require("child_process")

// Fixed test credentials, also in tests/v2/admin/live.rs.
const ADMIN_EMAIL = "live-admin@example.com"
const ADMIN_PASSWORD = "live-admin-Secret-1"
const KEY_TITLE = "medusa-blocking live admin tests"

const [base, serverDir, stateDir] = process.argv.slice(2)
if (!base || !serverDir || !stateDir) {
  console.error("usage: node v2-admin.js <base url> <server dir> <state dir>")
  process.exit(2)
}
const keyFile = path.join(stateDir, "secret-api-key.txt")
const log = (m) => console.error(`[medusa-v2 admin ${new Date().toTimeString().slice(0, 8)}] ${m}`)

async function call(method, route, { auth, body } = {}) {
  const headers = { accept: "application/json" }
  if (auth) headers.authorization = auth
  if (body !== undefined) headers["content-type"] = "application/json"
  const res = await fetch(base + route, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30000),
  })
  const text = await res.text()
  let json = null
  try {
    json = JSON.parse(text)
  } catch (_) {}
  return { status: res.status, json, text }
}

async function login() {
  const r = await call("POST", "/auth/user/emailpass", { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } })
  return r.status === 200 && r.json && typeof r.json.token === "string" ? r.json.token : null
}

async function main() {
  let token = null
  const ensureUser = async () => {
    token = await login()
    if (token) return
    log(`creating the admin user ${ADMIN_EMAIL} (medusa user; log: ${serverDir}/admin-user.log)`)
    const cli = path.join(serverDir, "node_modules", "@medusajs", "cli", "cli.js")
    const out = fs.openSync(path.join(serverDir, "admin-user.log"), "a")
    const r = spawnSync(process.execPath, [cli, "user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD], {
      cwd: serverDir,
      stdio: ["ignore", out, out],
    })
    if (r.status !== 0) throw new Error(`medusa user failed (exit ${r.status}); see ${serverDir}/admin-user.log`)
    token = await login()
    if (!token) throw new Error(`the admin user ${ADMIN_EMAIL} was created but cannot log in`)
  }
  await ensureUser()

  let key = ""
  try {
    key = fs.readFileSync(keyFile, "utf8").trim()
  } catch (_) {}
  if (key.startsWith("sk_")) {
    const basic = "Basic " + Buffer.from(key + ":").toString("base64")
    const r = await call("GET", "/admin/customers?limit=1&fields=id", { auth: basic })
    if (r.status !== 200) key = ""
  } else {
    key = ""
  }
  if (!key) {
    log(`creating a secret API key "${KEY_TITLE}" (${keyFile})`)
    const r = await call("POST", "/admin/api-keys", {
      auth: "Bearer " + token,
      body: { title: KEY_TITLE, type: "secret" },
    })
    key = r.json && r.json.api_key && r.json.api_key.token
    if (r.status !== 200 || typeof key !== "string" || !key.startsWith("sk_")) {
      throw new Error(`POST /admin/api-keys answered ${r.status}: ${r.text.slice(0, 200)}`)
    }
    fs.writeFileSync(keyFile, key + "\n", { mode: 0o600 })
  }
  process.stdout.write(`MEDUSA_V2_SECRET_API_KEY=${key}\n`)
}

main().catch((e) => {
  console.error(`[medusa-v2 admin] ERROR: ${e.message}`)
  process.exit(1)
})
