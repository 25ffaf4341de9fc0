/** The runner process: `tsx apps/runner/src/main.ts`. Uses DATABASE_URL, or starts embedded PostgreSQL. */
import path from "node:path";
import { applyMigrations, startDatabase, DEFAULT_EMBEDDED_PORT } from "@tradelab/db";
import { loadRunnerConfig } from "./config.js";
import { startRunner } from "./runner.js";
import { MarketDataStore } from "./market-data/data-store.js";
import { ensureSandboxImage } from "./sandbox/sandbox-image.js";

const log = (m: string) => console.log(`[runner] ${m}`);

async function main() {
  const config = loadRunnerConfig();
  const db = await startDatabase({ dataDir: path.join(config.dataDir, "postgres"), port: DEFAULT_EMBEDDED_PORT, log });
  await applyMigrations(db.url, { log });
  await new MarketDataStore(config.marketDataDir).ensureDefaultDataSet({ log });
  const image = await ensureSandboxImage({ log });
  const runner = await startRunner({ config, databaseUrl: db.url, image, log });
  const shutdown = async (signal: string) => {
    log(`${signal}: stopping`);
    // Running sandboxes are left to the next start's recovery; never hang on the way out.
    setTimeout(() => process.exit(1), 15_000).unref();
    await runner.stop().catch((e: Error) => log(`stop: ${e.message}`));
    await db.stop();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

main().catch((e: Error) => {
  console.error(`[runner] failed to start: ${e.stack ?? e.message}`);
  process.exit(1);
});
