import { describe, expect, it } from "vitest";
import { backtestRequestSchema, detectStrategyClass, parseTimerange, MAX_STRATEGY_BYTES } from "../src/index.js";

const source = "from freqtrade.strategy import IStrategy\n\nclass MyStrat(IStrategy):\n    timeframe = '5m'\n";
const base = { strategy: { fileName: "MyStrat.py", source }, pairs: ["BTC/USDT"], timeframe: "5m", timerange: "20240101-20240201" };
const messages = (input: object) => {
  const r = backtestRequestSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe("parseTimerange", () => {
  it("parses a range into UTC ms", () => {
    expect(parseTimerange("20240101-20240201")).toEqual({ startMs: Date.UTC(2024, 0, 1), endMs: Date.UTC(2024, 1, 1) });
  });
  it.each([
    ["2024-01-01", /invalid timerange "2024-01-01"; expected YYYYMMDD-YYYYMMDD/],
    ["20240101-20240101", /is empty/],
    ["20240301-20240101", /inverted: end 20240101 is before start 20240301/],
    ["20240230-20240301", /start 20240230 is not a calendar date/],
    ["20240101-20241332", /end 20241332 is not a calendar date/],
  ])("rejects %s", (value, message) => {
    const r = parseTimerange(value);
    expect("error" in r && r.error).toMatch(message);
  });
});

describe("detectStrategyClass", () => {
  it("finds the IStrategy subclass", () => {
    expect(detectStrategyClass(source)).toEqual({ className: "MyStrat" });
    expect(detectStrategyClass("class A(strategy.IStrategy):\n  pass")).toEqual({ className: "A" });
  });
  it("explains when there is none", () => {
    expect(detectStrategyClass("class A(object):\n  pass")).toEqual({ error: expect.stringMatching(/no strategy class found/) });
  });
});

describe("backtestRequestSchema", () => {
  it("accepts a minimal request and fills defaults", () => {
    const r = backtestRequestSchema.parse(base);
    expect(r).toMatchObject({ stakeAmount: "unlimited", dryRunWallet: 1000, maxOpenTrades: 3, stakeCurrency: "USDT", params: {} });
  });
  it("normalises pair case", () => {
    expect(backtestRequestSchema.parse({ ...base, pairs: ["btc/usdt"] }).pairs).toEqual(["BTC/USDT"]);
  });
  it.each([
    [{ pairs: [] }, /choose at least one pair/],
    [{ pairs: ["BTC/USDT", "BTC/USDT"] }, /a pair is listed twice/],
    [{ pairs: ["BTC-USDT"] }, /invalid pair "BTC-USDT"/],
    [{ timeframe: "7m" }, /unknown timeframe "7m"/],
    [{ timerange: "20240201-20240101" }, /inverted/],
    [{ strategy: { fileName: "x.txt", source } }, /file name must look like MyStrategy.py/],
    [{ strategy: { fileName: "A.py", source: "   " } }, /strategy file is empty/],
    [{ strategy: { fileName: "A.py", source: source + "#" + "x".repeat(MAX_STRATEGY_BYTES) } }, /strategy file is too large/],
    [{ dryRunWallet: -5 }, /expected number to be >0|Too small/i],
  ])("rejects %j", (override, message) => {
    expect(messages({ ...base, ...override }).join("; ")).toMatch(message);
  });
});
