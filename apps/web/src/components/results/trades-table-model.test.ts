import { describe, expect, it } from "vitest";
import { distinctValues, filterTrades, NO_FILTER, nextSort, paginate, sortTrades } from "./trades-table-model";
import { makeTrade } from "./test-fixtures";

const trades = [
  makeTrade({ pair: "ETH/USDT", profitAbs: 2, profitRatio: 0.02, exitReason: "roi", enterTag: "ema_cross", openMs: 3000 }),
  makeTrade({ pair: "BTC/USDT", profitAbs: -1, profitRatio: -0.01, exitReason: "stop_loss", isShort: true, openMs: 1000 }),
  makeTrade({ pair: "ADA/USDT", profitAbs: 0, profitRatio: 0, exitReason: "exit_signal", enterTag: "rsi_low", openMs: 2000 }),
  makeTrade({ pair: "BTC/USDT", profitAbs: 5, profitRatio: 0.05, exitReason: "roi", openMs: 4000 }),
];
const all = filterTrades(trades, NO_FILTER);
const pairs = (rows: { trade: { pair: string } }[]) => rows.map((r) => r.trade.pair);

describe("sorting trades", () => {
  it("sorts by profit, largest first and smallest first", () => {
    expect(sortTrades(all, { column: "profitAbs", direction: "desc" }).map((r) => r.trade.profitAbs)).toEqual([5, 2, 0, -1]);
    expect(sortTrades(all, { column: "profitAbs", direction: "asc" }).map((r) => r.index)).toEqual([1, 2, 0, 3]);
  });

  it("sorts text columns alphabetically and keeps ties in backtest order", () => {
    expect(sortTrades(all, { column: "pair", direction: "asc" }).map((r) => [r.trade.pair, r.index])).toEqual([
      ["ADA/USDT", 2], ["BTC/USDT", 1], ["BTC/USDT", 3], ["ETH/USDT", 0],
    ]);
    expect(sortTrades(all, { column: "side", direction: "desc" }).map((r) => r.index)).toEqual([1, 0, 2, 3]);
  });

  it("puts trades without an enter tag last in both directions", () => {
    expect(sortTrades(all, { column: "enterTag", direction: "asc" }).map((r) => r.trade.enterTag)).toEqual(["ema_cross", "rsi_low", null, null]);
    expect(sortTrades(all, { column: "enterTag", direction: "desc" }).map((r) => r.trade.enterTag)).toEqual(["rsi_low", "ema_cross", null, null]);
  });

  it("flips the direction on the same column and starts numbers largest first", () => {
    expect(nextSort({ column: "openMs", direction: "asc" }, "openMs")).toEqual({ column: "openMs", direction: "desc" });
    expect(nextSort({ column: "openMs", direction: "asc" }, "profitRatio")).toEqual({ column: "profitRatio", direction: "desc" });
    expect(nextSort({ column: "openMs", direction: "desc" }, "pair")).toEqual({ column: "pair", direction: "asc" });
  });
});

describe("filtering trades", () => {
  it("filters by pair, exit reason and side", () => {
    expect(filterTrades(trades, { ...NO_FILTER, pair: "BTC/USDT" }).map((r) => r.index)).toEqual([1, 3]);
    expect(filterTrades(trades, { ...NO_FILTER, exitReason: "roi" }).map((r) => r.index)).toEqual([0, 3]);
    expect(filterTrades(trades, { ...NO_FILTER, side: "short" }).map((r) => r.index)).toEqual([1]);
    expect(filterTrades(trades, { ...NO_FILTER, side: "long", pair: "BTC/USDT" }).map((r) => r.index)).toEqual([3]);
  });

  it("counts a zero-profit trade as neither winner nor loser", () => {
    expect(pairs(filterTrades(trades, { ...NO_FILTER, outcome: "winners" }))).toEqual(["ETH/USDT", "BTC/USDT"]);
    expect(pairs(filterTrades(trades, { ...NO_FILTER, outcome: "losers" }))).toEqual(["BTC/USDT"]);
  });

  it("matches free text in pair, exit reason and enter tag, ignoring case", () => {
    expect(filterTrades(trades, { ...NO_FILTER, text: "eth" }).map((r) => r.index)).toEqual([0]);
    expect(filterTrades(trades, { ...NO_FILTER, text: " STOP" }).map((r) => r.index)).toEqual([1]);
    expect(filterTrades(trades, { ...NO_FILTER, text: "rsi" }).map((r) => r.index)).toEqual([2]);
    expect(filterTrades(trades, { ...NO_FILTER, text: "doge" })).toEqual([]);
  });

  it("offers each pair and exit reason once, sorted", () => {
    expect(distinctValues(trades, "pair")).toEqual(["ADA/USDT", "BTC/USDT", "ETH/USDT"]);
    expect(distinctValues(trades, "exitReason")).toEqual(["exit_signal", "roi", "stop_loss"]);
  });
});

describe("paging", () => {
  const items = Array.from({ length: 60 }, (_, i) => i + 1);
  it("shows 25 a page with the positions shown", () => {
    expect(paginate(items, 1, 25)).toMatchObject({ page: 1, pageCount: 3, from: 1, to: 25, total: 60 });
    const last = paginate(items, 3, 25);
    expect(last).toMatchObject({ from: 51, to: 60 });
    expect(last.items).toEqual([51, 52, 53, 54, 55, 56, 57, 58, 59, 60]);
  });

  it("clamps a page past the end (after filtering) and handles no items", () => {
    expect(paginate(items, 9, 25)).toMatchObject({ page: 3, from: 51, to: 60 });
    expect(paginate([], 2, 25)).toMatchObject({ page: 1, pageCount: 1, from: 0, to: 0, total: 0, items: [] });
  });
});
