import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import pg from "pg";
import { inject } from "vitest";
import { applyMigrations } from "@tradelab/db";
import { defaultSandboxLimits, type RunnerConfig } from "../apps/runner/src/config.js";
import { startRunner, type Runner, type RunnerOptions } from "../apps/runner/src/runner.js";

/** A fresh, migrated database on the run's PostgreSQL server; dropped by the returned cleanup. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = inject("adminDatabaseUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function testRunnerConfig(overrides: Partial<RunnerConfig> = {}): Promise<RunnerConfig & { cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "tradelab-test-runner-"));
  return {
    dataDir,
    marketDataDir: inject("marketDataDir"),
    jobsDir: path.join(dataDir, "jobs"),
    port: 0,
    host: "127.0.0.1",
    concurrency: 2,
    limits: { ...defaultSandboxLimits(), timeoutMs: 300_000 },
    ...overrides,
    cleanup: () => rm(dataDir, { recursive: true, force: true }),
  };
}

/** An in-process runner on its own database and data dir, with the real Docker engine. */
export async function startTestRunner(opts: Partial<Omit<RunnerOptions, "config">> & { config?: Partial<RunnerConfig> } = {}) {
  const db = await createTestDatabase();
  const config = await testRunnerConfig();
  const runner: Runner = await startRunner({
    databaseUrl: db.url,
    image: inject("sandboxImage"),
    runnerName: `test-${randomBytes(4).toString("hex")}`,
    log: () => {},
    ...opts,
    config: { ...config, ...opts.config },
  });
  return {
    runner,
    db,
    config,
    async stop() {
      await runner.stop();
      await db.drop();
      await config.cleanup();
    },
  };
}

export const exampleStrategyPath = (name: string) => path.resolve(import.meta.dirname, "../examples/strategies", name);
export const hostileStrategyPath = (name: string) => path.resolve(import.meta.dirname, "../apps/runner/test/hostile-strategies", name);
export const brokenStrategyPath = (name: string) => path.resolve(import.meta.dirname, "../apps/runner/test/broken-strategies", name);

/** A TCP port free on the loopback address right now, for an emulator a test starts (fake-gcs-server, stripe-mock). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().once("error", reject).listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
