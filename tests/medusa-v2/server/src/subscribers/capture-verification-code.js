// TEST-ONLY: capture the e-mail verification code that Medusa v2 emits as event
// "auth.verification_requested" (payload { entity_id, entity_type, code_provider, auth_identity_id,
// code, expires_at, metadata }) so that tests can confirm it. Kept in memory only, latest per
// e-mail, for GET /test-hooks/verification-code?email=...
Object.defineProperty(exports, "__esModule", { value: true })

const latest = (globalThis.__acceptanceVerificationCodes = globalThis.__acceptanceVerificationCodes || new Map())

async function captureVerificationCode({ event }) {
  const d = (event && event.data) || {}
  latest.set(String(d.entity_id).toLowerCase(), { email: d.entity_id, code: d.code, at: new Date().toISOString() })
}
exports.default = captureVerificationCode
exports.config = { event: "auth.verification_requested" }
