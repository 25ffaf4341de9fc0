import os from "node:os";
import path from "node:path";
import { existsSync } from "node:fs";
import type { SandboxLimits } from "./sandbox/container-client.js";

/** The repository root: the first ancestor holding `sandbox-images/`. */
export function repoRoot(from = path.dirname(new URL(import.meta.url).pathname)): string {
  let dir = from;
  while (!existsSync(path.join(dir, "sandbox-images"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${from}`);
    dir = parent;
  }
  return dir;
}

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

export function defaultSandboxLimits(): SandboxLimits {
  return {
    memoryBytes: int("SANDBOX_MEMORY_MB", 2048) * MiB,
    nanoCpus: Math.round(int("SANDBOX_CPUS", 1) * 1e9),
    pids: int("SANDBOX_PIDS", 256),
    outputBytes: int("SANDBOX_OUTPUT_MB", 128) * MiB,
    tmpBytes: int("SANDBOX_TMP_MB", 256) * MiB,
    timeoutMs: int("SANDBOX_TIMEOUT_SECONDS", 1800) * 1000,
    logBytes: int("SANDBOX_LOG_KB", 2048) * 1024,
  };
}

export function loadRunnerConfig(): RunnerConfig {
  const dataDir = path.resolve(process.env.TRADELAB_DATA_DIR ?? path.join(repoRoot(), ".data"));
  return {
    dataDir,
    marketDataDir: path.resolve(process.env.MARKET_DATA_DIR ?? path.join(dataDir, "market-data")),
    jobsDir: path.join(dataDir, "jobs"),
    port: int("RUNNER_PORT", 4100),
    host: process.env.RUNNER_HOST ?? "127.0.0.1",
    concurrency: int("RUNNER_CONCURRENCY", os.cpus().length),
    limits: defaultSandboxLimits(),
  };
}
