import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Docker from "dockerode";
import { existsSync } from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { startTestRunner } from "../../../test/helpers.js";
import { createRunnerClient, type RunnerClient } from "../src/api/client.js";
import { JOB_LABEL } from "../src/backtest/backtest-executor.js";
import { expectFailure, sampleRequest, strategyFile, submitAndWait } from "./run-helpers.js";

/**
 * Each hostile strategy must end as one clear failed job and harm nothing else: a normal backtest
 * submitted alongside completes, no container is left behind, the host is untouched.
 */
const CANARY = `canary-secret-${process.pid}-${Date.now()}`;

describe("hostile strategies in the sandbox", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;

  beforeAll(async () => {
    process.env.TRADELAB_TEST_CANARY_SECRET = CANARY; // in the runner's environment; must never reach a sandbox
    env = await startTestRunner({
      config: { concurrency: 2, limits: { memoryBytes: 768 * 2 ** 20, nanoCpus: 1e9, pids: 128, outputBytes: 32 * 2 ** 20, tmpBytes: 64 * 2 ** 20, timeoutMs: 60_000, logBytes: 256 * 1024 } },
    });
    client = createRunnerClient(env.runner.url);
  });
  afterAll(async () => {
    delete process.env.TRADELAB_TEST_CANARY_SECRET;
    await env?.stop();
  });

  const hostile = (name: string, extra: object = {}) =>
    strategyFile("hostile", name).then(async (strategy) => submitAndWait(client, { ...(await sampleRequest()), strategy, timerange: "20240101-20240115", ...extra }));

  it("a strategy that opens a socket fails: no network", async () => {
    const s = await hostile("NetworkStrategy.py");
    expect(s.status).toBe("FAILED");
    expect(s.error?.message).toMatch(/network is unreachable|name resolution|name or service not known|errno -3|errno 101/i);
    expect(s.error?.message).not.toMatch(/NETWORK REACHED/);
  });

  it("a strategy that writes outside the output directory fails: read-only file system", async () => {
    const s = await hostile("WriteOutsideStrategy.py");
    expect(s.status).toBe("FAILED");
    // runc reports EROFS; gVisor reports EACCES for the same read-only mount.
    expect(s.error?.message).toMatch(/read-only file system|\[Errno 13\] Permission denied: '\/pwned.txt'/i);
    expect(existsSync(path.join(inject("marketDataDir"), "binance", "pwned.feather"))).toBe(false);
  });

  it("the sandbox environment holds no secrets", async () => {
    const s = await hostile("EnvSecretsStrategy.py");
    expect(s.status).toBe("FAILED");
    const log = (await env.runner.ctx.artifacts.get(s.artifacts["log.txt"]!)).toString("utf8");
    const dumps = log.split("\n").filter((l) => l.includes("ENVDUMP"));
    expect(dumps.length).toBe(2); // os.environ and /proc/1/environ
    expect(log).not.toContain(CANARY);
    expect(log).not.toMatch(/postgres(ql)?:\/\//);
    // Only the variables the sandbox is meant to have; none named like a credential.
    const names = [...dumps[0]!.matchAll(/'([A-Z_][A-Z0-9_]*)': /g)].map((m) => m[1]!);
    expect(names).toContain("TRADELAB_MARKETS_FILE");
    expect(names.filter((n) => /KEY|SECRET|TOKEN|PASSWORD|DATABASE|CREDENTIAL|AWS|GCS|GOOGLE/.test(n))).toEqual([]);
  });

  it("a fork bomb hits the process limit and fails that job only", async () => {
    const [bomb, normal] = await Promise.all([hostile("ForkBombStrategy.py"), submitAndWait(client, await sampleRequest({ timerange: "20240101-20240115" }))]);
    expect(["FAILED", "TIMED_OUT"]).toContain(bomb.status);
    expect(bomb.error?.message).toMatch(/resource temporarily unavailable|wall-clock limit|fork|process/i);
    expect(normal.status).toBe("SUCCEEDED");
  });

  it("a memory bomb is killed at the memory limit", async () => {
    const s = await hostile("MemoryBombStrategy.py");
    expect(s.status).toBe("FAILED");
    expect(s.error?.kind).toMatch(/memory_limit|runtime/);
    expect(s.error?.message).toMatch(/memory/i);
  });

  it("an infinite loop is stopped at the wall-clock limit", async () => {
    const s = await hostile("InfiniteLoopStrategy.py", { timeoutSeconds: 20 });
    expectFailure(s, "TIMED_OUT", "timeout", /wall-clock limit of 20 s/);
  });

  it("a stdout flood is cut at the log cap", async () => {
    const s = await hostile("StdoutFloodStrategy.py");
    expectFailure(s, "FAILED", "output_limit", /more than 256 KiB of log output/);
  });

  it("filling the disk fails with no space left, within the tmpfs limits", async () => {
    const s = await hostile("DiskFillStrategy.py");
    expect(s.status).toBe("FAILED");
    expect(s.error?.message).toMatch(/no space left on device/i);
  });

  it("a syntax error names the line", async () => {
    const s = await hostile("SyntaxErrorStrategy.py");
    expect(s.status).toBe("FAILED");
    expect(s.error).toMatchObject({ kind: "syntax", line: 14, file: "SyntaxErrorStrategy.py" });
  });

  it("leaves no sandbox container behind", async () => {
    const left = await new Docker().listContainers({ all: true, filters: { label: [JOB_LABEL] } });
    const ours = await env.runner.prisma.backtest.findMany({ select: { id: true } });
    const ids = new Set(ours.map((b) => b.id));
    expect(left.filter((c) => ids.has(c.Labels[JOB_LABEL]!))).toEqual([]);
  });
});
