/**
 * Runs `freqtrade backtesting` directly in the sandbox image with a plain `docker run` — no
 * platform, no wrapper: what a user would type by hand. The parity test and the benchmark compare
 * the platform against it.
 */
import { execFile } from "node:child_process";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import AdmZip from "adm-zip";
import { buildExchangeInfo } from "../../apps/runner/src/market-data/markets-metadata.js";
import { parseFreqtradeJson } from "../../apps/runner/src/results/normalize-freqtrade-result.js";

const run = promisify(execFile);

export interface DirectRun {
  image: string;
  /** Docker runtime; plain `docker run` uses runc. */
  runtime?: string;
  strategyFile: string;
  strategyName: string;
  pairs: string[];
  timeframe: string;
  timerange: string;
  marketDataDir: string;
}

export async function runFreqtradeDirectly(opts: DirectRun): Promise<{ raw: unknown; seconds: number }> {
  const work = await mkdtemp(path.join(os.tmpdir(), "tradelab-direct-"));
  try {
    await mkdir(path.join(work, "strategies"));
    await mkdir(path.join(work, "user_data"));
    await mkdir(path.join(work, "results"));
    await writeFile(path.join(work, "strategies", path.basename(opts.strategyFile)), await readFile(opts.strategyFile));
    await writeFile(path.join(work, "markets.json"), JSON.stringify(buildExchangeInfo(opts.pairs)));
    await writeFile(path.join(work, "config.json"), JSON.stringify({
      max_open_trades: 3,
      stake_currency: "USDT",
      stake_amount: "unlimited",
      dry_run: true,
      dry_run_wallet: 1000,
      trading_mode: "spot",
      exchange: { name: "binance", key: "", secret: "", pair_whitelist: opts.pairs, ccxt_config: { options: { fetchMarkets: { types: ["spot"] } } } },
      pairlists: [{ method: "StaticPairList" }],
      entry_pricing: { price_side: "same" },
      exit_pricing: { price_side: "same" },
    }));
    for (const d of ["", "user_data", "results"]) await chmod(path.join(work, d), 0o777);
    const started = performance.now();
    await run("docker", [
      "run", "--rm", "--network", "none", ...(opts.runtime ? ["--runtime", opts.runtime] : []),
      "--user", "1000:1000", "-e", "HOME=/tmp", "-e", "TRADELAB_MARKETS_FILE=/work/markets.json",
      "--tmpfs", "/tmp", "-v", `${work}:/work`, "-v", `${opts.marketDataDir}:/data:ro`,
      "--entrypoint", "/opt/freqtrade-venv/bin/freqtrade", opts.image,
      "backtesting", "--config", "/work/config.json", "--userdir", "/work/user_data", "--datadir", "/data/binance",
      "--data-format-ohlcv", "feather", "--strategy", opts.strategyName, "--strategy-path", "/work/strategies",
      "--timeframe", opts.timeframe, "--timerange", opts.timerange, "--export", "trades",
      "--backtest-directory", "/work/results", "--cache", "none",
    ], { maxBuffer: 64 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    const zipName = (await readdir(path.join(work, "results"))).find((f) => f.endsWith(".zip"));
    if (!zipName) throw new Error("freqtrade wrote no result zip");
    return { raw: readFreqtradeResultZip(await readFile(path.join(work, "results", zipName))), seconds };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The main result JSON inside Freqtrade's result zip. */
export function readFreqtradeResultZip(zip: Buffer): unknown {
  const entry = new AdmZip(zip).getEntries().find((e) => /^backtest-result-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.json$/.test(e.entryName));
  if (!entry) throw new Error("no backtest-result-*.json in the zip");
  return parseFreqtradeJson(entry.getData().toString("utf8"));
}
