import { describe, expect, it } from "vitest";
import { compareRuns, metricDelta } from "./compare";
import { sampleMetrics } from "./test-fixtures";

const usdt = { base: "USDT", value: "USDT" };

describe("metric deltas", () => {
  it("writes a ratio's change in percentage points and judges it by the metric's direction", () => {
    expect(metricDelta("winRate", 0.45, 0.5, usdt)).toEqual({ delta: 0.04999999999999999, text: "+5.00 pp", verdict: "better" });
    expect(metricDelta("maxDrawdownAccountRatio", 0.1, 0.15, usdt)).toMatchObject({ text: "+5.00 pp", verdict: "worse" });
    expect(metricDelta("maxDrawdownAccountRatio", 0.15, 0.1, usdt)).toMatchObject({ text: "-5.00 pp", verdict: "better" });
  });

  it("writes money with its currency and counts as whole numbers", () => {
    expect(metricDelta("profitTotalAbs", -131.114, 20, usdt)).toMatchObject({ text: "+151.114 USDT", verdict: "better" });
    expect(metricDelta("maxConsecutiveLosses", 5, 8, usdt)).toMatchObject({ text: "+3", verdict: "worse" });
    expect(metricDelta("sharpe", 1.2, 0.7, usdt)).toMatchObject({ text: "-0.50", verdict: "worse" });
  });

  it("shows changes of neutral metrics without judging them", () => {
    expect(metricDelta("totalTrades", 840, 900, usdt)).toEqual({ delta: 60, text: "+60", verdict: "neither" });
    expect(metricDelta("holdingAvgSeconds", 3600, 5400, usdt)).toMatchObject({ text: "+30m", verdict: "neither" });
  });

  it("says when nothing changed", () => {
    expect(metricDelta("sharpe", 1.5, 1.5, usdt)).toEqual({ delta: 0, text: "", verdict: "same" });
    expect(metricDelta("totalTrades", 840, 840, usdt)).toEqual({ delta: 0, text: "", verdict: "same" });
  });

  it("does not subtract missing values, dates, names or amounts in other currencies", () => {
    expect(metricDelta("cagr", null, 0.1, usdt).verdict).toBe("na");
    expect(metricDelta("backtestStartMs", 1, 2, usdt)).toEqual({ delta: null, text: "", verdict: "na" });
    expect(metricDelta("bestPair", "BTC/USDT", "ETH/USDT", usdt).verdict).toBe("na");
    expect(metricDelta("profitTotalAbs", 1, 2, { base: "USDT", value: "BTC" })).toMatchObject({ delta: null, verdict: "na" });
    expect(metricDelta("profitTotalRatio", 0.1, 0.2, { base: "USDT", value: "BTC" }).verdict).toBe("better");
  });
});

describe("comparing runs", () => {
  const runs = [
    { id: "a", metrics: sampleMetrics, stakeCurrency: "USDT" },
    { id: "b", metrics: { ...sampleMetrics, profitTotalRatio: 0.05, maxDrawdownAccountRatio: 0.2 }, stakeCurrency: "USDT" },
    { id: "c", metrics: { ...sampleMetrics, sharpe: 0.5 }, stakeCurrency: "USDT" },
  ];
  const rows = compareRuns(runs);

  it("has one row per metric and one cell per run, the first without delta", () => {
    expect(rows).toHaveLength(Object.keys(sampleMetrics).length);
    for (const row of rows) {
      expect(row.cells.map((c) => c.runId)).toEqual(["a", "b", "c"]);
      expect(row.cells[0]!.delta).toBeNull();
    }
  });

  it("compares every later run against the first", () => {
    const profit = rows.find((r) => r.key === "profitTotalRatio")!;
    expect(profit.cells.map((c) => c.text)).toEqual(["-13.11 %", "5.00 %", "-13.11 %"]);
    expect(profit.cells[1]!.delta).toMatchObject({ text: "+18.11 pp", verdict: "better" });
    expect(profit.cells[2]!.delta).toMatchObject({ verdict: "same" });
    const dd = rows.find((r) => r.key === "maxDrawdownAccountRatio")!;
    expect(dd.cells[1]!.delta).toMatchObject({ text: "+5.34 pp", verdict: "worse" });
    const sharpe = rows.find((r) => r.key === "sharpe")!;
    expect(sharpe.cells[2]!.delta).toMatchObject({ text: "+2.45", verdict: "better" });
  });
});
