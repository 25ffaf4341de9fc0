import os from "node:os";
import path from "node:path";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { startDatabase } from "@tradelab/db";
import { ensureSandboxImage } from "../apps/runner/src/sandbox/sandbox-image.js";
import { MarketDataStore } from "../apps/runner/src/market-data/data-store.js";
import { loadRunnerConfig } from "../apps/runner/src/config.js";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    sandboxImage: string;
    marketDataDir: string;
  }
}

const log = (m: string) => console.log(`[test setup] ${m}`);

/** One PostgreSQL server for the run (each test file makes its own database), the image, the data. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "tradelab-test-pg-"));
  await chmod(dir, 0o755); // PostgreSQL runs as its own user and must reach its data dir
  const db = await startDatabase({ dataDir: path.join(dir, "data"), port: 0, log, serverLogs: false });
  const config = loadRunnerConfig();
  await new MarketDataStore(config.marketDataDir).ensureDefaultDataSet({ log });
  const image = await ensureSandboxImage({ log });
  project.provide("adminDatabaseUrl", db.url);
  project.provide("sandboxImage", image);
  project.provide("marketDataDir", config.marketDataDir);
  return async () => {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
