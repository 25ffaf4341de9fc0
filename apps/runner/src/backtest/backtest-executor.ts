import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { BacktestError, BacktestResult, BacktestStatus } from "@tradelab/contracts";
import type { PrismaClient } from "@tradelab/db";
import type { ContainerClient, SandboxLimits, SandboxRun } from "../sandbox/container-client.js";
import type { ArtifactStore } from "../storage/artifact-store.js";
import type { LogHub } from "../logs/log-hub.js";
import { untar } from "../sandbox/tar.js";
import { buildExchangeInfo } from "../market-data/markets-metadata.js";
import { classifySandboxRun } from "./sandbox-outcome.js";
import { normalizeFreqtradeResult, headlineMetrics, tradesToCsv, parseFreqtradeJson } from "../results/normalize-freqtrade-result.js";
import { parseIndicatorsArtifact } from "../results/indicators-artifact.js";
import type { StoredRequest } from "./backtest-service.js";

type Log = (msg: string) => void;

export interface BacktestExecutorDeps {
  prisma: PrismaClient;
  containers: ContainerClient;
  artifacts: ArtifactStore;
  logs: LogHub;
  image: string;
  limits: SandboxLimits;
  marketDataDir: string;
  jobsDir: string;
  runnerInstance: string;
  log: Log;
}

/** The label every sandbox carries, so the reaper can find orphans after a crash. */
export const JOB_LABEL = "tradelab.backtest";
export const RUNNER_LABEL = "tradelab.runner";

/** The contract of the sandbox image's entry wrapper (sandbox-images/freqtrade/README.md). */
export function sandboxJobFile(request: StoredRequest, className: string, fileName: string) {
  return {
    strategyName: className,
    strategyFile: fileName,
    timeframe: request.timeframe,
    timerange: request.timerange,
    pairs: request.pairs,
    stakeCurrency: request.stakeCurrency,
    stakeAmount: request.stakeAmount,
    dryRunWallet: request.dryRunWallet,
    maxOpenTrades: request.maxOpenTrades,
    fee: request.fee ?? null,
    exchange: "binance",
    params: request.params,
  };
}

/** Runs one claimed backtest in the sandbox and records its outcome exactly once. */
export class BacktestExecutor {
  private readonly running = new Map<string, AbortController>();

  constructor(private readonly deps: BacktestExecutorDeps) {}

  /** The wall-clock limit of a job: its own, or the runner's default. */
  timeoutMs(request: Pick<StoredRequest, "timeoutSeconds">): number {
    return request.timeoutSeconds ? request.timeoutSeconds * 1000 : this.deps.limits.timeoutMs;
  }

  /** Aborts a job running in this process; false when it isn't running here. */
  cancelRunning(backtestId: string): boolean {
    const ctl = this.running.get(backtestId);
    ctl?.abort();
    return !!ctl;
  }

  async execute(backtestId: string, queueJobId: string): Promise<void> {
    const { prisma, log, runnerInstance } = this.deps;
    const claimed = await prisma.backtest.updateMany({
      where: { id: backtestId, status: "QUEUED" },
      data: { status: "RUNNING", attempt: { increment: 1 }, runnerInstance, startedAt: new Date(), queueJobId },
    });
    if (claimed.count === 0) {
      log(`backtest ${backtestId}: not queued any more (done, cancelled or running elsewhere); skipping job ${queueJobId}`);
      return;
    }
    const bt = await prisma.backtest.findUniqueOrThrow({ where: { id: backtestId }, include: { strategyVersion: true } });
    const controller = new AbortController();
    this.running.set(backtestId, controller);
    this.deps.logs.open(backtestId);
    const jobDir = path.join(this.deps.jobsDir, `${backtestId}-${bt.attempt}`);
    try {
      const outcome = await this.runInSandbox(bt.id, bt.request as StoredRequest, bt.strategyVersion, jobDir, controller.signal);
      await this.finish(bt.id, bt.attempt, outcome);
    } catch (e) {
      log(`backtest ${backtestId}: internal error: ${(e as Error).stack}`);
      await this.finish(bt.id, bt.attempt, {
        status: "FAILED",
        error: { kind: "internal", message: `internal error in the runner: ${(e as Error).message}` },
        artifacts: {},
        runtime: null,
      });
    } finally {
      this.running.delete(backtestId);
      this.deps.logs.close(backtestId);
      await rm(jobDir, { recursive: true, force: true });
    }
  }

  private async runInSandbox(
    backtestId: string,
    request: StoredRequest,
    version: { source: string; fileName: string; className: string },
    jobDir: string,
    signal: AbortSignal,
  ): Promise<Outcome> {
    const { containers, artifacts, logs } = this.deps;
    const limits = { ...this.deps.limits, timeoutMs: this.timeoutMs(request) };
    await mkdir(path.join(jobDir, "strategy"), { recursive: true });
    await writeFile(path.join(jobDir, "job.json"), JSON.stringify(sandboxJobFile(request, version.className, version.fileName), null, 2));
    await writeFile(path.join(jobDir, "strategy", version.fileName), version.source);
    await writeFile(path.join(jobDir, "markets.json"), JSON.stringify(buildExchangeInfo(request.pairs)));

    const run: SandboxRun = await containers.runSandboxed({
      image: this.deps.image,
      inputs: [
        { hostPath: jobDir, containerPath: "/job" },
        { hostPath: this.deps.marketDataDir, containerPath: "/data" },
      ],
      env: { TRADELAB_MARKETS_FILE: "/job/markets.json", HOME: "/tmp" },
      labels: { [JOB_LABEL]: backtestId, [RUNNER_LABEL]: this.deps.runnerInstance },
      limits,
      outputPath: "/output",
      onLog: (line) => logs.push(backtestId, line),
      signal,
    });

    const files = run.outcome === "exited" ? await untar(run.stdout).catch(() => new Map<string, Buffer>()) : new Map<string, Buffer>();
    const parseJson = (name: string): unknown => {
      const buf = files.get(name);
      if (!buf) return undefined;
      try { return parseFreqtradeJson(buf.toString("utf8")); } catch { return undefined; }
    };
    const rawResult = parseJson("result.json");
    const errorFile = parseJson("error.json");
    const status = parseJson("status.json") as { freqtradeVersion?: string } | undefined;
    let { status: finalStatus, error } = classifySandboxRun(run, limits, errorFile, rawResult !== undefined);

    const key = (name: string) => `backtests/${backtestId}/${name}`;
    const stored: Record<string, string> = {};
    stored["log.txt"] = await artifacts.put(key("log.txt"), run.log, "text/plain");
    let result: BacktestResult | null = null;
    if (finalStatus === "SUCCEEDED") {
      try {
        result = normalizeFreqtradeResult(rawResult, { freqtradeVersion: status?.freqtradeVersion ?? null });
      } catch (e) {
        finalStatus = "FAILED";
        error = { kind: "internal", message: `could not read Freqtrade's result: ${(e as Error).message}` };
      }
    }
    for (const [name, buf] of files) {
      if (name.startsWith("freqtrade/") || name === "result.json") {
        const artifactName = name === "result.json" ? "freqtrade-result.json" : name;
        stored[artifactName] = await artifacts.put(key(artifactName), buf);
      }
    }
    if (result) {
      stored["result.json"] = await artifacts.put(key("result.json"), JSON.stringify(result), "application/json");
      stored["trades.csv"] = await artifacts.put(key("trades.csv"), tradesToCsv(result.trades), "text/csv");
      const indicators = files.get("indicators.json");
      if (indicators) {
        // Checked once here, so that chart reads can trust the stored file.
        const problem = checkIndicators(indicators);
        if (problem) this.deps.log(`backtest ${backtestId}: indicators.json not stored: ${problem}`);
        else stored["indicators.json"] = await artifacts.put(key("indicators.json"), indicators, "application/json");
      }
    }
    if (error) stored["error.json"] = await artifacts.put(key("error.json"), JSON.stringify(error, null, 2), "application/json");
    return { status: finalStatus, error, artifacts: stored, runtime: run.runtime, result, durationMs: run.durationMs };
  }

  private async finish(id: string, attempt: number, o: Outcome): Promise<void> {
    const done = await this.deps.prisma.backtest.updateMany({
      where: { id, attempt, status: "RUNNING" },
      data: {
        status: o.status,
        finishedAt: new Date(),
        durationMs: o.durationMs ?? null,
        runtime: o.runtime,
        imageTag: this.deps.image,
        error: o.error ?? undefined,
        metrics: o.result ? headlineMetrics(o.result) : undefined,
        artifactUris: o.artifacts,
      },
    });
    this.deps.log(`backtest ${id}: ${o.status}${o.error ? ` (${o.error.kind}: ${o.error.message.split("\n")[0]})` : ""}${done.count === 0 ? " — not recorded: the row moved on" : ""}`);
  }
}

/** Why the sandbox's indicators.json is unusable, or null when it is fine. */
function checkIndicators(buf: Buffer): string | null {
  try {
    parseIndicatorsArtifact(buf.toString("utf8"));
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

interface Outcome {
  status: BacktestStatus;
  error: BacktestError | null;
  artifacts: Record<string, string>;
  runtime: string | null;
  result?: BacktestResult | null;
  durationMs?: number;
}

