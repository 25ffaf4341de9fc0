import os from "node:os";
import path from "node:path";
import type { SandboxLimits } from "./sandbox/container-client.js";
import { findRepoRoot } from "./sandbox/sandbox-image.js";

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
};

export interface RunnerConfig {
  dataDir: string;
  marketDataDir: string;
  jobsDir: string;
  port: number;
  host: string;
  concurrency: number;
  limits: SandboxLimits;
}

const MiB = 1024 * 1024;

/** Each worker's share of the machine: CPUs / concurrency unless SANDBOX_CPUS says otherwise. */
export function defaultSandboxLimits(concurrency = runnerConcurrency()): SandboxLimits {
  const share = Math.max(1, Math.floor(os.cpus().length / concurrency));
  return {
    memoryBytes: int("SANDBOX_MEMORY_MB", 2048) * MiB,
    nanoCpus: Math.round(int("SANDBOX_CPUS", share) * 1e9),
    pids: int("SANDBOX_PIDS", 256),
    outputBytes: int("SANDBOX_OUTPUT_MB", 128) * MiB,
    tmpBytes: int("SANDBOX_TMP_MB", 256) * MiB,
    timeoutMs: int("SANDBOX_TIMEOUT_SECONDS", 1800) * 1000,
    logBytes: int("SANDBOX_LOG_KB", 2048) * 1024,
  };
}

const runnerConcurrency = () => int("RUNNER_CONCURRENCY", os.cpus().length);

export function loadRunnerConfig(overrides: { concurrency?: number } = {}): RunnerConfig {
  const concurrency = overrides.concurrency ?? runnerConcurrency();
  const dataDir = path.resolve(process.env.TRADELAB_DATA_DIR ?? path.join(findRepoRoot(), ".data"));
  return {
    dataDir,
    marketDataDir: path.resolve(process.env.MARKET_DATA_DIR ?? path.join(dataDir, "market-data")),
    jobsDir: path.join(dataDir, "jobs"),
    port: int("RUNNER_PORT", 4100),
    host: process.env.RUNNER_HOST ?? "127.0.0.1",
    concurrency,
    limits: defaultSandboxLimits(concurrency),
  };
}
