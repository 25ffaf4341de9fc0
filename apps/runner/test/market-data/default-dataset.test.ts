/**
 * Generates the full default data set (7 pairs × 2 years of 5m, resampled to 15m…1d) into a temp
 * store, as the runner does on first start. Measured ≈ 6 s here; the test fails above 20 s.
 */
import { mkdtemp, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { candleCount, candlesInRange } from "../../src/market-data/candles.js";
import { MarketDataStore } from "../../src/market-data/data-store.js";
import { DEFAULT_PAIRS } from "../../src/market-data/generate.js";

let dir = "";
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("the default data set", () => {
  it("is generated in well under 20 s, covers 2023-01-01 to 2025-01-01, and is then reused", { timeout: 60_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "market-data-default-"));
    const store = new MarketDataStore(dir);
    const first = await store.ensureDefaultDataSet();
    expect(first.generated).toEqual([...DEFAULT_PAIRS]);
    expect(first.durationMs).toBeLessThan(20_000);

    const list = await store.availability();
    expect(list).toHaveLength(7 * 7);
    for (const a of list) {
      expect(a.source).toBe("generated");
      expect(a.start).toBe("2023-01-01T00:00:00.000Z");
      expect(a.end).toBe("2025-01-01T00:00:00.000Z");
    }
    expect(list.find((a) => a.pair === "BTC/USDT" && a.timeframe === "5m")?.candles).toBe(210_528);
    expect(list.find((a) => a.pair === "BTC/USDT" && a.timeframe === "1d")?.candles).toBe(731);
    expect(await store.checkCoverage([...DEFAULT_PAIRS], "5m", Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1))).toEqual({ ok: true });

    // Prices stay plausible over the two years.
    const btc = await store.readCandles("BTC/USDT", "1d");
    const lows = Math.min(...btc.low);
    const highs = Math.max(...btc.high);
    expect(lows).toBeGreaterThan(5_000);
    expect(highs).toBeLessThan(300_000);
    const jan2024 = candlesInRange(btc, Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 2));
    expect(candleCount(jan2024)).toBe(1);

    const size = (await stat(store.filePath("BTC/USDT", "5m"))).size;
    expect(size).toBeGreaterThan(9_000_000);
    expect(size).toBeLessThan(11_000_000);

    const second = await store.ensureDefaultDataSet();
    expect(second.generated).toEqual([]);
    expect(second.durationMs).toBeLessThan(2_000);
  });
});
