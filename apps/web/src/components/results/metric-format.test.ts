import { describe, expect, it } from "vitest";
import { formatDuration, formatMoney, formatNumber, formatPercent, formatPrice, priceDecimals, quoteCurrency } from "../../lib/format";
import { formatMetric, metricTone } from "./metric-format";
import { sampleMetrics as m } from "./test-fixtures";

describe("metric formatting", () => {
  it("shows ratios as percentages", () => {
    expect(formatMetric("profitTotalRatio", m.profitTotalRatio, "USDT")).toBe("-13.11 %");
    expect(formatMetric("winRate", m.winRate, "USDT")).toBe("47.62 %");
    expect(formatMetric("maxDrawdownAccountRatio", m.maxDrawdownAccountRatio, "USDT")).toBe("14.66 %");
    expect(formatMetric("marketChangeRatio", m.marketChangeRatio, "USDT")).toBe("120.34 %");
  });

  it("shows money in the stake currency with its decimals", () => {
    expect(formatMetric("profitTotalAbs", m.profitTotalAbs, "USDT")).toBe("-131.114 USDT");
    expect(formatMetric("startingBalance", 1000, "USDT")).toBe("1,000.000 USDT");
    expect(formatMetric("profitTotalAbs", 0.012345678, "BTC")).toBe("0.01234568 BTC");
  });

  it("shows ratios of risk as plain numbers, counts as integers", () => {
    expect(formatMetric("sharpe", m.sharpe, "USDT")).toBe("-1.95");
    expect(formatMetric("sqn", m.sqn, "USDT")).toBe("-1.23");
    expect(formatMetric("expectancyRatio", m.expectancyRatio, "USDT")).toBe("-0.05");
    expect(formatMetric("totalTrades", 12000, "USDT")).toBe("12,000");
    expect(formatMetric("tradesPerDay", m.tradesPerDay, "USDT")).toBe("2.30");
  });

  it("shows durations, dates (UTC) and days", () => {
    expect(formatMetric("holdingAvgSeconds", m.holdingAvgSeconds, "USDT")).toBe("2d 3h 15m");
    expect(formatMetric("winnerHoldingAvgSeconds", m.winnerHoldingAvgSeconds, "USDT")).toBe("3h 5m");
    expect(formatMetric("loserHoldingAvgSeconds", m.loserHoldingAvgSeconds, "USDT")).toBe("45m");
    expect(formatMetric("drawdownStartMs", m.drawdownStartMs, "USDT")).toBe("2024-01-04 14:10");
    expect(formatMetric("backtestDays", 365, "USDT")).toBe("365 days");
    expect(formatMetric("backtestDays", 1, "USDT")).toBe("1 day");
    expect(formatMetric("bestPair", "ETH/USDT", "USDT")).toBe("ETH/USDT");
  });

  it("shows a missing value as a dash", () => {
    expect(formatMetric("cagr", null, "USDT")).toBe("–");
    expect(formatMetric("bestPair", null, "USDT")).toBe("–");
    expect(formatPercent(Number.NaN)).toBe("–");
  });

  it("colours gains and losses only where the sign means that", () => {
    expect(metricTone("profitTotalAbs", -131.1)).toBe("negative");
    expect(metricTone("cagr", 0.2)).toBe("positive");
    expect(metricTone("maxDrawdownAccountRatio", 0.14)).toBe("neutral");
    expect(metricTone("totalTrades", 840)).toBe("neutral");
    expect(metricTone("sharpe", null)).toBe("neutral");
  });
});

describe("number helpers", () => {
  it("never shows a negative zero", () => {
    expect(formatNumber(-0.0001, 2)).toBe("0.00");
    expect(formatMoney(-0.0000001, "USDT")).toBe("0.000 USDT");
  });

  it("rounds durations up into the next unit instead of showing 60m", () => {
    expect(formatDuration(3599)).toBe("1h 0m");
    expect(formatDuration(30)).toBe("30s");
    expect(formatDuration(86_400)).toBe("1d 0h 0m");
  });

  it("gives prices about five significant digits", () => {
    expect(priceDecimals(42_000)).toBe(2);
    expect(priceDecimals(1.0842)).toBe(4);
    expect(priceDecimals(0.08123)).toBe(6);
    expect(formatPrice(42_000.5)).toBe("42,000.50");
    expect(formatPrice(0.08123)).toBe("0.081230");
  });

  it("finds the quote currency of a pair", () => {
    expect(quoteCurrency("BTC/USDT")).toBe("USDT");
    expect(quoteCurrency("ETH/USDT:USDT")).toBe("USDT");
    expect(quoteCurrency("EURUSD")).toBe("");
  });
});
