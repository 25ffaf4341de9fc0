import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestRunner, exampleStrategyPath } from "../../../test/helpers.js";
import { createRunnerClient, type RunnerClient } from "../src/api/client.js";
import { normalizeFreqtradeResult } from "../src/results/normalize-freqtrade-result.js";
import { runFreqtradeDirectly } from "../../../scripts/lib/direct-freqtrade.js";
import { sampleRequest, submitAndWait } from "./run-helpers.js";

/**
 * The platform adds a sandbox, a queue and a parser around Freqtrade; none of that may change the
 * backtest. The same strategy on the same data, run by hand with `freqtrade backtesting` in a
 * plain `docker run`, must give the same trades and the same profit.
 */
describe("platform vs. plain freqtrade backtesting", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  beforeAll(async () => {
    env = await startTestRunner();
    client = createRunnerClient(env.runner.url);
  });
  afterAll(() => env?.stop());

  it("streams the live log while the job runs, then serves the stored log", async () => {
    const { id } = await client.backtest.enqueue.mutate({ ownerEmail: "log@example.com", request: await sampleRequest({ timerange: "20240101-20240201" }) });
    const live: Array<{ seq: number; line: string }> = [];
    await new Promise<void>((resolve, reject) => {
      const sub = client.backtest.logs.subscribe({ id }, {
        onData: (d) => live.push(d),
        onError: (e) => { sub.unsubscribe(); reject(e); },
        onComplete: () => resolve(),
      });
    });
    expect(live.map((l) => l.seq)).toEqual(live.map((_, i) => i));
    expect(live.some((l) => /freqtrade exited with 0/.test(l.line))).toBe(true);
    const final = await client.backtest.status.query({ id });
    expect(final.status).toBe("SUCCEEDED");
    // A late subscriber gets the stored log, from the sequence number it asks for.
    const replay: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const sub = client.backtest.logs.subscribe({ id, fromSeq: 2 }, { onData: (d) => replay.push(d.line), onError: (e) => { sub.unsubscribe(); reject(e); }, onComplete: () => resolve() });
    });
    expect(replay).toEqual(live.slice(2).map((l) => l.line));
  });

  it("gives identical trades and total profit", async () => {
    const pairs = ["BTC/USDT", "ETH/USDT"];
    const timerange = "20240101-20240501";
    const [platform, direct] = await Promise.all([
      submitAndWait(client, await sampleRequest({ pairs, timerange })),
      runFreqtradeDirectly({
        image: inject("sandboxImage"), strategyFile: exampleStrategyPath("SampleStrategy.py"), strategyName: "SampleStrategy",
        pairs, timeframe: "5m", timerange, marketDataDir: inject("marketDataDir"),
      }),
    ]);
    expect(platform.status).toBe("SUCCEEDED");
    const ours = await client.backtest.result.query({ id: platform.id });
    const theirs = normalizeFreqtradeResult(direct.raw, { freqtradeVersion: null });
    expect(ours.trades.length).toBeGreaterThan(20);
    expect(ours.trades).toEqual(theirs.trades);
    expect(ours.metrics.profitTotalAbs).toBe(theirs.metrics.profitTotalAbs);
    expect(ours.metrics).toEqual(theirs.metrics);
  });
});
