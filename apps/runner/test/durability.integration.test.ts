import { afterAll, describe, expect, inject, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import Docker from "dockerode";
import pg from "pg";
import { createTestDatabase, testRunnerConfig } from "../../../test/helpers.js";
import { createRunnerClient } from "../src/api/client.js";
import { JOB_LABEL } from "../src/backtest/backtest-executor.js";
import { sampleRequest, waitForTerminal } from "./run-helpers.js";

const root = path.resolve(import.meta.dirname, "../../..");

async function sql(url: string, text: string, values: unknown[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try { return (await client.query(text, values)).rows; } finally { await client.end(); }
}

/** The real runner process, as `npm start` runs it. */
function spawnRunner(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/runner/src/main.ts")], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", () => {});
  child.stderr!.on("data", (d: Buffer) => process.stderr.write(`[runner ${child.pid}] ${d}`));
  return child;
}

async function waitForHealth(url: string, child: ChildProcess) {
  const client = createRunnerClient(url);
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`runner exited with ${child.exitCode}`);
    try { return await client.health.query(); } catch { await new Promise((r) => setTimeout(r, 500)); }
  }
  throw new Error("runner did not come up");
}

describe("durability", () => {
  const children: ChildProcess[] = [];
  let cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
    for (const fn of cleanup) await fn();
  });

  it("a runner killed with SIGKILL mid-job loses nothing: after restart the job completes exactly once", async () => {
    const db = await createTestDatabase();
    const config = await testRunnerConfig();
    cleanup = [db.drop, config.cleanup];
    const port = 41000 + Math.floor(Math.random() * 2000);
    const env = {
      DATABASE_URL: db.url,
      TRADELAB_DATA_DIR: config.dataDir,
      MARKET_DATA_DIR: inject("marketDataDir"),
      RUNNER_PORT: String(port),
      RUNNER_NAME: `durability-${port}`,
      RUNNER_CONCURRENCY: "1",
    };
    const url = `http://127.0.0.1:${port}`;
    const first = spawnRunner(env);
    children.push(first);
    await waitForHealth(url, first);
    const client = createRunnerClient(url);
    const { id } = await client.backtest.enqueue.mutate({ ownerEmail: "d@example.com", request: await sampleRequest({ timerange: "20240101-20240601" }) });

    // Wait until its sandbox container is really running, then kill the runner without warning.
    const docker = new Docker();
    const containerOf = async () => docker.listContainers({ filters: { label: [`${JOB_LABEL}=${id}`] } });
    for (let i = 0; i < 600 && (await containerOf()).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect((await containerOf()).length).toBe(1);
    first.kill("SIGKILL");
    await new Promise((r) => first.once("exit", r));
    const orphan = await containerOf();
    expect(orphan.length).toBe(1); // the orphan is still there until a runner reaps it
    expect(await sql(db.url, `SELECT status FROM "Backtest" WHERE id = $1`, [id])).toEqual([{ status: "RUNNING" }]);

    const second = spawnRunner(env);
    children.push(second);
    await waitForHealth(url, second);
    const final = await waitForTerminal(createRunnerClient(url), id);
    expect(final.status).toBe("SUCCEEDED");
    expect(final.attempt).toBe(2);
    expect(final.metrics?.totalTrades).toBeGreaterThan(0);
    // The first attempt's container was reaped, and the queue holds one completed job for it.
    expect(await docker.listContainers({ all: true, filters: { id: [orphan[0]!.Id] } })).toEqual([]);
    const jobs = await sql(db.url, `SELECT state FROM pgboss.job WHERE data->>'backtestId' = $1
      UNION ALL SELECT state FROM pgboss.archive WHERE data->>'backtestId' = $1`, [id]);
    expect(jobs).toEqual([{ state: "completed" }]);
    second.kill("SIGTERM");
    await new Promise((r) => second.once("exit", r));
  });
});

