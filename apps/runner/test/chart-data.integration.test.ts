import path from "node:path";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BacktestRequestInput, PairChart } from "@tradelab/contracts";
import { startTestRunner } from "../../../test/helpers.js";
import { createRunnerClient, type RunnerClient } from "../src/api/client.js";
import { sampleRequest, strategyFile, waitForTerminal } from "./run-helpers.js";

const chartStrategy = async (name: string) => {
  const file = path.resolve(import.meta.dirname, "chart-strategies", name);
  return { fileName: name, source: await readFile(file, "utf8") };
};

/** TA-Lib's EMA: seeded with the SMA of the first `period` values. */
function ema(values: readonly number[], period: number): (number | null)[] {
  const out: (number | null)[] = values.map(() => null);
  const k = 2 / (period + 1);
  let prev = values.slice(0, period).reduce((a, b) => a + b, 0) / period;
  out[period - 1] = prev;
  for (let i = period; i < values.length; i++) out[i] = prev = prev + k * (values[i]! - prev);
  return out;
}

/** Wilder's RSI as TA-Lib computes it. */
function rsi(values: readonly number[], period: number): (number | null)[] {
  const out: (number | null)[] = values.map(() => null);
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = values[i]! - values[i - 1]!;
    gain += Math.max(d, 0) / period;
    loss += Math.max(-d, 0) / period;
  }
  out[period] = (100 * gain) / (gain + loss);
  for (let i = period + 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
    out[i] = (100 * gain) / (gain + loss);
  }
  return out;
}

/**
 * backtest.chart on real backtests: indicators computed by the strategy in the sandbox (captured
 * from Freqtrade's own dataframes), candles from the market-data store, trades from the result.
 */
describe("per-pair chart data", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  const ids: Record<string, string> = {};
  const YEAR = "20240101-20241231";
  const start = Date.UTC(2024, 0, 1);
  const end = Date.UTC(2024, 11, 31);

  beforeAll(async () => {
    env = await startTestRunner();
    client = createRunnerClient(env.runner.url);
    const submit = async (name: string, request: BacktestRequestInput) => {
      ids[name] = (await client.backtest.enqueue.mutate({ ownerEmail: "charts@example.com", request })).id;
    };
    await submit("emaRsi", await sampleRequest({ strategy: await chartStrategy("EmaRsiChartStrategy.py"), pairs: ["BTC/USDT", "ETH/USDT"], timerange: YEAR }));
    await submit("noPlot", await sampleRequest({ strategy: await chartStrategy("NoPlotConfigStrategy.py") }));
    await submit("missing", await sampleRequest({ strategy: await chartStrategy("MissingColumnPlotStrategy.py") }));
    await submit("badPlot", await sampleRequest({ strategy: await chartStrategy("BadPlotConfigStrategy.py") }));
    await submit("entryError", await sampleRequest({ strategy: await chartStrategy("EntryErrorChartStrategy.py") }));
    await submit("syntax", await sampleRequest({ strategy: await strategyFile("hostile", "SyntaxErrorStrategy.py") }));
    await Promise.all(Object.values(ids).map((id) => waitForTerminal(client, id)));
  });
  afterAll(() => env?.stop());

  const chart = (name: string, pair = "BTC/USDT") => client.backtest.chart.query({ id: ids[name]!, pair });
  const storedLog = async (name: string) => {
    const status = await client.backtest.status.query({ id: ids[name]! });
    return (await env.runner.ctx.artifacts.get(status.artifacts["log.txt"]!)).toString("utf8");
  };

  describe("a year of EMA + RSI on two pairs", () => {
    let btc: PairChart;
    let ms: number;
    beforeAll(async () => {
      const status = await client.backtest.status.query({ id: ids.emaRsi! });
      expect(status.status, JSON.stringify(status.error)).toBe("SUCCEEDED");
      expect(Object.keys(status.artifacts)).toContain("indicators.json");
      // Charts are cached after their first request: time the first request of each pair (the
      // better of the two, as the machine is shared).
      const timed = async (pair: string) => {
        const t0 = performance.now();
        const c = await chart("emaRsi", pair);
        return { c, ms: performance.now() - t0 };
      };
      const first = await timed("BTC/USDT");
      const second = await timed("ETH/USDT");
      btc = first.c;
      ms = Math.min(first.ms, second.ms);
    });

    it("has the candles of exactly the timerange, Freqtrade's inclusive end included", () => {
      const { t, open, high, low, close, volume } = btc.candles;
      expect(t[0]).toBe(start);
      expect(t[t.length - 1]).toBe(end);
      expect(t.length).toBe((end - start) / 300_000 + 1);
      expect(t.every((v, i) => i === 0 || v - t[i - 1]! === 300_000)).toBe(true);
      for (const column of [open, high, low, close, volume]) expect(column.length).toBe(t.length);
      expect(btc.timeframe).toBe("5m");
    });

    it("has the plot_config columns, aligned with the candles and computed from startup candles before the range", () => {
      expect(btc.plotConfig).toEqual({ main_plot: { ema20: { color: "orange" } }, subplots: { RSI: { rsi: { color: "red", type: "line" } } } });
      expect(Object.keys(btc.indicators).sort()).toEqual(["ema20", "rsi"]);
      for (const column of Object.values(btc.indicators)) expect(column.length).toBe(btc.candles.t.length);
      // startup_candle_count = 100: the first candle of the range already has both values.
      expect(btc.indicators.ema20![0]).toEqual(expect.any(Number));
      expect(btc.indicators.rsi![0]).toEqual(expect.any(Number));
    });

    it("equals an EMA(20) and an RSI(14) computed here from the same candles, after warm-up", () => {
      const close = btc.candles.close;
      const [myEma, myRsi] = [ema(close, 20), rsi(close, 14)];
      const warmUp = 500;
      let worstEma = 0;
      let worstRsi = 0;
      for (let i = warmUp; i < close.length; i++) {
        worstEma = Math.max(worstEma, Math.abs(btc.indicators.ema20![i]! - myEma[i]!) / myEma[i]!);
        worstRsi = Math.max(worstRsi, Math.abs(btc.indicators.rsi![i]! - myRsi[i]!));
      }
      expect(worstEma).toBeLessThan(1e-6); // relative; stored with 8 significant digits
      expect(worstRsi).toBeLessThan(1e-3); // RSI points
    });

    it("has that pair's trades, all inside the range, as many as the result says", async () => {
      const result = await client.backtest.result.query({ id: ids.emaRsi! });
      expect(btc.trades.length).toBe(result.perPair.find((r) => r.key === "BTC/USDT")!.trades);
      expect(btc.trades.length).toBeGreaterThan(0);
      for (const trade of btc.trades) {
        expect(trade.pair).toBe("BTC/USDT");
        expect(trade.openMs).toBeGreaterThanOrEqual(start);
        expect(trade.closeMs).toBeLessThanOrEqual(end + 300_000);
      }
    });

    it("answers fast for 100k candles and 1k trades", () => {
      console.log(`backtest.chart: ${btc.candles.t.length} candles, ${btc.trades.length} trades, ${Object.keys(btc.indicators).length} columns in ${ms.toFixed(0)} ms`);
      expect(btc.candles.t.length).toBeGreaterThanOrEqual(100_000);
      expect(btc.trades.length).toBeGreaterThanOrEqual(1_000);
      expect(ms).toBeLessThan(1500);
    });

    it("gives the other pair its own candles, indicators and trades", async () => {
      const eth = await chart("emaRsi", "ETH/USDT");
      expect(eth.candles.t).toEqual(btc.candles.t);
      expect(eth.candles.close[0]).not.toBe(btc.candles.close[0]);
      expect(eth.indicators.ema20!.length).toBe(eth.candles.t.length);
      expect(eth.trades.every((t) => t.pair === "ETH/USDT")).toBe(true);
    });
  });

  it("a strategy without plot_config has no indicators", async () => {
    const c = await chart("noPlot");
    expect(c.plotConfig).toEqual({ main_plot: {}, subplots: {} });
    expect(c.indicators).toEqual({});
    expect(c.candles.t.length).toBeGreaterThan(0);
    expect(c.trades.length).toBeGreaterThan(0);
  });

  it("a plot_config (a property) naming missing columns still succeeds, with the others charted and a warning in the log", async () => {
    const c = await chart("missing");
    expect(Object.keys(c.indicators).sort()).toEqual(["enter_long", "sma50"]);
    expect(c.indicators.sma50!.slice(0, 49).every((v) => v === null)).toBe(true); // no startup candles: SMA(50) warms up inside the range
    expect(c.indicators.sma50![49]).toEqual(expect.any(Number));
    expect(Object.keys(c.plotConfig.main_plot)).toEqual(["sma50", "not_computed"]);
    const log = await storedLog("missing");
    expect(log).toMatch(/WARNING - plot_config: no column 'not_computed'; skipped on the chart/);
    expect(log).toMatch(/WARNING - plot_config: no column 'also_missing'; skipped on the chart/);
  });

  it("a plot_config of the wrong shape still succeeds, without indicators and with a warning", async () => {
    const status = await client.backtest.status.query({ id: ids.badPlot! });
    expect(status.status, JSON.stringify(status.error)).toBe("SUCCEEDED");
    expect(status.metrics?.totalTrades).toBeGreaterThan(0);
    const c = await chart("badPlot");
    expect(c.indicators).toEqual({});
    expect(c.plotConfig).toEqual({ main_plot: {}, subplots: {} });
    expect(await storedLog("badPlot")).toMatch(/WARNING - chart indicators not captured: ValueError: plot_config: main_plot and subplots must be dicts/);
  });

  it("an exception in populate_entry_trend (inside the hooked method) still names the strategy line", async () => {
    const status = await client.backtest.status.query({ id: ids.entryError! });
    expect(status.status).toBe("FAILED");
    expect(status.error).toMatchObject({ kind: "runtime", file: "EntryErrorChartStrategy.py", line: 25 });
    expect(status.error?.message).toMatch(/KeyError: 'ema'/);
  });

  describe("errors", () => {
    const fails = async (call: Promise<unknown>, code: string, message: RegExp) => {
      const err = await call.then(() => null, (e: Error & { data?: { code?: string } }) => e);
      expect(err, "the call should have failed").not.toBeNull();
      expect(err!.data?.code).toBe(code);
      expect(err!.message).toMatch(message);
    };
    it("an unknown backtest is NOT_FOUND", () =>
      fails(client.backtest.chart.query({ id: "no-such-backtest", pair: "BTC/USDT" }), "NOT_FOUND", /backtest no-such-backtest does not exist/));
    it("a pair the backtest does not have is BAD_REQUEST naming its pairs", () =>
      fails(chart("emaRsi", "XRP/USDT"), "BAD_REQUEST", /has no pair XRP\/USDT; its pairs: BTC\/USDT, ETH\/USDT/));
    it("a backtest that did not succeed is CONFLICT", () => fails(chart("syntax"), "CONFLICT", /has no chart: it is failed/));
  });
});
