// The admin user of the v1 live admin tests (tests/v1/admin/live.rs), made ready on a RUNNING
// Medusa 1.20 backend: it can log in with its e-mail and password, and its user API token (sent as
// `x-medusa-access-token`) is the fixed test value. TEST-ONLY values, known to the tests.
//
//   cd <v1 server folder> && node <this file> http://127.0.0.1:9000
//
// Called by tests/backend/start.sh v1 on every start (the fast path too). Idempotent: a ready user
// costs two requests and changes nothing. The user is seeded by tests/medusa/server/seed.json; if it is missing (a
// database seeded before it), it is created with `medusa user` (run in the current folder, the
// server's). The token is set through the Admin API (`POST /admin/users/{id}`), which is what a
// v1 operator does; v1's CLI cannot set one. Progress goes to stderr; stdout stays empty (the
// start script's stdout is its contract). Exit status non-zero on failure.
//
// Env (optional): MEDUSA_ADMIN_EMAIL, MEDUSA_ADMIN_PASSWORD, MEDUSA_ADMIN_API_TOKEN, with the
// defaults below (the tests read the same variables with the same defaults).
"use strict"

const http = require("http")
const { spawnSync } = require("child_process")

const EMAIL = process.env.MEDUSA_ADMIN_EMAIL || "admin@example.com"
const PASSWORD = process.env.MEDUSA_ADMIN_PASSWORD || "supersecret"
const TOKEN = process.env.MEDUSA_ADMIN_API_TOKEN || "medusa-blocking-live-admin-api-token"
const BASE = (process.argv[2] || "http://127.0.0.1:9000").replace(/\/+$/, "")

const log = (m) => process.stderr.write(`[v1-admin] ${m}\n`)

// One request: resolves {status, json} (json null when the body is not JSON).
function call(method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body)
    const req = http.request(
      BASE + path,
      {
        method,
        timeout: 15000,
        // A new connection each time: `medusa user` blocks this process for longer than the
        // server keeps an idle connection open.
        agent: false,
        headers: {
          accept: "application/json",
          ...(data ? { "content-type": "application/json", "content-length": Buffer.byteLength(data) } : {}),
          ...headers,
        },
      },
      (res) => {
        let text = ""
        res.setEncoding("utf8")
        res.on("data", (c) => (text += c))
        res.on("end", () => {
          let json = null
          try {
            json = JSON.parse(text)
          } catch (_) {}
          resolve({ status: res.statusCode, json })
        })
      }
    )
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timed out`)))
    req.on("error", reject)
    if (data) req.write(data)
    req.end()
  })
}

async function bearer() {
  const r = await call("POST", "/admin/auth/token", {}, { email: EMAIL, password: PASSWORD })
  if (r.status === 200 && r.json && typeof r.json.access_token === "string") return r.json.access_token
  if (r.status === 401) return null
  throw new Error(`POST /admin/auth/token answered ${r.status}`)
}

async function main() {
  let token = await bearer()
  if (token === null) {
    log(`no admin user ${EMAIL} that logs in: creating it with \`medusa user\` (~10 s)`)
    const made = spawnSync("node_modules/.bin/medusa", ["user", "-e", EMAIL, "-p", PASSWORD], {
      stdio: ["ignore", 2, 2],
      timeout: 180000,
    })
    if (made.status !== 0) throw new Error(`medusa user exited with ${made.status} ${made.error || ""}`)
    token = await bearer()
    if (token === null) throw new Error(`${EMAIL} still cannot log in after \`medusa user\``)
  }
  const auth = { authorization: `Bearer ${token}` }
  const me = await call("GET", "/admin/auth", auth)
  if (me.status !== 200 || !me.json || !me.json.user) throw new Error(`GET /admin/auth answered ${me.status}`)
  const user = me.json.user
  if (user.api_token !== TOKEN) {
    log(`setting the API token of ${EMAIL} (${user.id})`)
    const set = await call("POST", `/admin/users/${encodeURIComponent(user.id)}`, auth, { api_token: TOKEN })
    if (set.status !== 200) throw new Error(`POST /admin/users/{id} answered ${set.status}`)
  }
  const check = await call("GET", "/admin/auth", { "x-medusa-access-token": TOKEN })
  if (check.status !== 200) throw new Error(`the API token is refused (${check.status})`)
  log(`admin ${EMAIL} ready (password and API token)`)
}

main().catch((e) => {
  log(`ERROR: ${e.message}`)
  process.exit(1)
})
