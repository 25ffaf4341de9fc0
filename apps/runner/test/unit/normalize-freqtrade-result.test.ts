import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { backtestResultSchema } from "@tradelab/contracts";
import { equityAndDrawdown, normalizeFreqtradeResult, parseFreqtradeJson, periodBreakdown, periodStart, tradesToCsv } from "../../src/results/normalize-freqtrade-result.js";

// A real Freqtrade 2026.9 result (SampleStrategy, BTC/USDT + ETH/USDT, 30 days of synthetic 5m data).
const raw = parseFreqtradeJson(readFileSync(new URL("../fixtures/freqtrade-result-sample.json", import.meta.url), "utf8")) as {
  strategy: Record<string, Record<string, unknown>>;
};
const ft = raw.strategy.SampleStrategy!;
const result = normalizeFreqtradeResult(raw, { freqtradeVersion: "2026.9" });

describe("normalizeFreqtradeResult", () => {
  it("keeps Freqtrade's summary metrics", () => {
    expect(backtestResultSchema.parse(result)).toBeTruthy();
    expect(result.metrics).toMatchObject({
      totalTrades: 77, wins: 59, draws: 0, losses: 18,
      profitTotalAbs: ft.profit_total_abs, cagr: ft.cagr, sharpe: ft.sharpe, sortino: ft.sortino, calmar: ft.calmar,
      sqn: ft.sqn, profitFactor: ft.profit_factor, expectancy: ft.expectancy, maxDrawdownAccountRatio: ft.max_drawdown_account,
      drawdownStartMs: ft.drawdown_start_ts, drawdownEndMs: ft.drawdown_end_ts, holdingAvgSeconds: 16320,
      bestPair: "ETH/USDT", worstPair: "BTC/USDT", startingBalance: 1000,
    });
  });
  it("has every trade, and the breakdowns add up to the totals", () => {
    expect(result.trades).toHaveLength(77);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(result.trades.map((t) => t.profitAbs))).toBeCloseTo(result.metrics.profitTotalAbs, 6);
    expect(result.perPair.map((p) => p.key).sort()).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(sum(result.perPair.map((p) => p.trades))).toBe(77);
    expect(sum(result.perExitReason.map((p) => p.trades))).toBe(77);
    expect(sum(result.perExitReason.map((p) => p.profitAbs))).toBeCloseTo(result.metrics.profitTotalAbs, 6);
    expect(sum(result.perPeriod.month.map((p) => p.profitAbs))).toBeCloseTo(result.metrics.profitTotalAbs, 6);
    expect(result.perPeriod.day.length).toBeGreaterThan(20);
    expect(result.perPeriod.week.length).toBeGreaterThan(3);
  });
  it("equity ends at the final balance; the deepest drawdown matches Freqtrade's", () => {
    expect(result.equity[0]).toEqual({ t: result.metrics.backtestStartMs, v: 1000 });
    expect(result.equity.at(-1)!.v).toBeCloseTo(result.metrics.finalBalance, 6);
    const deepest = Math.min(...result.drawdown.map((d) => d.v));
    expect(-deepest).toBeCloseTo(result.metrics.maxRelativeDrawdownRatio!, 3);
  });
  it("rejects a file without exactly one strategy", () => {
    expect(() => normalizeFreqtradeResult({ strategy: {} }, { freqtradeVersion: null })).toThrow(/exactly one strategy, found 0/);
  });
});

describe("periodic breakdown", () => {
  it("agrees with Freqtrade's own --breakdown on every day", () => {
    // The fixture was made with --breakdown day week month; the platform now computes it itself.
    const theirs = (ft.periodic_breakdown as { day: Array<{ date_ts: number; profit_abs: number; wins: number; draws: number; losses: number }> }).day;
    const ours = new Map(result.perPeriod.day.map((r) => [r.startMs, r]));
    expect(theirs.length).toBeGreaterThan(20);
    for (const d of theirs) {
      const row = ours.get(d.date_ts);
      expect(row, `day ${new Date(d.date_ts).toISOString()}`).toBeDefined();
      expect(row!.profitAbs).toBeCloseTo(d.profit_abs, 6);
      expect([row!.wins, row!.draws, row!.losses]).toEqual([d.wins, d.draws, d.losses]);
    }
  });
  it("buckets by UTC day, Monday-based week and month, zero-filled", () => {
    expect(new Date(periodStart(Date.UTC(2024, 0, 3, 15), "week")).toISOString()).toBe("2024-01-01T00:00:00.000Z"); // Wed → Mon
    expect(new Date(periodStart(Date.UTC(2024, 0, 7, 23), "week")).toISOString()).toBe("2024-01-01T00:00:00.000Z"); // Sun → Mon
    expect(new Date(periodStart(Date.UTC(2024, 1, 29, 12), "month")).toISOString()).toBe("2024-02-01T00:00:00.000Z");
    const trade = (closeMs: number, profitAbs: number) => ({ ...result.trades[0]!, closeMs, profitAbs, isOpen: false });
    const rows = periodBreakdown([trade(Date.UTC(2024, 0, 2, 5), 3), trade(Date.UTC(2024, 0, 2, 9), -1), trade(Date.UTC(2024, 0, 4), 0)], "day", Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 4));
    expect(rows.map((r) => [r.period, r.trades, r.profitAbs, r.wins, r.draws, r.losses])).toEqual([
      ["2024-01-01", 0, 0, 0, 0, 0],
      ["2024-01-02", 2, 2, 1, 0, 1],
      ["2024-01-03", 0, 0, 0, 0, 0],
      ["2024-01-04", 1, 0, 0, 1, 0],
    ]);
    expect(periodBreakdown([], "month", Date.UTC(2024, 0, 15), Date.UTC(2024, 2, 1)).map((r) => r.period)).toEqual(["2024-01", "2024-02", "2024-03"]);
  });
});

describe("helpers", () => {
  it("parseFreqtradeJson turns NaN and Infinity into null", () => {
    expect(parseFreqtradeJson('{"a": NaN, "b": [Infinity, -Infinity], "c": "NaN"}')).toEqual({ a: null, b: [null, null], c: "NaN" });
  });
  it("equityAndDrawdown merges trades closing on the same candle", () => {
    const t = (closeMs: number, profitAbs: number) => ({ pair: "A/B", isShort: false, openMs: 0, closeMs, openRate: 1, closeRate: 1, amount: 1, stakeAmount: 1, profitAbs, profitRatio: 0, exitReason: "roi", enterTag: null, durationMinutes: 1, isOpen: false });
    const { equity, drawdown } = equityAndDrawdown([t(10, 10), t(20, -55), t(20, 5), t(30, 60)], 100, 0);
    expect(equity).toEqual([{ t: 0, v: 100 }, { t: 10, v: 110 }, { t: 20, v: 60 }, { t: 30, v: 120 }]);
    expect(drawdown.map((d) => +d.v.toFixed(4))).toEqual([0, 0, -0.4545, 0]);
  });
  it("tradesToCsv quotes what needs quoting", () => {
    const csv = tradesToCsv([{ ...result.trades[0]!, enterTag: 'tag, "quoted"' }]);
    expect(csv.split("\n")[0]).toBe("pair,is_short,open_date,close_date,open_rate,close_rate,amount,stake_amount,profit_abs,profit_ratio,exit_reason,enter_tag,duration_minutes,is_open");
    expect(csv).toContain('"tag, ""quoted"""');
  });
});
