import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestRunner } from "../../../test/helpers.js";
import { createRunnerClient, type RunnerClient } from "../src/api/client.js";
import { sampleRequest, waitForTerminal } from "./run-helpers.js";

describe("queue with concurrency 2", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  beforeAll(async () => {
    env = await startTestRunner({ config: { concurrency: 2 } });
    client = createRunnerClient(env.runner.url);
  });
  afterAll(() => env?.stop());

  it("runs 6 jobs two at a time, shows queue positions, and never starts a cancelled queued job", async () => {
    const request = await sampleRequest({ timerange: "20240101-20240108" });
    const submitted = [];
    for (let i = 0; i < 7; i++) submitted.push(await client.backtest.enqueue.mutate({ ownerEmail: "q@example.com", request }));
    // The last job waits behind six others: it is still queued, with a position past the workers.
    expect(submitted[6]!.queuePosition).toBeGreaterThanOrEqual(5);
    const cancelled = await client.backtest.cancel.mutate({ id: submitted[6]!.id });
    expect(cancelled.status).toBe("CANCELLED");

    // Sample the RUNNING count while they drain: never more than the concurrency.
    let maxRunning = 0;
    const sampler = setInterval(async () => {
      const running = await env.runner.prisma.backtest.count({ where: { status: "RUNNING" } });
      maxRunning = Math.max(maxRunning, running);
    }, 200);
    const finals = await Promise.all(submitted.slice(0, 6).map((s) => waitForTerminal(client, s.id)));
    clearInterval(sampler);
    expect(finals.map((f) => f.status)).toEqual(Array(6).fill("SUCCEEDED"));
    expect(maxRunning).toBeLessThanOrEqual(2);
    expect(maxRunning).toBeGreaterThanOrEqual(1);

    const never = await client.backtest.status.query({ id: submitted[6]!.id });
    expect(never).toMatchObject({ status: "CANCELLED", startedAt: null, attempt: 0 });
    await expect(client.backtest.cancel.mutate({ id: submitted[0]!.id })).rejects.toThrow(/succeeded and cannot be cancelled/);
  });

  it("cancels a running job", async () => {
    const { id } = await client.backtest.enqueue.mutate({
      ownerEmail: "q@example.com",
      request: await sampleRequest({ timerange: "20230101-20241231" }),
    });
    while ((await client.backtest.status.query({ id })).status !== "RUNNING") await new Promise((r) => setTimeout(r, 100));
    expect((await client.backtest.cancel.mutate({ id })).status).toBe("CANCELLING");
    const final = await waitForTerminal(client, id);
    expect(final.status).toBe("CANCELLED");
  });
});
