import { describe, expect, it } from "vitest";
import type { BacktestResult } from "@tradelab/contracts";
import { dropFlag, sameFigures, sampleFigures, verificationRanges, type SampleFigures } from "../src/server/marketplace/verification";

const half = (profitPerDayRatio: number, sharpe: number | null) => ({ profitPerDayRatio, sharpe }) as SampleFigures;

describe("verification rules", () => {
  it("splits the standard range into the first 70 % (whole days) and the final 30 %", () => {
    expect(verificationRanges()).toEqual({ inSample: "20240701-20241106", outOfSample: "20241106-20241231" });
    expect(verificationRanges("20240101-20240111", 0.7)).toEqual({ inSample: "20240101-20240108", outOfSample: "20240108-20240111" });
  });

  it("flags a drop of more than half in profit per day or Sharpe, naming it", () => {
    expect(dropFlag(half(0.002, 2), half(0.0011, 1.1)).flagged).toBe(false);
    const profit = dropFlag(half(0.002, 2), half(0.0009, 1.5));
    expect(profit.reasons).toEqual(["profit per day fell from 0.200 % in-sample to 0.090 % out-of-sample"]);
    expect(dropFlag(half(0.002, 2), half(0.002, 0.9)).reasons).toEqual(["Sharpe fell from 2.00 in-sample to 0.90 out-of-sample"]);
    expect(dropFlag(half(0.002, 2), half(-0.001, null)).reasons).toHaveLength(2);
    // A losing in-sample half has nothing to fall from.
    expect(dropFlag(half(-0.001, -1), half(-0.003, -2)).flagged).toBe(false);
  });

  it("frozen figures survive a JSON round trip through PostgreSQL's precision and still compare equal", () => {
    const result = {
      metrics: { backtestDays: 3, backtestStartMs: 0, backtestEndMs: 3 * 86_400_000, totalTrades: 2, profitTotalRatio: -0.0013542660171419474, sharpe: 1.2345678901234567, maxDrawdownAccountRatio: 0.1, winRate: 0.5, startingBalance: 1000, finalBalance: 998.6457339828581 },
      equity: [{ t: 1720029600000, v: 1000 }, { t: 1720056000000, v: 998.6457339828581 }],
      drawdown: [{ t: 1720029600000, v: 0 }, { t: 1720056000000, v: -0.0013542660171419474 }],
    } as unknown as BacktestResult;
    const fresh = sampleFigures(result, "20240101-20240104");
    expect(fresh.equity[1]).toEqual({ t: 1720056000000, v: 998.645733983 });
    // What the jsonb column gives back: at most 15 significant digits.
    const stored = JSON.parse(JSON.stringify(fresh, (_, v) => (typeof v === "number" ? Number(v.toPrecision(15)) : v))) as SampleFigures;
    const a = { inSample: fresh, outOfSample: fresh, hash: "h" };
    expect(sameFigures(a, { inSample: stored, outOfSample: stored, hash: "h" })).toBe(true);
    expect(sameFigures(a, { ...a, hash: "other" })).toBe(false);
    expect(sameFigures(a, { ...a, outOfSample: { ...fresh, totalTrades: 3 } })).toBe(false);
  });
});
