import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { BacktestMetrics } from "@tradelab/contracts";
import {
  explainBacktest,
  explainSource,
  explainSpec,
  findLookaheadProblems,
  generateStrategyCode,
  interpret,
  parseStrategySpec,
  strategySpecSchema,
  type Condition,
  type Interpretation,
  type StrategySpec,
} from "../src/index.js";
import { tokenize } from "../src/builtin/tokens.js";
import { loadCorpus, runTurns, type CorpusCase } from "./corpus.js";

const templatesDir = path.resolve(import.meta.dirname, "../../../examples/strategies/templates");
const templates = readdirSync(templatesDir).map((f) => ({ name: f, source: readFileSync(path.join(templatesDir, f), "utf8") }));

/** "and(compare,cross)": the shape of a condition tree. */
const shape = (c: Condition | null): string | null =>
  c === null ? null : c.type === "and" || c.type === "or" ? `${c.type}(${c.conditions.map(shape).join(",")})` : c.type;

function specOf(turns: string[], current: StrategySpec | null = null): StrategySpec {
  const r = runTurns(turns, current);
  if (r.kind !== "spec") throw new Error(`expected a spec for ${JSON.stringify(turns)}, got ${JSON.stringify(r)}`);
  return r.spec;
}

describe("the request corpus", () => {
  const cases = loadCorpus();

  it("has at least 45 cases with unique ids, and covers every indicator kind and feature", () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    const specs = cases.map((c) => specOf(c.turns));
    const kinds = new Set(specs.flatMap((s) => s.indicators.map((i) => i.kind)));
    expect([...kinds].sort()).toEqual(["adx", "atr", "bbands", "ema", "macd", "pattern", "rsi", "sma", "stoch", "volume_sma"]);
    const code = specs.map((s) => generateStrategyCode(s).source).join("\n");
    for (const feature of ["qtpylib.crossed_above", "qtpylib.crossed_below", " | ", "trailing_stop_positive_offset", "IntParameter(", "DecimalParameter(", '"60": 0.05', "CDLENGULFING", "CDLHAMMER", "CDLDOJI", "CDLMORNINGSTAR", "CDLSHOOTINGSTAR"]) {
      expect(code).toContain(feature);
    }
    expect(new Set(specs.map((s) => s.timeframe)).size).toBeGreaterThanOrEqual(7);
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c: CorpusCase) => {
    const result = runTurns(c.turns);
    expect(result.kind, JSON.stringify(result)).toBe("spec");
    const { spec, changes, notUnderstood } = result as Extract<Interpretation, { kind: "spec" }>;
    const e = c.expect;
    expect(strategySpecSchema.parse(spec)).toEqual(spec);
    if (e.timeframe) expect(spec.timeframe).toBe(e.timeframe);
    if (e.stoploss !== undefined) expect(spec.stoploss).toBeCloseTo(e.stoploss, 10);
    if (e.trailing !== undefined) expect(spec.trailing).toEqual(e.trailing === null ? null : expect.objectContaining(e.trailing));
    if (e.minimalRoi) expect(spec.minimalRoi).toEqual(e.minimalRoi);
    for (const ind of e.indicators ?? []) expect(spec.indicators).toContainEqual(expect.objectContaining(ind));
    if (e.parameters) {
      expect(spec.parameters).toHaveLength(e.parameters.length);
      e.parameters.forEach((p, i) => expect(spec.parameters[i]).toEqual(expect.objectContaining(p)));
    }
    if (e.entry !== undefined) expect(shape(spec.entry)).toBe(e.entry);
    if (e.exit !== undefined) expect(shape(spec.exit)).toBe(e.exit);
    for (const change of e.changes ?? []) expect(changes).toContain(change);
    expect(notUnderstood).toEqual(e.notUnderstood ?? []);

    const code = generateStrategyCode(spec);
    expect(code.fileName).toBe(`${spec.className}.py`);
    expect(code.source).toContain(`class ${code.className}(IStrategy):`);
    for (const s of e.codeIncludes ?? []) expect(code.source).toContain(s);
    for (const s of e.codeExcludes ?? []) expect(code.source).not.toContain(s);
    expect(findLookaheadProblems(code.source)).toEqual([]);
  });
});

describe("requests that must not become a strategy", () => {
  const cases = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../corpus/not-understood.json"), "utf8")) as { id: string; turns: string[]; mentions: string[] }[];

  it("has at least 10 cases", () => expect(cases.length).toBeGreaterThanOrEqual(10));

  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const last = runTurns(c.turns);
    expect(last.kind).toBe("not-understood");
    const { message } = last as Extract<Interpretation, { kind: "not-understood" }>;
    for (const m of c.mentions) expect(message.toLowerCase()).toContain(m.toLowerCase());
    expect(message).toContain("Buy when RSI(14) drops below 30"); // examples of what it does understand
  });
});

describe("parsing details", () => {
  it("tokenizes numbers, percentages, durations and operators", () => {
    expect(tokenize("RSI(14) >= 30.5, 5% sl on 4h; 2.5 percent").map((t) => [t.kind, "value" in t ? t.value : "minutes" in t ? t.minutes : t.text])).toEqual([
      ["word", "rsi"], ["punct", "("], ["num", 14], ["punct", ")"], ["op", ">="], ["num", 30.5], ["punct", ","], ["pct", 0.05], ["word", "sl"],
      ["word", "on"], ["dur", 240], ["punct", ";"], ["pct", 0.025],
    ]);
  });

  it("splits 'buy when … and sell when …' into two clauses but keeps 'and' inside a condition", () => {
    const spec = specOf(["buy when RSI < 30 and close > EMA(50) and sell when RSI > 70"]);
    expect(shape(spec.entry)).toBe("and(compare,compare)");
    expect(shape(spec.exit)).toBe("compare");
  });

  it("reads '50-day SMA' as a period and 'after 2 hours' as an ROI step, not as timeframes", () => {
    const spec = specOf(["buy when close crosses above the 50-day SMA; roi 3% after 2 hours; 1h"]);
    expect(spec.timeframe).toBe("1h");
    expect(spec.indicators).toEqual([{ id: "sma_50", kind: "sma", period: 50 }]);
    expect(spec.minimalRoi).toEqual([{ afterMinutes: 120, profit: 0.03 }]);
  });

  it("reports a timeframe it cannot serve instead of guessing", () => {
    const r = runTurns(["buy when RSI < 30 on 3h"]);
    expect(r.kind).toBe("spec");
    expect((r as Extract<Interpretation, { kind: "spec" }>).notUnderstood[0]).toMatch(/180 minutes/);
  });

  it("reuses the strategy's indicator when a follow-up names it without a period", () => {
    const spec = specOf(["buy when RSI(9) < 25"], null);
    const next = specOf(["add RSI above 10 to the entry"], spec);
    expect(next.indicators).toEqual([{ id: "rsi_9", kind: "rsi", period: 9 }]);
  });

  it("merges two indicators that became the same after a period change", () => {
    const spec = specOf(["buy when close > EMA(50) and EMA(20) > EMA(50)"]);
    const next = specOf(["use EMA(50) instead of EMA(20)"], spec);
    expect(next.indicators.filter((i) => i.kind === "ema")).toEqual([{ id: "ema_50", kind: "ema", period: 50 }]);
  });

  it("refuses to remove the stoploss or the only entry condition, and says why", () => {
    const spec = specOf(["buy when RSI < 30; sell when RSI > 70"]);
    const noStop = runTurns(["remove the stoploss"], spec);
    expect(noStop.kind).toBe("not-understood");
    expect((noStop as { message: string }).message).toMatch(/Freqtrade needs one/);
    const noEntry = runTurns(["remove the RSI condition from the entry"], spec);
    expect((noEntry as { message: string }).message).toMatch(/only entry condition/);
  });

  it("a new description replaces the current strategy; an edit keeps the rest", () => {
    const spec = specOf(["buy when RSI < 30; sell when RSI > 70; trailing stop at 1%; 1h"]);
    expect(specOf(["Buy when MACD crosses above its signal"], spec).trailing).toBeNull();
    expect(specOf(["add an ADX filter"], spec).trailing).not.toBeNull();
  });

  it("tells explanations apart", () => {
    expect(interpret("explain this strategy", null)).toEqual({ kind: "explain-strategy" });
    expect(interpret("Explain this backtest", null)).toEqual({ kind: "explain-backtest" });
    expect(interpret("how did the backtest do?", null)).toEqual({ kind: "explain-backtest" });
    expect(interpret("what does this strategy do?", null)).toEqual({ kind: "explain-strategy" });
  });
});

describe("the spec schema", () => {
  const good = specOf(["Buy when RSI(14) < 30 and close > EMA(200); sell when RSI > 70; 1h", "make the RSI threshold a parameter from 20 to 40"]);
  const bad = (patch: Record<string, unknown>) => parseStrategySpec({ ...structuredClone(good), ...patch });

  it("accepts what the interpreter builds", () => expect(parseStrategySpec(good)).toEqual({ ok: true, spec: good }));

  it.each([
    ["an unknown timeframe", { timeframe: "3h" }, /timeframe: unknown timeframe "3h"/],
    ["a positive stoploss", { stoploss: 0.05 }, /stoploss: stoploss must be negative/],
    ["an unknown indicator kind", { indicators: [{ id: "x", kind: "ichimoku", period: 9 }] }, /unknown indicator kind "ichimoku"/],
    ["a reference to a missing indicator", { indicators: [] }, /entry.conditions.0.left: unknown indicator rsi_14/],
    ["a reference to a missing parameter", { parameters: [] }, /unknown parameter buy_rsi/],
    ["a default outside the range", { parameters: [{ name: "buy_rsi", type: "int", low: 20, high: 40, default: 50, space: "buy" }] }, /default 50 is outside 20..40/],
    ["a trailing offset below the distance", { trailing: { positive: 0.03, offset: 0.02, onlyOffsetIsReached: true } }, /trailing.offset must be above/],
    ["an extra field", { leverage: 10 }, /leverage/],
    ["a bad class name", { className: "my strategy" }, /className must be a Python class name/],
  ])("rejects %s with a clear message", (_what, patch, message) => {
    const r = bad(patch);
    expect(r.ok).toBe(false);
    expect((r as { error: string }).error).toMatch(message);
  });

  it("rejects a condition comparing two numbers and an unknown output", () => {
    expect(bad({ exit: { type: "compare", left: { type: "number", value: 1 }, op: ">", right: { type: "number", value: 2 } } })).toMatchObject({ ok: false, error: expect.stringMatching(/two numbers/) });
    expect(bad({ exit: { type: "compare", left: { type: "indicator", id: "rsi_14", output: "upper" }, op: ">", right: { type: "number", value: 2 } } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/has no output "upper"/),
    });
  });
});

describe("explanations", () => {
  it("explains a spec: entry, exit, risk and parameters", () => {
    const spec = specOf(["Buy when RSI(14) < 30 and close > EMA(200); sell when RSI > 70; 5% stoploss; trailing stop at 2%; 1h", "make the RSI threshold a parameter from 20 to 40"]);
    const text = explainSpec(spec);
    expect(text).toContain("Entry: it buys when RSI(14) is below buy_rsi (20–40, default 30) and the close is above EMA(200).");
    expect(text).toContain("Exit: it sells when RSI(14) is above 70.");
    expect(text).toContain("5 % below its entry price; a trailing stop 2 % below the highest price");
    expect(text).toContain("- buy_rsi: whole number from 20 to 40, default 30 (buy space)");
  });

  it("reads code it did not write, and says what it could not interpret", () => {
    const rsi = explainSource(templates.find((t) => t.name === "RsiMeanReversion.py")!.source);
    expect(rsi).toMatch(/reading this code/);
    expect(rsi).toContain("Class: RsiMeanReversion.");
    expect(rsi).toContain("Timeframe: 5m.");
    expect(rsi).toContain("Stoploss: 8 % below the entry price.");
    expect(rsi).toContain("TA-Lib indicators: RSI, EMA.");
    expect(rsi).toContain('qtpylib.crossed_above(dataframe["rsi"], self.sell_rsi.value) & (dataframe["volume"] > 0)');
    const blank = explainSource(templates.find((t) => t.name === "BlankStrategy.py")!.source);
    expect(blank).toMatch(/I could not interpret: the entry conditions; the exit conditions/);
    expect(explainSource("print('hello')")).toMatch(/could not interpret: the strategy class/);
  });

  const metrics: BacktestMetrics = {
    totalTrades: 12, profitTotalAbs: 53.2, profitTotalRatio: 0.0532, profitMeanRatio: 0.0044, profitMedianRatio: 0.003, cagr: 0.3, sharpe: 1.4, sortino: 2,
    calmar: 3, sqn: 1, profitFactor: 1.8, expectancy: 4.4, expectancyRatio: 0.2, maxDrawdownAccountRatio: 0.031, maxDrawdownAbs: 31, maxRelativeDrawdownRatio: 0.03,
    drawdownStartMs: 0, drawdownEndMs: 0, wins: 8, draws: 0, losses: 4, winRate: 8 / 12, holdingAvgSeconds: 5400, winnerHoldingAvgSeconds: 3600,
    loserHoldingAvgSeconds: 9000, maxConsecutiveWins: 4, maxConsecutiveLosses: 2, tradesPerDay: 0.2, marketChangeRatio: 0.12, startingBalance: 1000,
    finalBalance: 1053.2, backtestStartMs: Date.UTC(2024, 9, 1), backtestEndMs: Date.UTC(2024, 11, 1), backtestDays: 61, bestPair: "BTC/USDT", worstPair: "BTC/USDT",
  };

  it("explains a backtest in plain words, against the market, with caveats", () => {
    const text = explainBacktest({ metrics, strategyName: "RsiEma", perExitReason: [{ key: "roi", trades: 8, profitAbs: 60, profitTotalRatio: 0.06, profitMeanRatio: 0.01, wins: 8, draws: 0, losses: 0, winRate: 1, durationAvg: null }] });
    expect(text).toContain("RsiEma made 12 trades in 61 days and gained 5.32 % in total (1000 → 1053.2).");
    expect(text).toContain("The market moved +12 % over the same period, so the strategy did worse than holding by 6.68 %.");
    expect(text).toContain("66.7 % of trades won (8 wins, 4 losses, 0 draws).");
    expect(text).toContain("The worst drawdown took 3.1 % of the account");
    expect(text).toContain("A trade lasted 1.5 h on average.");
    expect(text).toContain("Exits: roi 8.");
    expect(text).toMatch(/12 trades are too few to be statistically significant/);
  });

  it("says plainly when there were no trades", () => {
    expect(explainBacktest({ metrics: { ...metrics, totalTrades: 0 } })).toMatch(/made no trades/);
  });
});

describe("lookahead detection", () => {
  it.each([
    ['dataframe["next"] = dataframe["close"].shift(-1)', /negative number/],
    ['dataframe["x"] = dataframe["close"].shift(periods=-3)', /periods=-n/],
    ['dataframe["m"] = dataframe["close"].rolling(5, center=True).mean()', /centred/],
    ['dataframe["f"] = dataframe["close"].bfill()', /backward fill/],
    ['dataframe["f"] = dataframe["close"].fillna(method="bfill")', /backward fill/],
    ['dataframe["top"] = dataframe["close"].max()', /whole dataframe/],
    ['    nxt = dataframe["close"].iloc[i + 1]', /later row/],
  ])("flags %s", (line, message) => {
    const problems = findLookaheadProblems(`class X:\n    def populate_indicators(self, dataframe, metadata):\n        ${line.trim()}\n`);
    expect(problems).toEqual([{ line: 3, message: expect.stringMatching(message) }]);
  });

  it("does not flag past-only code, comments or strings", () => {
    const clean = [
      'dataframe["prev"] = dataframe["close"].shift(1)',
      "# never use .shift(-1) here",
      'label = "shift(-1) is lookahead"',
      'dataframe["hi"] = dataframe["high"].rolling(20).max()',
      'dataframe["f"] = dataframe["close"].ffill()',
      'last = dataframe["close"].iloc[-1]',
    ].join("\n");
    expect(findLookaheadProblems(clean)).toEqual([]);
  });

  it.each(templates.map((t) => [t.name, t.source] as const))("finds nothing in the template %s", (_name, source) => {
    expect(findLookaheadProblems(source)).toEqual([]);
  });
});
