// TEST-ONLY route: GET /test-hooks/verification-code?email=<e-mail> -> 200 {"email","code","at"}
// or 404 {"message"}. Not under /store, so no publishable key needed.
Object.defineProperty(exports, "__esModule", { value: true })
exports.GET = async function GET(req, res) {
  const latest = globalThis.__acceptanceVerificationCodes || new Map()
  const rec = latest.get(String(req.query.email || "").toLowerCase())
  if (!rec) return res.status(404).json({ message: "no verification code recorded for that e-mail" })
  res.json(rec)
}
exports.AUTHENTICATE = false
