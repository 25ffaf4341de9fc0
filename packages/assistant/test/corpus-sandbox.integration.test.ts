import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Timeframe } from "@tradelab/contracts";
import { startTestRunner } from "../../../test/helpers.js";
import { createRunnerClient, waitForBacktestEnd, type RunnerClient } from "../../../apps/runner/src/api/client.js";
import { generateStrategyCode, type StrategySpec } from "../src/index.js";
import { loadCorpus, runTurns } from "./corpus.js";

/** The generated data set has 5m and its resamples; a spec on another timeframe is smoke-tested on the nearest one. */
const DATA_TIMEFRAME: Partial<Record<StrategySpec["timeframe"], Timeframe>> = { "1m": "5m", "6h": "4h", "8h": "4h", "12h": "4h" };
const dataTimeframe = (tf: StrategySpec["timeframe"]): Timeframe => DATA_TIMEFRAME[tf] ?? (tf as Timeframe);

/**
 * Every corpus conversation's generated strategy loads and smoke-backtests in the real sandbox
 * (Docker + Freqtrade): two months of BTC/USDT. All are submitted first; the runner works through
 * them two at a time.
 */
describe("corpus strategies in the sandbox", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  const cases = loadCorpus().map((c) => {
    const r = runTurns(c.turns);
    if (r.kind !== "spec") throw new Error(`${c.id}: no spec`);
    return { id: c.id, spec: r.spec, code: generateStrategyCode(r.spec) };
  });
  const runs = new Map<string, Awaited<ReturnType<typeof waitForBacktestEnd>>>();

  beforeAll(async () => {
    env = await startTestRunner();
    client = createRunnerClient(env.runner.url);
    // One at a time: each enqueue is a transaction, and 48 at once exhaust the runner's pool.
    const ids: [string, string][] = [];
    for (const c of cases) {
      const request = {
        strategy: { fileName: c.code.fileName, source: c.code.source },
        pairs: ["BTC/USDT"],
        timeframe: dataTimeframe(c.spec.timeframe),
        timerange: "20241001-20241201",
      };
      ids.push([c.id, (await client.backtest.enqueue.mutate({ ownerEmail: "assistant-corpus@example.com", request })).id]);
    }
    await Promise.all(ids.map(async ([caseId, id]) => runs.set(caseId, await waitForBacktestEnd(client, id, { timeoutMs: 1_500_000 }))));
    const seconds = [...runs.values()].map((r) => (r.durationMs ?? 0) / 1000).sort((a, b) => a - b);
    console.info(`${seconds.length} sandbox runs: median ${seconds[seconds.length >> 1]!.toFixed(1)} s, slowest ${seconds[seconds.length - 1]!.toFixed(1)} s`);
  }, 1_800_000);
  afterAll(() => env?.stop());

  it.each(cases.map((c) => [c.id, c] as const))("%s loads and backtests", async (_id, c) => {
    const run = runs.get(c.id)!;
    expect({ status: run.status, error: run.error }).toEqual({ status: "SUCCEEDED", error: null });
    const result = await client.backtest.result.query({ id: run.id });
    expect(result.strategyName).toBe(c.code.className);
    expect(result.pairs).toEqual(["BTC/USDT"]);
    expect(result.metrics.totalTrades).toBe(result.trades.length);
    expect(result.metrics.wins + result.metrics.draws + result.metrics.losses).toBe(result.metrics.totalTrades);
    expect(result.timeframe).toBe(dataTimeframe(c.spec.timeframe));
    for (const t of result.trades) {
      expect(t.pair).toBe("BTC/USDT");
      expect(t.closeMs).toBeGreaterThanOrEqual(t.openMs);
    }
  });
});
