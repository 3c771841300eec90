// TEST-ONLY launcher for the medusa-blocking live tests: a loopback-only replacement for
// `medusa start`, which calls app.listen(port) on ALL interfaces. Same loaders and graceful
// shutdown as @medusajs/medusa/dist/commands/start.js, but bound to 127.0.0.1 (not configurable).
// Telemetry is forced off. tests/backend/start.sh v1 runs it detached (`setsid -f`), so node
// writes its own PID to $MEDUSA_PID_FILE (and removes it on exit).
const fs = require("fs");
const PID_FILE = process.env.MEDUSA_PID_FILE;
if (PID_FILE) {
  fs.writeFileSync(PID_FILE, String(process.pid));
  process.on("exit", () => {
    try {
      if (fs.readFileSync(PID_FILE, "utf8") === String(process.pid)) fs.unlinkSync(PID_FILE);
    } catch (e) {}
  });
}
process.env.MEDUSA_DISABLE_TELEMETRY = "true";
process.env.MEDUSA_TELEMETRY_HOST = "http://127.0.0.1:9"; // belt and braces: never phone home
require("core-js/stable");
require("regenerator-runtime/runtime");
const express = require("express");
const loaders = require("@medusajs/medusa/dist/loaders").default;
const { GracefulShutdownServer } = require("medusa-core-utils");

const HOST = "127.0.0.1";
const PORT = parseInt(process.env.MEDUSA_PORT || "9000", 10);

(async () => {
  const t0 = Date.now();
  const app = express();
  let loaded;
  try {
    loaded = await loaders({ directory: __dirname, expressApp: app });
  } catch (e) {
    console.error("Error starting server", e);
    process.exit(1);
  }
  const listener = app.listen(PORT, HOST, () => {
    console.log(`Server is ready on http://${HOST}:${PORT} (loaders+listen ${Date.now() - t0} ms)`);
  });
  listener.on("error", (e) => {
    console.error(`Cannot listen on ${HOST}:${PORT}:`, e.message);
    process.exit(1);
  });
  const server = GracefulShutdownServer.create(listener);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("Gracefully shutting down server");
    server
      .shutdown()
      .then(() => loaded.prepareShutdown && loaded.prepareShutdown())
      .then(() => loaded.shutdown && loaded.shutdown())
      .then(() => process.exit(0))
      .catch((e) => { console.error(e); process.exit(1); });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
})();
