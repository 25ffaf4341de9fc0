import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  RECORDED_PAIRS,
  buildExchangeInfo,
  decimalStep,
  genericSymbol,
  marketSteps,
  roundToStep,
} from "../../src/market-data/markets-metadata.js";

const recorded = JSON.parse(
  readFileSync(new URL("../../src/market-data/binance-spot-exchangeinfo.json", import.meta.url), "utf8"),
);

describe("buildExchangeInfo", () => {
  it("keeps Binance's top-level fields and returns recorded symbols unchanged", () => {
    const info = buildExchangeInfo(["BTC/USDT", "ETH/USDT"]);
    expect(info.timezone).toBe("UTC");
    expect(info.serverTime).toBe(recorded.serverTime);
    expect(info.rateLimits).toEqual(recorded.rateLimits);
    expect(info.exchangeFilters).toEqual(recorded.exchangeFilters);
    expect(info.symbols.map((s) => s.symbol)).toEqual(["BTCUSDT", "ETHUSDT"]);
    expect(info.symbols[0]).toEqual(recorded.symbols.find((s: { symbol: string }) => s.symbol === "BTCUSDT"));
  });

  it("adds a GENERIC symbol, shaped like the recorded ones, for pairs without metadata", () => {
    const info = buildExchangeInfo(["SOL/USDT", "BTC/USDT"]);
    const sol = info.symbols[0];
    expect(Object.keys(sol).sort()).toEqual(Object.keys(recorded.symbols[0]).sort());
    expect(sol).toMatchObject({
      symbol: "SOLUSDT",
      status: "TRADING",
      baseAsset: "SOL",
      quoteAsset: "USDT",
      baseAssetPrecision: 8,
      quotePrecision: 8,
      isSpotTradingAllowed: true,
      permissions: ["SPOT"],
      permissionSets: [["SPOT"]],
    });
    const filter = (type: string) => sol.filters.find((f) => f.filterType === type);
    expect(filter("PRICE_FILTER")).toMatchObject({ tickSize: "0.00000001", minPrice: "0.00000001" });
    expect(filter("LOT_SIZE")).toMatchObject({ stepSize: "0.00000001", minQty: "0.00000001" });
    expect(filter("NOTIONAL")).toMatchObject({ minNotional: "5.00000000", applyMinToMarket: true });
    expect(sol.filters.map((f) => f.filterType)).toEqual(recorded.symbols[0].filters.map((f: { filterType: string }) => f.filterType));
  });

  it("uses Binance-like minimum notionals for BTC/ETH/BNB quotes", () => {
    const notional = (pair: string) => genericSymbol(pair).filters.find((f) => f.filterType === "NOTIONAL")?.minNotional;
    expect(notional("ETH/BTC")).toBe("0.00010000");
    expect(notional("LINK/ETH")).toBe("0.00100000");
    expect(notional("SOL/BNB")).toBe("0.01000000");
    expect(notional("SOL/FDUSD")).toBe("5.00000000");
  });

  it("normalises and de-duplicates pairs, and rejects malformed ones", () => {
    expect(buildExchangeInfo(["btc/usdt", "BTC/USDT", " sol/usdt "]).symbols.map((s) => s.symbol)).toEqual(["BTCUSDT", "SOLUSDT"]);
    expect(() => buildExchangeInfo(["BTCUSDT"])).toThrow('invalid pair "BTCUSDT"; expected BASE/QUOTE such as BTC/USDT');
  });

  it("returns copies: mutating the result does not touch the recorded data", () => {
    const a = buildExchangeInfo(["BTC/USDT"]);
    a.symbols[0].filters.length = 0;
    a.rateLimits.length = 0;
    const b = buildExchangeInfo(["BTC/USDT"]);
    expect(b.symbols[0].filters.length).toBe(7);
    expect(b.rateLimits.length).toBe(1);
  });

  it("knows the 7 recorded pairs", () => {
    expect(RECORDED_PAIRS).toEqual(["BTC/USDT", "ETH/USDT", "ADA/USDT", "LTC/USDT", "XRP/USDT", "DOGE/USDT", "TRX/USDT"]);
  });
});

describe("tick and lot steps", () => {
  it("reads PRICE_FILTER tickSize and LOT_SIZE stepSize", () => {
    expect(marketSteps("BTC/USDT").tick.value).toBe(0.01);
    expect(marketSteps("BTC/USDT").lot.value).toBe(0.00001);
    expect(marketSteps("DOGE/USDT").tick.value).toBe(0.00001);
    expect(marketSteps("XRP/USDT").lot.value).toBe(1);
    expect(marketSteps("SOL/USDT").tick.value).toBe(0.00000001);
  });

  it("rounds to the double nearest the decimal", () => {
    const cent = decimalStep("0.01000000");
    expect(cent).toMatchObject({ units: 1, scale: 100 });
    expect(roundToStep(16543.214999, cent)).toBe(16543.21);
    expect(roundToStep(0.1 + 0.2, cent)).toBe(0.3);
    expect(String(roundToStep(1.005 * 1000, decimalStep("0.1")))).toBe("1005");
    expect(decimalStep("5")).toMatchObject({ units: 5, scale: 1, value: 5 });
    expect(() => decimalStep("0.00000000")).toThrow("decimal step must be positive");
  });
});
