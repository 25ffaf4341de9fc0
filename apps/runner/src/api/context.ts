import type { PrismaClient } from "@tradelab/db";
import type { ArtifactStore } from "../storage/artifact-store.js";
import type { BacktestQueue } from "../queue/backtest-queue.js";
import type { MarketDataStore } from "../market-data/data-store.js";
import type { BacktestExecutor } from "../backtest/backtest-executor.js";
import type { LogHub } from "../logs/log-hub.js";

/** Everything a procedure may use; built once per runner process (createInnerContext in tests). */
export interface RunnerContext {
  prisma: PrismaClient;
  queue: BacktestQueue;
  artifacts: ArtifactStore;
  marketData: MarketDataStore;
  executor: BacktestExecutor;
  logs: LogHub;
  info: { runtime: string; image: string; concurrency: number; runnerInstance: string };
}
