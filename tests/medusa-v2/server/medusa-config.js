// Medusa v2 (2.21.x) config for the medusa-blocking live tests. TEST-ONLY: loopback, no redis,
// no admin dashboard, fixed throwaway secrets. Plain CommonJS (no ts-node / swc / build step).
// tests/backend/start.sh v2 sets DATABASE_URL and MEDUSA_V2_PORT (and NODE_ENV=development, see
// ../README.md).
const { defineConfig } = require("@medusajs/framework/utils")

const PORT = process.env.MEDUSA_V2_PORT || "9100"
const CORS =
  process.env.MEDUSA_V2_CORS ||
  [3000, 8000, 9000, 9100, Number(PORT)]
    .filter((p, i, a) => a.indexOf(p) === i)
    .flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`])
    .join(",")

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:25433/medusa",
    http: {
      storeCors: CORS,
      adminCors: CORS,
      authCors: CORS,
      jwtSecret: process.env.JWT_SECRET || "medusa-blocking-live-v2-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "medusa-blocking-live-v2-cookie-secret",
      // The "auth checks" configuration (tests/backend/start-v2-auth-checks.sh): a customer logs
      // in with emailpass only once their e-mail is verified. (MFA needs no line here: 2.21 reads
      // the auth module's mfa.encryption_key from AUTH_MFA_ENCRYPTION_KEY, which that script sets.)
      ...(process.env.MEDUSA_V2_AUTH_VERIFICATION === "1"
        ? { authVerificationsPerActor: { customer: [{ auth_provider: "emailpass", entity_type: "email" }] } }
        : {}),
    },
  },
  admin: { disable: true },
})
