// Medusa v1 (1.20.x) config for the medusa-blocking live tests. TEST-ONLY: loopback, no redis,
// fixed throwaway secrets. tests/backend/start.sh v1 sets DATABASE_URL and MEDUSA_PORT.
const PORT = process.env.MEDUSA_PORT || "9000";
const DATABASE_URL =
  process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:25432/medusa";
const CORS =
  process.env.MEDUSA_CORS ||
  [3000, 7001, 8000, 9000, Number(PORT)]
    .filter((p, i, a) => a.indexOf(p) === i)
    .flatMap((p) => [`http://localhost:${p}`, `http://127.0.0.1:${p}`])
    .join(",");

const plugins = [`medusa-fulfillment-manual`, `medusa-payment-manual`];

const modules = {
  eventBus: { resolve: "@medusajs/event-bus-local" },
  cacheService: { resolve: "@medusajs/cache-inmemory" },
};

/** @type {import('@medusajs/medusa').ConfigModule["projectConfig"]} */
const projectConfig = {
  database_url: DATABASE_URL,
  database_type: "postgres",
  database_extra: { ssl: false },
  store_cors: CORS,
  admin_cors: CORS,
  auth_cors: CORS,
  jwt_secret: process.env.JWT_SECRET || "medusa-blocking-live-jwt-secret",
  cookie_secret: process.env.COOKIE_SECRET || "medusa-blocking-live-cookie-secret",
};

module.exports = { projectConfig, plugins, modules, featureFlags: {} };
