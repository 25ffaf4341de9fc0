import os from "node:os";
import http from "node:http";
import { createHTTPServer } from "@trpc/server/adapters/standalone";
import { createPrismaClient, type PrismaClient } from "@tradelab/db";
import type { RunnerConfig } from "./config.js";
import { BacktestQueue } from "./queue/backtest-queue.js";
import { BacktestExecutor } from "./backtest/backtest-executor.js";
import { recoverAbandonedBacktests } from "./backtest/recover-abandoned.js";
import { DockerContainerClient } from "./sandbox/docker-container-client.js";
import type { ContainerClient } from "./sandbox/container-client.js";
import { LogHub } from "./logs/log-hub.js";
import { MarketDataStore } from "./market-data/data-store.js";
import { createArtifactStore } from "./storage/create-artifact-store.js";
import { runnerRouter } from "./api/router.js";
import type { RunnerContext } from "./api/context.js";

export interface RunnerOptions {
  config: RunnerConfig;
  databaseUrl: string;
  image: string;
  /** Stable per host: a restarted runner of the same name recovers its predecessor's jobs. */
  runnerName?: string;
  containers?: ContainerClient;
  log?: (msg: string) => void;
  /** false: accept and queue jobs but run none (tests of the queue itself). */
  startWorkers?: boolean;
}

export interface Runner {
  ctx: RunnerContext;
  prisma: PrismaClient;
  url: string;
  stop(): Promise<void>;
}

/** Wires the runner's parts together: used by main.ts and by integration tests alike. */
export async function startRunner(opts: RunnerOptions): Promise<Runner> {
  const { config } = opts;
  const log = opts.log ?? ((m: string) => console.log(`[runner] ${m}`));
  const runnerName = opts.runnerName ?? process.env.RUNNER_NAME ?? os.hostname();
  const runnerInstance = `${runnerName}/${process.pid}-${Date.now()}`;

  const prisma = createPrismaClient(opts.databaseUrl);
  const containers = opts.containers ?? new DockerContainerClient(undefined, log);
  const queue = new BacktestQueue(opts.databaseUrl, log);
  await queue.start();
  const artifacts = createArtifactStore({ dataDir: config.dataDir });
  const marketData = new MarketDataStore(config.marketDataDir);
  const logs = new LogHub();
  const executor = new BacktestExecutor({
    prisma, containers, artifacts, logs, log, runnerInstance,
    image: opts.image,
    limits: config.limits,
    marketDataDir: config.marketDataDir,
    jobsDir: config.jobsDir,
  });
  const runtime = await containers.sandboxRuntime();
  const ctx: RunnerContext = {
    prisma, queue, artifacts, marketData, executor, logs,
    info: { runtime, image: opts.image, concurrency: config.concurrency, runnerInstance },
  };

  await recoverAbandonedBacktests({ prisma, containers, queue, runnerName, runnerInstance, log });
  if (opts.startWorkers !== false) {
    await queue.work(config.concurrency, (payload, jobId) => executor.execute(payload.backtestId, jobId));
  }

  const server = createHTTPServer({ router: runnerRouter, createContext: () => ctx });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const addr = server.address() as import("node:net").AddressInfo;
  const url = `http://${config.host}:${addr.port}`;
  log(`listening on ${url} (instance ${runnerInstance}, ${config.concurrency} worker(s), sandbox runtime ${runtime})`);

  return {
    ctx,
    prisma,
    url,
    async stop() {
      const closed = new Promise<void>((resolve) => (server as http.Server).close(() => resolve()));
      (server as http.Server).closeAllConnections(); // live log streams would hold close() open
      await closed;
      await queue.stop();
      await prisma.$disconnect();
    },
  };
}
