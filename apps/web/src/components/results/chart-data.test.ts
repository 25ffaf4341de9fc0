import type { PlotConfig } from "@tradelab/contracts";
import type { UTCTimestamp } from "lightweight-charts";
import { describe, expect, it } from "vitest";
import {
  barRangeAround,
  candleIndexAt,
  candleSeriesData,
  columnSeriesData,
  DEFAULT_PALETTE,
  emphasizeTrade,
  findTradeIndex,
  indicatorDecimals,
  indicatorSpecs,
  seriesPointsData,
  timeframeMs,
  tradeMarkers,
  tradeTooltipRows,
} from "./chart-data";
import { makeTrade } from "./test-fixtures";

const T0 = Date.UTC(2024, 0, 1); // 1704067200 s
const FIVE_MIN = 300_000;
const times = (n: number) => Array.from({ length: n }, (_, i) => T0 + i * FIVE_MIN);
const colors = { win: "green", loss: "red", flat: "grey" };

describe("candles → chart data", () => {
  it("converts ms candle opens to UTC seconds and keeps OHLC, colouring volume by direction", () => {
    const d = candleSeriesData(
      { t: [T0, T0 + FIVE_MIN], open: [100, 105], high: [110, 106], low: [99, 95], close: [105, 96], volume: [12.5, 30] },
      { volumeUp: "up", volumeDown: "down" },
    );
    expect(d.times).toEqual([1704067200, 1704067500]);
    expect(d.bars[1]).toEqual({ time: 1704067500, open: 105, high: 106, low: 95, close: 96 });
    expect(d.volume).toEqual([
      { time: 1704067200, value: 12.5, color: "up" },
      { time: 1704067500, value: 30, color: "down" },
    ]);
  });

  it("turns null and NaN indicator values into whitespace points so the line has gaps", () => {
    const t = [1, 2, 3, 4] as UTCTimestamp[];
    expect(columnSeriesData(t, [null, 50.5, Number.NaN, 48])).toEqual([{ time: 1 }, { time: 2, value: 50.5 }, { time: 3 }, { time: 4, value: 48 }]);
  });

  it("pads a column shorter than the candles with gaps", () => {
    const t = [1, 2, 3] as UTCTimestamp[];
    expect(columnSeriesData(t, [7])).toEqual([{ time: 1, value: 7 }, { time: 2 }, { time: 3 }]);
  });
});

describe("equity and drawdown series", () => {
  it("keeps the last value of points in the same second, sorts, and scales", () => {
    const pts = [
      { t: T0 + 60_000, v: -0.05 },
      { t: T0, v: 0 },
      { t: T0 + 60_400, v: -0.07 },
    ];
    expect(seriesPointsData(pts, 100)).toEqual([
      { time: 1704067200, value: 0 },
      { time: 1704067260, value: -7.000000000000001 },
    ]);
  });
});

describe("plot_config → indicator series", () => {
  const plotConfig: PlotConfig = {
    main_plot: { ema_fast: { color: "#ff0000" }, ema_slow: {}, missing_col: {} },
    subplots: {
      RSI: { rsi: { color: "purple" } },
      Empty: { nope: {} },
      MACD: { macd: {}, macdhist: { type: "bar" }, signal: { type: "scatter" } },
    },
  };
  const cols = { ema_fast: [], ema_slow: [], rsi: [], macd: [], macdhist: [], signal: [] };

  it("puts main_plot on the price pane and each sub-plot with data in its own pane", () => {
    const { specs, missing } = indicatorSpecs(plotConfig, cols);
    expect(specs.map((s) => [s.column, s.pane, s.group, s.type])).toEqual([
      ["ema_fast", 0, null, "line"],
      ["ema_slow", 0, null, "line"],
      ["rsi", 1, "RSI", "line"],
      ["macd", 2, "MACD", "line"],
      ["macdhist", 2, "MACD", "histogram"],
      ["signal", 2, "MACD", "scatter"],
    ]);
    expect(missing).toEqual(["missing_col", "Empty: nope"]);
  });

  it("uses the configured colour and the default palette, in order, otherwise", () => {
    const { specs } = indicatorSpecs(plotConfig, cols);
    expect(specs.map((s) => s.color)).toEqual(["#ff0000", DEFAULT_PALETTE[0], "purple", DEFAULT_PALETTE[1], DEFAULT_PALETTE[2], DEFAULT_PALETTE[3]]);
  });
});

describe("candle lookup", () => {
  const t = times(10);
  it("finds the candle containing a time", () => {
    expect(candleIndexAt(t, T0)).toBe(0);
    expect(candleIndexAt(t, T0 + FIVE_MIN - 1)).toBe(0);
    expect(candleIndexAt(t, T0 + 3 * FIVE_MIN + 120_000)).toBe(3);
    expect(candleIndexAt(t, T0 + 9 * FIVE_MIN + 10)).toBe(9);
  });
  it("returns -1 before the first candle and after the last one ends", () => {
    expect(candleIndexAt(t, T0 - 1)).toBe(-1);
    expect(candleIndexAt(t, T0 + 10 * FIVE_MIN, FIVE_MIN)).toBe(-1);
    expect(candleIndexAt([], T0)).toBe(-1);
  });
  it("gives sub-plot scales about four significant digits", () => {
    expect(indicatorDecimals([null, 30.37, 70.2])).toBe(2); // RSI
    expect(indicatorDecimals([136.95, -120])).toBe(2); // MACD of BTC
    expect(indicatorDecimals([0.00042, -0.0003, null])).toBe(7); // MACD of a coin at 0.08
    expect(indicatorDecimals([null, null])).toBe(2);
  });
  it("parses Freqtrade timeframes", () => {
    expect(timeframeMs("5m")).toBe(300_000);
    expect(timeframeMs("4h")).toBe(14_400_000);
    expect(timeframeMs("1d")).toBe(86_400_000);
    expect(timeframeMs("1M")).toBeNull();
  });
});

describe("trades → markers", () => {
  const t = times(20);
  const win = makeTrade({ openMs: T0 + 5 * FIVE_MIN + 1000, closeMs: T0 + 8 * FIVE_MIN, profitAbs: 1.5 });
  const shortLoss = makeTrade({ isShort: true, openMs: T0 + 2 * FIVE_MIN, closeMs: T0 + 6 * FIVE_MIN + 42_000, profitAbs: -2 });
  const open = makeTrade({ openMs: T0 + 15 * FIVE_MIN, closeMs: T0 + 19 * FIVE_MIN, isOpen: true, profitAbs: 0 });
  const outside = makeTrade({ openMs: T0 + 30 * FIVE_MIN, closeMs: T0 + 31 * FIVE_MIN });

  it("places entries and exits on the candles containing their times, sorted by time", () => {
    const { markers } = tradeMarkers([win, shortLoss, open, outside], t, colors, FIVE_MIN);
    const s = (i: number) => (T0 + i * FIVE_MIN) / 1000;
    expect(markers.map((m) => [m.id, m.time])).toEqual([
      ["entry:1", s(2)],
      ["entry:0", s(5)],
      ["exit:1", s(6)],
      ["exit:0", s(8)],
      ["entry:2", s(15)],
    ]);
  });

  it("draws longs entering below the bar with an arrow up, shorts above with an arrow down, coloured by profit", () => {
    const { markers } = tradeMarkers([win, shortLoss, open], t, colors, FIVE_MIN);
    const byId = new Map(markers.map((m) => [m.id, m]));
    expect(byId.get("entry:0")).toMatchObject({ position: "belowBar", shape: "arrowUp", color: "green" });
    expect(byId.get("exit:0")).toMatchObject({ position: "aboveBar", shape: "circle", color: "green" });
    expect(byId.get("entry:1")).toMatchObject({ position: "aboveBar", shape: "arrowDown", color: "red" });
    expect(byId.get("exit:1")).toMatchObject({ position: "belowBar", shape: "circle", color: "red" });
    expect(byId.get("entry:2")).toMatchObject({ color: "grey" });
    expect(byId.has("exit:2")).toBe(false); // still open
  });

  it("indexes the trades by the candles of their entries and exits for the hover box", () => {
    const back = makeTrade({ openMs: T0 + 8 * FIVE_MIN, closeMs: T0 + 8 * FIVE_MIN + 100_000 }); // in and out on one candle
    const { tradesByCandle } = tradeMarkers([win, back], t, colors);
    expect(tradesByCandle.get((T0 + 5 * FIVE_MIN) / 1000)).toEqual([{ index: 0, entry: true, exit: false }]);
    expect(tradesByCandle.get((T0 + 8 * FIVE_MIN) / 1000)).toEqual([
      { index: 0, entry: false, exit: true },
      { index: 1, entry: true, exit: true },
    ]);
    expect(tradesByCandle.has((T0 + 6 * FIVE_MIN) / 1000)).toBe(false);
  });

  it("handles 1,000 trades on 100,000 candles quickly", () => {
    const many = times(100_000);
    const trades = Array.from({ length: 1000 }, (_, i) =>
      makeTrade({ openMs: T0 + (i * 97 + 3) * FIVE_MIN, closeMs: T0 + (i * 97 + 40) * FIVE_MIN, profitAbs: i % 3 - 1 }),
    );
    const start = performance.now();
    const { markers } = tradeMarkers(trades, many, colors, FIVE_MIN);
    expect(performance.now() - start).toBeLessThan(50);
    expect(markers).toHaveLength(2000);
    for (let i = 1; i < markers.length; i++) expect(markers[i]!.time >= markers[i - 1]!.time).toBe(true);
  });
});

describe("trade hover box and scrolling", () => {
  it("lists entry/exit price, profit in the quote currency and percent, exit reason and enter tag", () => {
    const rows = tradeTooltipRows(makeTrade({ profitAbs: 0.8, profitRatio: 0.008, enterTag: "rsi_cross", exitReason: "roi" }));
    expect(rows).toEqual([
      ["Side", "Long"],
      ["Entry", "42,000.00 · 2024-01-01 00:00"],
      ["Exit", "42,420.00 · 2024-01-01 01:00"],
      ["Profit", "+0.800 USDT (+0.80 %)"],
      ["Duration", "1h 0m"],
      ["Exit reason", "roi"],
      ["Enter tag", "rsi_cross"],
    ]);
  });

  it("shows a losing short's loss with its sign and leaves out a missing enter tag", () => {
    const rows = tradeTooltipRows(makeTrade({ isShort: true, profitAbs: -2.5, profitRatio: -0.025, exitReason: "stop_loss" }));
    expect(rows[0]).toEqual(["Side", "Short"]);
    expect(rows[3]).toEqual(["Profit", "-2.500 USDT (-2.50 %)"]);
    expect(rows.some(([k]) => k === "Enter tag")).toBe(false);
  });

  it("computes the bars to show around a trade", () => {
    const t = times(1000);
    const trade = makeTrade({ openMs: T0 + 100 * FIVE_MIN, closeMs: T0 + 120 * FIVE_MIN });
    expect(barRangeAround(trade, t, 40)).toEqual({ from: 60, to: 160 });
    expect(barRangeAround(makeTrade({ openMs: T0 + 5 * FIVE_MIN, closeMs: T0 + 990 * FIVE_MIN }), t, 40)).toEqual({ from: 0, to: 999 });
  });
});

describe("the trade picked in the table", () => {
  const t = times(20);
  const trades = [
    makeTrade({ openMs: T0 + 2 * FIVE_MIN, closeMs: T0 + 4 * FIVE_MIN }),
    makeTrade({ openMs: T0 + 6 * FIVE_MIN, closeMs: T0 + 9 * FIVE_MIN, isShort: true }),
  ];
  it("is found by identity or by pair, side and open time", () => {
    expect(findTradeIndex(trades, trades[1]!)).toBe(1);
    expect(findTradeIndex(trades, { ...trades[1]! })).toBe(1);
    expect(findTradeIndex(trades, { ...trades[1]!, isShort: false })).toBe(-1);
    expect(findTradeIndex(trades, { ...trades[1]!, pair: "ETH/USDT" })).toBe(-1);
  });
  it("gets larger entry and exit markers, the others stay as they are", () => {
    const { markers } = tradeMarkers(trades, t, colors);
    const out = emphasizeTrade(markers, 1);
    expect(out.filter((m) => m.size !== undefined).map((m) => [m.id, m.size])).toEqual([["entry:1", 2.2], ["exit:1", 2.2]]);
    expect(out.map((m) => m.time)).toEqual(markers.map((m) => m.time));
    expect(emphasizeTrade(markers, -1)).toBe(markers);
  });
});
