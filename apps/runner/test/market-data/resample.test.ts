import { describe, expect, it } from "vitest";
import { timeframeToMs, type Timeframe } from "@tradelab/contracts";
import { candlesFromRows, candlesToRows, type Candle } from "../../src/market-data/candles.js";
import { generateCandles } from "../../src/market-data/generate.js";
import { resampleAll, resampleCandles, resampleTargets } from "../../src/market-data/resample.js";

const MIN = 60_000;
const T0 = Date.UTC(2024, 0, 1); // a Monday, 00:00 UTC

/** n candles of `tf` from `start`, with distinct, easily checked values. */
function series(start: number, tf: Timeframe, n: number): Candle[] {
  return Array.from({ length: n }, (_, i) => ({
    date: start + i * timeframeToMs(tf),
    open: 100 + i,
    high: 110 + i,
    low: 90 + i,
    close: 101 + i,
    volume: i + 1,
  }));
}

describe("resampleCandles", () => {
  it("aggregates 5m to 15m: first open, max high, min low, last close, summed volume", () => {
    const rows = series(T0, "5m", 6);
    rows[1].high = 500;
    rows[2].low = 1;
    const out = candlesToRows(resampleCandles(candlesFromRows(rows), "5m", "15m"));
    expect(out).toEqual([
      { date: T0, open: 100, high: 500, low: 1, close: 103, volume: 1 + 2 + 3 },
      { date: T0 + 15 * MIN, open: 103, high: 115, low: 93, close: 106, volume: 4 + 5 + 6 },
    ]);
  });

  it("aligns buckets to UTC and drops incomplete first and last buckets", () => {
    // 00:50 .. 03:05 in 5m: the 00:00 hour has only 2 candles, the 03:00 hour only 2.
    const rows = series(T0 + 50 * MIN, "5m", 28);
    const out = candlesToRows(resampleCandles(candlesFromRows(rows), "5m", "1h"));
    expect(out.map((c) => c.date)).toEqual([T0 + 60 * MIN, T0 + 120 * MIN]);
    expect(out[0]).toMatchObject({ open: 102, close: 114, volume: 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 11 + 12 + 13 + 14 });
  });

  it("keeps partial edges when asked", () => {
    const rows = series(T0 + 50 * MIN, "5m", 28);
    const out = candlesToRows(resampleCandles(candlesFromRows(rows), "5m", "1h", { keepPartialEdges: true }));
    expect(out.map((c) => (c.date - T0) / MIN)).toEqual([0, 60, 120, 180]);
    expect(out[0]).toMatchObject({ open: 100, close: 102, volume: 1 + 2 });
  });

  it("keeps interior buckets that have gaps", () => {
    const rows = series(T0, "1h", 24 * 3).filter((c) => c.date !== T0 + 30 * 3_600_000); // hole on day 2
    const out = resampleCandles(candlesFromRows(rows), "1h", "1d");
    expect(Array.from(out.date)).toEqual([T0, T0 + 86_400_000, T0 + 2 * 86_400_000]);
    expect(out.volume[1]).toBe(rows.filter((c) => c.date >= T0 + 86_400_000 && c.date < T0 + 2 * 86_400_000).reduce((s, c) => s + c.volume, 0));
  });

  it("keeps every bucket when gaps make the data sparser than one bucket per perBucket candles", () => {
    // 12 candles spread over 6 four-hour buckets: a full one, four single-candle ones, a full one.
    // (An output sized ceil(12 / 4) + 1 = 4 silently lost the last two, the full 20:00 one included.)
    const H = 3_600_000;
    const hours = [0, 1, 2, 3, 5, 9, 13, 17, 20, 21, 22, 23];
    const rows = hours.map((h) => ({ date: T0 + h * H, open: 100 + h, high: 110 + h, low: 90 + h, close: 101 + h, volume: h + 1 }));
    const out = candlesToRows(resampleCandles(candlesFromRows(rows), "1h", "4h"));
    expect(out).toEqual([
      { date: T0, open: 100, high: 113, low: 90, close: 104, volume: 1 + 2 + 3 + 4 },
      { date: T0 + 4 * H, open: 105, high: 115, low: 95, close: 106, volume: 6 },
      { date: T0 + 8 * H, open: 109, high: 119, low: 99, close: 110, volume: 10 },
      { date: T0 + 12 * H, open: 113, high: 123, low: 103, close: 114, volume: 14 },
      { date: T0 + 16 * H, open: 117, high: 127, low: 107, close: 118, volume: 18 },
      { date: T0 + 20 * H, open: 120, high: 133, low: 110, close: 124, volume: 21 + 22 + 23 + 24 },
    ]);
  });

  it("matches a group-by on hourly forex-like data with weekend gaps (Fri 22:00 to Sun 22:00 UTC)", () => {
    const H = 3_600_000;
    // Three weeks from Monday 2024-01-01, without the weekend hours: 3 × 120 hours present.
    const closed = (t: number) => {
      const d = new Date(t);
      const day = d.getUTCDay();
      const hour = d.getUTCHours();
      return day === 6 || (day === 5 && hour >= 22) || (day === 0 && hour < 22);
    };
    const rows = series(T0, "1h", 21 * 24).filter((c) => !closed(c.date));
    expect(rows).toHaveLength(360); // Mon 00:00–Fri 21:00 in week 1, then Sun 22:00–Fri 21:00, then Sun 22:00–23:00
    const candles = candlesFromRows(rows);
    // Reference: group by UTC bucket; interior buckets are kept even if partial, incomplete edges dropped.
    const expected = (tf: Timeframe) => {
      const size = timeframeToMs(tf);
      const groups = new Map<number, Candle[]>();
      for (const c of rows) groups.set(c.date - (c.date % size), [...(groups.get(c.date - (c.date % size)) ?? []), c]);
      const all = [...groups.entries()].map(([date, g]) => ({
        full: g.length === size / H,
        candle: { date, open: g[0].open, high: Math.max(...g.map((c) => c.high)), low: Math.min(...g.map((c) => c.low)), close: g[g.length - 1].close, volume: g.reduce((s, c) => s + c.volume, 0) },
      }));
      if (!all[0].full) all.shift();
      if (!all[all.length - 1].full) all.pop();
      return all.map((b) => b.candle);
    };
    // 1d: Mon–Fri × 3 plus the Sundays 01-07 and 01-14 (partial, kept) — more buckets than 360 / 24 + 1.
    // 4h: 30 per week plus the Sunday 20:00 buckets — more than 360 / 4 + 1. 2h: exactly 360 / 2.
    const cases = [
      ["1d", 17, Date.UTC(2024, 0, 19)], // Friday; the partial Sunday 01-21 (22:00–23:00) is the dropped last edge
      ["4h", 92, Date.UTC(2024, 0, 19, 20)], // Friday 20:00–21:00, a partial interior bucket
      ["2h", 180, Date.UTC(2024, 0, 21, 22)],
    ] as const;
    for (const [tf, count, lastDate] of cases) {
      const got = candlesToRows(resampleCandles(candles, "1h", tf));
      expect(got, tf).toHaveLength(count);
      expect(got, tf).toEqual(expected(tf));
      expect(got[0].date, tf).toBe(T0);
      expect(got[got.length - 1].date, tf).toBe(lastDate);
    }
  });

  it("starts daily candles at 00:00 UTC and 4h candles at 00/04/08/12/16/20 UTC", () => {
    const rows = series(T0 - 6 * 3_600_000, "1h", 24 * 2 + 12);
    expect(Array.from(resampleCandles(candlesFromRows(rows), "1h", "1d").date)).toEqual([T0, T0 + 86_400_000]);
    const h4 = Array.from(resampleCandles(candlesFromRows(rows), "1h", "4h").date);
    expect(h4.every((t) => t % (4 * 3_600_000) === 0)).toBe(true);
    expect(h4[0]).toBe(T0 - 4 * 3_600_000);
  });

  it("resamples 1m input to any larger timeframe", () => {
    const rows = series(T0, "1m", 24 * 60);
    const candles = candlesFromRows(rows);
    expect(resampleCandles(candles, "1m", "5m").date.length).toBe(288);
    expect(resampleCandles(candles, "1m", "1h").date.length).toBe(24);
    const day = candlesToRows(resampleCandles(candles, "1m", "1d"));
    expect(day).toEqual([{ date: T0, open: 100, high: 110 + 1439, low: 90, close: 101 + 1439, volume: (1440 * 1441) / 2 }]);
  });

  it("matches a straightforward group-by on generated data, for every target", () => {
    const five = generateCandles({ pair: "ETH/USDT", seed: 7, startMs: T0 - 35 * MIN, endMs: T0 + 3 * 86_400_000 + 20 * MIN });
    for (const [tf, got] of resampleAll(five, "5m")) {
      const size = timeframeToMs(tf);
      const groups = new Map<number, Candle[]>();
      for (const c of candlesToRows(five)) {
        const key = Math.floor(c.date / size) * size;
        groups.set(key, [...(groups.get(key) ?? []), c]);
      }
      const expected = [...groups.entries()]
        .filter(([, g]) => g.length === size / (5 * MIN))
        .map(([date, g]) => ({
          date,
          open: g[0].open,
          high: Math.max(...g.map((c) => c.high)),
          low: Math.min(...g.map((c) => c.low)),
          close: g[g.length - 1].close,
          volume: g.reduce((s, c) => s + c.volume, 0),
        }));
      expect(candlesToRows(got), tf).toEqual(expected);
    }
  });

  it("refuses unsorted input instead of silently dropping buckets", () => {
    const rows = [10, 0, 1].map((h) => ({ date: T0 + h * 3_600_000, open: 1, high: 1, low: 1, close: 1, volume: 1 }));
    expect(() => resampleCandles(candlesFromRows(rows), "1h", "4h")).toThrow("cannot resample 1h to 4h: candles are not sorted by date");
  });

  it("is pure: the input is not modified", () => {
    const candles = candlesFromRows(series(T0, "5m", 24));
    const before = candlesToRows(candles);
    resampleCandles(candles, "5m", "1h");
    expect(candlesToRows(candles)).toEqual(before);
  });

  it("returns nothing for an empty input or when no bucket is complete", () => {
    expect(resampleCandles(candlesFromRows([]), "5m", "1h").date.length).toBe(0);
    expect(resampleCandles(candlesFromRows(series(T0, "5m", 5)), "5m", "1h").date.length).toBe(0);
  });

  it("refuses to resample to a smaller or non-multiple timeframe", () => {
    const candles = candlesFromRows(series(T0, "1h", 4));
    expect(() => resampleCandles(candles, "1h", "30m")).toThrow("cannot resample 1h to 30m: the target must be a larger multiple of 1h");
    expect(resampleCandles(candles, "1h", "1h")).toBe(candles);
  });
});

describe("resampleTargets", () => {
  it("lists the larger multiples", () => {
    expect(resampleTargets("5m")).toEqual(["15m", "30m", "1h", "2h", "4h", "1d"]);
    expect(resampleTargets("1m")).toEqual(["5m", "15m", "30m", "1h", "2h", "4h", "1d"]);
    expect(resampleTargets("1h")).toEqual(["2h", "4h", "1d"]);
    expect(resampleTargets("1d")).toEqual([]);
  });
});
