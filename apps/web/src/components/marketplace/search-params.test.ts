import { describe, expect, it } from "vitest";
import { EMPTY_FILTERS, filtersFromParams, hasFilters, paramsFromFilters, parseTagList, toSearchInput, type SearchFilters } from "./search-params";

const everything: SearchFilters = {
  q: "ema cross",
  tags: ["trend", "mean-reversion"],
  timeframe: "1h",
  licence: "RUN_ONLY",
  priceMin: 5,
  priceMax: 19.99,
  freeOnly: false,
  minSharpe: 1.5,
  maxDrawdownPercent: 20,
  minTrades: 30,
  sort: "sharpe",
};

describe("marketplace search ↔ URL query", () => {
  it("a search survives the round trip through its URL", () => {
    const query = paramsFromFilters(everything).toString();
    expect(query).toBe("q=ema+cross&tags=trend%2Cmean-reversion&tf=1h&licence=run-only&pmin=5&pmax=19.99&sharpe=1.5&dd=20&trades=30&sort=sharpe");
    expect(filtersFromParams(new URLSearchParams(query))).toEqual(everything);
  });

  it("no filters give an empty query, and an empty query no filters", () => {
    expect(paramsFromFilters(EMPTY_FILTERS).toString()).toBe("");
    expect(filtersFromParams(new URLSearchParams(""))).toEqual(EMPTY_FILTERS);
    expect(paramsFromFilters({ ...EMPTY_FILTERS, q: "   " }).toString()).toBe("");
  });

  it("drops values edited by hand into nonsense instead of failing the page", () => {
    const f = filtersFromParams(new URLSearchParams("tf=7m&licence=mine&pmin=-3&pmax=abc&dd=150&trades=2.5&sort=cheapest&sharpe=&tags=OK,no%20way,bad_tag&free=yes"));
    expect(f).toEqual({ ...EMPTY_FILTERS, tags: ["ok", "no", "way"] });
  });

  it("reads the free-only switch and the open licence", () => {
    const f = filtersFromParams(new URLSearchParams("free=1&licence=open"));
    expect(f.freeOnly).toBe(true);
    expect(f.licence).toBe("OPEN");
    expect(hasFilters(f)).toBe(true);
    expect(hasFilters({ ...EMPTY_FILTERS, q: "rsi", sort: "newest" })).toBe(false);
  });

  it("parses a typed tag list into unique slugs", () => {
    expect(parseTagList(" Trend, mean-reversion  trend ,,")).toEqual(["trend", "mean-reversion"]);
  });
});

describe("filters → search API input", () => {
  it("turns dollars into cents and the drawdown percent into a ratio", () => {
    expect(toSearchInput(everything)).toEqual({
      q: "ema cross",
      tags: ["trend", "mean-reversion"],
      timeframe: "1h",
      licence: "RUN_ONLY",
      priceMinCents: 500,
      priceMaxCents: 1999,
      minSharpe: 1.5,
      maxDrawdownRatio: 0.2,
      minTrades: 30,
      sort: "sharpe",
    });
  });

  it("sends nothing for filters left empty, and free-only as a flag", () => {
    expect(toSearchInput(EMPTY_FILTERS)).toEqual({});
    expect(toSearchInput({ ...EMPTY_FILTERS, q: "  rsi ", freeOnly: true, minSharpe: 0 })).toEqual({ q: "rsi", freeOnly: true, minSharpe: 0 });
  });
});
