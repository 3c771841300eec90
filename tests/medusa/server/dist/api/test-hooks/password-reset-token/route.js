"use strict";
// Required: Medusa loads project routes via __importStar(require()).
Object.defineProperty(exports, "__esModule", { value: true });
// ============================================================================================
// TEST-ONLY route, not part of Medusa and never to be deployed anywhere real:
//   GET /test-hooks/password-reset-token?email=<e-mail>
//   200 {"email","customer_id","token","at"}  the latest token that
//       dist/subscribers/capture-password-reset.js saw for that e-mail (case-insensitive)
//   404 {"message":"no reset token recorded for <e-mail>"}  none yet: the event arrives 0-3 s
//       after POST /store/customers/password-token, so poll (e.g. every 250 ms for up to 10 s).
// Tokens are kept in memory only: a server restart forgets them.
// ============================================================================================
exports.GET = async (req, res) => {
  const email = String(req.query.email || "").toLowerCase();
  const rec = (global.__medusaResetTokens || {})[email];
  if (!rec) return res.status(404).json({ message: `no reset token recorded for ${email}` });
  res.json(rec);
};
