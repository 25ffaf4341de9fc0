/**
 * `npm run bench`: what the platform costs on top of Freqtrade.
 *  1. The same backtest (SampleStrategy, BTC/USDT, 1 year of 5m) (a) with bare `freqtrade
 *     backtesting` in the same image through a plain `docker run`, (b) through the platform from
 *     enqueue to stored result. Interleaved, N pairs of runs, medians. Both use the sandbox runtime
 *     the platform uses, so the ratio is the platform's own overhead; the cost of gVisor itself is
 *     measured separately (3.).
 *  2. The identity check: both give the same trades and profit.
 *  3. Container start-up cost: runc vs runsc (`docker run --rm IMAGE` of a no-op).
 * The last line is `overhead_ratio=<platform/bare>`.
 */
import { execFile } from "node:child_process";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { applyMigrations, startDatabase } from "@tradelab/db";
import { loadRunnerConfig } from "../apps/runner/src/config.js";
import { MarketDataStore } from "../apps/runner/src/market-data/data-store.js";
import { ensureSandboxImage } from "../apps/runner/src/sandbox/sandbox-image.js";
import { startRunner } from "../apps/runner/src/runner.js";
import { createRunnerClient, waitForBacktestEnd } from "../apps/runner/src/api/client.js";
import { normalizeFreqtradeResult } from "../apps/runner/src/results/normalize-freqtrade-result.js";
import { runFreqtradeDirectly } from "./lib/direct-freqtrade.js";
import { benchResultsPage } from "./bench-results-page.js";
import { benchMarketplaceSearch } from "./bench-marketplace-search.js";

const exec = promisify(execFile);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const root = path.resolve(import.meta.dirname, "..");
const strategyFile = path.join(root, "examples/strategies/SampleStrategy.py");
const pairs = ["BTC/USDT"];
const timeframe = "5m";
const timerange = "20240101-20241231";
const log = (m: string) => console.error(`[bench] ${m}`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const fmt = (xs: number[]) => `median ${median(xs).toFixed(2)} s  (runs: ${xs.map((x) => x.toFixed(2)).join(", ")})`;

async function startupCost(image: string, runtime: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    await exec("docker", ["run", "--rm", "--network", "none", "--runtime", runtime, "--entrypoint", "/bin/true", image]);
    times.push((performance.now() - t) / 1000);
  }
  return times;
}

async function main() {
  const config = loadRunnerConfig({ concurrency: 1 }); // one job at a time: it gets the whole machine, as the bare run does
  await new MarketDataStore(config.marketDataDir).ensureDefaultDataSet({ log });
  const image = await ensureSandboxImage({ log });
  const tmp = await mkdtemp(path.join(os.tmpdir(), "tradelab-bench-"));
  await chmod(tmp, 0o755);
  const db = await startDatabase({ dataDir: path.join(tmp, "pg"), port: 0, log: () => {}, serverLogs: false, env: {} });
  await applyMigrations(db.url);
  const runner = await startRunner({
    config: { ...config, dataDir: tmp, jobsDir: path.join(tmp, "jobs"), port: 0 },
    databaseUrl: db.url, image, runnerName: "bench", log: () => {},
  });
  const runtime = runner.ctx.info.runtime;
  const client = createRunnerClient(runner.url);
  const source = await readFile(strategyFile, "utf8");
  const bare: number[] = [];
  const platform: number[] = [];
  let identical = true;
  try {
    for (let i = 0; i < ROUNDS; i++) {
      const direct = await runFreqtradeDirectly({ image, runtime, strategyFile, strategyName: "SampleStrategy", pairs, timeframe, timerange, marketDataDir: config.marketDataDir });
      bare.push(direct.seconds);
      const t = performance.now();
      const { id } = await client.backtest.enqueue.mutate({
        ownerEmail: "bench@tradelab.local",
        request: { strategy: { fileName: "SampleStrategy.py", source }, pairs, timeframe, timerange },
      });
      const status = await waitForBacktestEnd(client, id, { intervalMs: 50 });
      platform.push((performance.now() - t) / 1000);
      if (status.status !== "SUCCEEDED") throw new Error(`platform run ${id} ${status.status}: ${status.error?.message}`);
      const ours = await client.backtest.result.query({ id });
      const theirs = normalizeFreqtradeResult(direct.raw, { freqtradeVersion: null });
      const same = JSON.stringify(ours.trades) === JSON.stringify(theirs.trades) && ours.metrics.profitTotalAbs === theirs.metrics.profitTotalAbs;
      identical &&= same;
      log(`round ${i + 1}/${ROUNDS}: bare ${bare.at(-1)!.toFixed(2)} s, platform ${platform.at(-1)!.toFixed(2)} s, ${ours.trades.length} trades, identical=${same}`);
    }
    const runcStart = await startupCost(image, "runc");
    const runscStart = await startupCost(image, "runsc").catch(() => null);
    const bareRunc = [];
    if (runtime !== "runc") {
      for (let i = 0; i < ROUNDS; i++) {
        bareRunc.push((await runFreqtradeDirectly({ image, runtime: "runc", strategyFile, strategyName: "SampleStrategy", pairs, timeframe, timerange, marketDataDir: config.marketDataDir })).seconds);
      }
    }
    console.log(`backtest: SampleStrategy ${pairs.join(",")} ${timeframe} ${timerange} (generated data), ${ROUNDS} interleaved rounds, sandbox runtime ${runtime}`);
    console.log(`bare freqtrade (docker run, ${runtime}):        ${fmt(bare)}`);
    console.log(`platform (enqueue → stored result):     ${fmt(platform)}`);
    if (bareRunc.length) console.log(`bare freqtrade (docker run, runc):       ${fmt(bareRunc)}   gvisor_ratio=${(median(bare) / median(bareRunc)).toFixed(3)}`);
    console.log(`container start+stop, runc:              ${fmt(runcStart)}`);
    console.log(`container start+stop, runsc:             ${runscStart ? fmt(runscStart) : "runsc not registered"}`);
    console.log(`identical trades and profit in every round: ${identical}`);
    console.log(`overhead_ratio=${(median(platform) / median(bare)).toFixed(3)}`);
    if (!identical) process.exitCode = 1;
  } finally {
    await runner.stop();
    await db.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

main()
  .then(() => benchResultsPage())
  .then(() => benchMarketplaceSearch())
  .catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
