import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRunner } from "../../../test/helpers.js";
import { createRunnerClient, type RunnerClient } from "../src/api/client.js";
import { sampleRequest } from "./run-helpers.js";

describe("submitting backtests", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  beforeAll(async () => {
    env = await startTestRunner({ startWorkers: false });
    client = createRunnerClient(env.runner.url);
  });
  afterAll(() => env?.stop());

  it("concurrent submissions by one user share one user, strategy and immutable version", async () => {
    const request = await sampleRequest();
    const results = await Promise.all(Array.from({ length: 6 }, () => client.backtest.enqueue.mutate({ ownerEmail: "race@example.com", request })));
    expect(new Set(results.map((r) => r.id)).size).toBe(6);
    const { prisma } = env.runner;
    expect(await prisma.user.count({ where: { email: "race@example.com" } })).toBe(1);
    expect(await prisma.strategy.count()).toBe(1);
    expect(await prisma.strategyVersion.count()).toBe(1);
    expect(await prisma.backtest.count({ where: { status: "QUEUED" } })).toBe(6);
    // Queue positions follow submission order.
    const positions = await Promise.all(results.map((r) => client.backtest.status.query({ id: r.id }).then((s) => s.queuePosition)));
    expect([...positions].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("an edited source is a new version of the same strategy; the same source is not", async () => {
    const request = await sampleRequest();
    const edited = { ...request, strategy: { ...request.strategy, source: request.strategy.source + "\n# tuned\n" } };
    await client.backtest.enqueue.mutate({ ownerEmail: "race@example.com", request: edited });
    await client.backtest.enqueue.mutate({ ownerEmail: "race@example.com", request });
    expect(await env.runner.prisma.strategyVersion.count()).toBe(2);
    expect(await env.runner.prisma.strategy.count()).toBe(1);
  });

  it("lists a user's backtests newest first, a page at a time", async () => {
    const first = await client.backtest.list.query({ ownerEmail: "race@example.com", limit: 5 });
    expect(first.items).toHaveLength(5);
    expect(first.nextCursor).not.toBeNull();
    const second = await client.backtest.list.query({ ownerEmail: "race@example.com", limit: 5, cursor: first.nextCursor! });
    expect(second.items).toHaveLength(3);
    expect(second.nextCursor).toBeNull();
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((b) => b.id)).size).toBe(8);
    expect(all.map((b) => b.createdAt)).toEqual([...all.map((b) => b.createdAt)].sort().reverse());
    expect((await client.backtest.list.query({ ownerEmail: "nobody@example.com", limit: 5 })).items).toEqual([]);
  });
});
