// The Node side of benches/cold_start.sh: one customers.retrieve() with @medusajs/medusa-js 6.1.10
// against MEDUSA_BACKEND_URL, then exit (as examples/cold_start.rs does in Rust).
//
//   MEDUSA_BACKEND_URL=http://127.0.0.1:9000 node benches/node/cold_start.js
//
// MEDUSA_COOKIE, when set, is sent as the Cookie header (Node keeps no cookies by itself).
"use strict";

const Medusa = require("@medusajs/medusa-js").default;

const baseUrl = process.env.MEDUSA_BACKEND_URL;
if (!baseUrl) {
  console.error("MEDUSA_BACKEND_URL is not set");
  process.exit(2);
}
const medusa = new Medusa({ baseUrl, maxRetries: 0 });
const headers = process.env.MEDUSA_COOKIE ? { Cookie: process.env.MEDUSA_COOKIE } : {};

medusa.customers
  .retrieve(headers)
  .then(({ customer }) => {
    console.log(customer.email);
  })
  .catch((e) => {
    console.error(`retrieve failed: ${e.message}`);
    process.exit(1);
  });
