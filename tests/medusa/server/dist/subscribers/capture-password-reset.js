"use strict";
// Required: Medusa loads project subscribers via __importStar(require()). Without __esModule it
// logs "The subscriber in ... is not a function." and then crashes with
// "TypeError: loaded is not a constructor".
Object.defineProperty(exports, "__esModule", { value: true });
// ============================================================================================
// TEST-ONLY. Not part of Medusa and never to be deployed anywhere real.
// Medusa hands the password-reset token only to notification plugins, via the event
// "customer.password_reset" { id, email, first_name, last_name, token } emitted by
// CustomerService.generateResetPasswordToken. This subscriber records it so the live tests can
// run the whole reset flow: the latest token per (lower-cased) e-mail is kept in memory and
// served by GET /test-hooks/password-reset-token?email=... (dist/api/test-hooks/...), and every
// token is appended to <server dir>/password-reset-tokens.jsonl as a log.
// The event is staged in a transaction and dispatched by a poller that sleeps 3 s, so it
// arrives 0-3 s after the 204 of POST /store/customers/password-token: callers must poll.
// ============================================================================================
const fs = require("fs");
const path = require("path");
const FILE = process.env.MEDUSA_RESET_TOKEN_FILE ||
  path.join(__dirname, "..", "..", "password-reset-tokens.jsonl");
global.__medusaResetTokens = global.__medusaResetTokens || {};

async function capturePasswordReset({ data }) {
  const rec = { email: data.email, customer_id: data.id, token: data.token, at: new Date().toISOString() };
  global.__medusaResetTokens[String(data.email).toLowerCase()] = rec;
  try {
    fs.appendFileSync(FILE, JSON.stringify(rec) + "\n");
  } catch (e) {
    console.error("capture-password-reset: cannot append to", FILE, e.message);
  }
}
exports.default = capturePasswordReset;
exports.config = {
  event: "customer.password_reset",
  context: { subscriberId: "medusa-blocking-live-capture-password-reset" },
};
