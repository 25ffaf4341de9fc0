import { metricsSchema } from "@tradelab/contracts";
import { describe, expect, it } from "vitest";
import { METRIC_DOCS, METRIC_GROUPS, METRIC_ORDER } from "./metric-docs";

describe("metric docs", () => {
  const schemaKeys = Object.keys(metricsSchema.shape).sort();

  it("has exactly one entry per key of the metrics schema", () => {
    expect(Object.keys(METRIC_DOCS).sort()).toEqual(schemaKeys);
  });

  it("lists every metric once in the display order", () => {
    expect([...METRIC_ORDER].sort()).toEqual(schemaKeys);
    expect(new Set(METRIC_ORDER).size).toBe(METRIC_ORDER.length);
  });

  it("explains every metric in a sentence and gives it a unique label", () => {
    for (const [key, doc] of Object.entries(METRIC_DOCS)) {
      expect(doc.description.length, key).toBeGreaterThan(20);
      expect(doc.description.trim().endsWith("."), key).toBe(true);
      expect(METRIC_GROUPS, key).toContain(doc.group);
    }
    const labels = Object.values(METRIC_DOCS).map((d) => d.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it("knows which direction is better for the headline metrics", () => {
    expect(METRIC_DOCS.profitTotalAbs.better).toBe("higher");
    expect(METRIC_DOCS.sharpe.better).toBe("higher");
    expect(METRIC_DOCS.winRate.better).toBe("higher");
    expect(METRIC_DOCS.maxDrawdownAccountRatio.better).toBe("lower");
    expect(METRIC_DOCS.maxConsecutiveLosses.better).toBe("lower");
    expect(METRIC_DOCS.totalTrades.better).toBe("neither");
    expect(METRIC_DOCS.backtestStartMs.better).toBe("neither");
  });
});
