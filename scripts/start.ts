/**
 * `npm start`: the whole platform on one machine with embedded defaults — PostgreSQL (embedded
 * unless DATABASE_URL is set), migrations, the default market data set, the sandbox image, the
 * runner, and the web app (production build, rebuilt when its sources change).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { applyMigrations, startDatabase, DEFAULT_EMBEDDED_PORT } from "@tradelab/db";
import { loadRunnerConfig } from "../apps/runner/src/config.js";
import { MarketDataStore } from "../apps/runner/src/market-data/data-store.js";
import { ensureSandboxImage } from "../apps/runner/src/sandbox/sandbox-image.js";
import { ensureWebBuild } from "./lib/web-build.js";

const root = path.resolve(import.meta.dirname, "..");
const log = (m: string) => console.log(`[start] ${m}`);
const WEB_PORT = Number(process.env.WEB_PORT ?? 3000);

async function main() {
  const config = loadRunnerConfig();
  const db = await startDatabase({ dataDir: path.join(config.dataDir, "postgres"), port: Number(process.env.PGPORT ?? DEFAULT_EMBEDDED_PORT), log });
  await applyMigrations(db.url, { log });
  const data = new MarketDataStore(config.marketDataDir);
  await data.ensureDefaultDataSet({ log });
  await ensureSandboxImage({ log });
  ensureWebBuild({ log });

  const env = { ...process.env, DATABASE_URL: db.url, TRADELAB_DATA_DIR: config.dataDir, NEXT_TELEMETRY_DISABLED: "1" };
  const children: ChildProcess[] = [
    spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/runner/src/main.ts")], { cwd: root, env, stdio: "inherit" }),
    spawn("npx", ["next", "start", "-p", String(WEB_PORT)], { cwd: path.join(root, "apps/web"), env, stdio: "inherit" }),
  ];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
    await db.stop();
    process.exit(code);
  };
  for (const c of children) c.once("exit", (code) => { if (!stopping) { log(`a platform process exited (${code}); stopping`); void stop(1); } });
  process.once("SIGINT", () => void stop(0));
  process.once("SIGTERM", () => void stop(0));
  log(`web app:  http://localhost:${WEB_PORT}   (health: http://localhost:${WEB_PORT}/health)`);
  log(`runner:   http://127.0.0.1:${config.port}   — try: npm run backtest -- examples/strategies/SampleStrategy.py --pairs BTC/USDT,ETH/USDT --timeframe 5m --timerange 20240101-20241231`);
}

main().catch((e: Error) => {
  console.error(`[start] ${e.stack ?? e.message}`);
  process.exit(1);
});
