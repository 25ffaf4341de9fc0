import type { BacktestResult, BacktestMetrics } from "@tradelab/contracts";
import { CANDLE_PATTERNS, type Condition, type Indicator, type Operand, type Period, type StrategySpec } from "./spec.js";

/** Plain-words descriptions of specs, unknown strategy code and backtest results. */

const pct = (ratio: number, digits = 1): string => `${Number((ratio * 100).toFixed(digits))} %`;
const periodText = (p: Period): string => (typeof p === "number" ? String(p) : p.param);

export function describeIndicator(ind: Indicator): string {
  switch (ind.kind) {
    case "rsi": return `RSI(${periodText(ind.period)})`;
    case "ema": return `EMA(${periodText(ind.period)})`;
    case "sma": return `SMA(${periodText(ind.period)})`;
    case "atr": return `ATR(${periodText(ind.period)})`;
    case "adx": return `ADX(${periodText(ind.period)})`;
    case "volume_sma": return `the ${periodText(ind.period)}-candle average volume`;
    case "macd": return `MACD(${[ind.fast, ind.slow, ind.signal].map(periodText).join(", ")})`;
    case "bbands": return `Bollinger Bands(${periodText(ind.period)}, ${ind.std})`;
    case "stoch": return `Stochastic(${[ind.fastk, ind.slowk, ind.slowd].map(periodText).join(", ")})`;
    case "pattern": return `the ${CANDLE_PATTERNS[ind.pattern]} pattern (${ind.pattern})`;
  }
}

const OUTPUT_TEXT: Record<string, (name: string) => string> = {
  signal: (n) => `${n} signal line`,
  hist: (n) => `${n} histogram`,
  upper: (n) => `upper band of ${n}`,
  middle: (n) => `middle band of ${n}`,
  lower: (n) => `lower band of ${n}`,
  slowk: (n) => `${n} %K`,
  slowd: (n) => `${n} %D`,
};

export function describeOperand(spec: StrategySpec, o: Operand): string {
  const times = "factor" in o && o.factor !== undefined && o.factor !== 1 ? `${o.factor} × ` : "";
  switch (o.type) {
    case "number": return String(o.value);
    case "param": {
      const p = spec.parameters.find((x) => x.name === o.name);
      return p ? `${o.name} (${p.low}–${p.high}, default ${p.default})` : o.name;
    }
    case "price": return `${times}the ${o.field}`;
    case "indicator": {
      const ind = spec.indicators.find((i) => i.id === o.id);
      if (!ind) return o.id;
      const name = describeIndicator(ind);
      const out = o.output && OUTPUT_TEXT[o.output];
      if (out) return `${times}the ${out(name)}`;
      return `${times}${ind.kind === "bbands" ? `the middle band of ${name}` : ind.kind === "stoch" ? `${name} %K` : name}`;
    }
  }
}

const OP_TEXT = { ">": "is above", "<": "is below", ">=": "is at or above", "<=": "is at or below" } as const;

export function describeCondition(spec: StrategySpec, c: Condition): string {
  switch (c.type) {
    case "and":
    case "or": {
      const parts = c.conditions.map((s) => (s.type === "and" || s.type === "or" ? `(${describeCondition(spec, s)})` : describeCondition(spec, s)));
      return parts.join(c.type === "and" ? " and " : " or ");
    }
    case "pattern": {
      const ind = spec.indicators.find((i) => i.id === c.id);
      const name = ind?.kind === "pattern" ? CANDLE_PATTERNS[ind.pattern] : c.id;
      return `a ${c.direction === "any" ? "" : `${c.direction} `}${name} candle appears`;
    }
    case "cross": return `${describeOperand(spec, c.left)} crosses ${c.direction} ${describeOperand(spec, c.right)}`;
    case "compare": return `${describeOperand(spec, c.left)} ${OP_TEXT[c.op]} ${describeOperand(spec, c.right)}`;
  }
}

/** Each leaf (comparison, cross, pattern) of a condition, described. */
export function describeLeaves(spec: StrategySpec, c: Condition | null): string[] {
  if (!c) return [];
  if (c.type === "and" || c.type === "or") return c.conditions.flatMap((s) => describeLeaves(spec, s));
  return [describeCondition(spec, c)];
}

export const describeRoi = (spec: StrategySpec): string =>
  spec.minimalRoi.length === 0
    ? "no take-profit table (ROI)"
    : `take profit at ${[...spec.minimalRoi].sort((a, b) => a.afterMinutes - b.afterMinutes).map((r) => `${pct(r.profit)}${r.afterMinutes ? ` after ${durationText(r.afterMinutes * 60)}` : ""}`).join(", ")}`;

export const describeTrailing = (spec: StrategySpec): string => {
  const t = spec.trailing;
  if (!t) return "no trailing stop";
  return `a trailing stop ${pct(t.positive)} below the highest price${t.offset !== null ? `, active once the trade is ${pct(t.offset)} in profit` : ""}`;
};

/** One sentence: what the strategy does. */
export function summarizeSpec(spec: StrategySpec): string {
  const entry = spec.entry ? `buys when ${describeCondition(spec, spec.entry)}` : "has no entry condition";
  const exit = spec.exit ? `sells when ${describeCondition(spec, spec.exit)}` : "has no exit signal";
  return `${spec.className} (${spec.timeframe}) ${entry}; ${exit}; stoploss ${pct(-spec.stoploss)}; ${describeTrailing(spec)}; ${describeRoi(spec)}.`;
}

/** A plain explanation of a spec: entry, exit, risk, parameters. */
export function explainSpec(spec: StrategySpec): string {
  const lines = [
    `${spec.className} trades long only on ${spec.timeframe} candles.`,
    "",
    `Entry: ${spec.entry ? `it buys when ${describeCondition(spec, spec.entry)}.` : "none: it never opens a trade."}`,
    `Exit: ${spec.exit ? `it sells when ${describeCondition(spec, spec.exit)}.` : "no exit signal; trades close only through the ROI table, the trailing stop or the stoploss."}`,
    "",
    `Risk: the stoploss closes a trade ${pct(-spec.stoploss)} below its entry price; ${describeTrailing(spec)}; ${describeRoi(spec)}.`,
  ];
  if (spec.indicators.length) lines.push(`Indicators: ${spec.indicators.map(describeIndicator).join(", ")}.`);
  if (spec.parameters.length) {
    lines.push("", "Parameters (hyperopt can tune these; the backtest uses the default):");
    for (const p of spec.parameters) lines.push(`- ${p.name}: ${p.type === "int" ? "whole number" : "decimal"} from ${p.low} to ${p.high}, default ${p.default} (${p.space} space)`);
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Code the assistant did not write

const firstMatch = (source: string, re: RegExp): string | null => source.match(re)?.[1]?.trim() ?? null;

/** The body lines of a method, up to the next method or class-level statement. */
function methodBody(source: string, name: string): string[] | null {
  const lines = source.split("\n");
  const start = lines.findIndex((l) => new RegExp(`^\\s+def ${name}\\(`).test(l));
  if (start < 0) return null;
  const indent = lines[start]!.search(/\S/);
  const body: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.trim() && line.search(/\S/) <= indent) break;
    body.push(line);
  }
  return body;
}

/** The condition lines of a populate_* method: what sits inside `dataframe.loc[...]` or a conditions list. */
function conditionText(body: string[] | null): string[] {
  if (!body) return [];
  return body
    .map((l) => l.trim())
    .filter((l) => /dataframe\[|qtpylib\.|self\.\w+\.value/.test(l) && !/^(return|dataframe\[["'][\w]+["']\]\s*=)/.test(l) && !/^\[?["'](enter|exit)_/.test(l))
    .map((l) => l.replace(/^(&|\||dataframe\.loc\[)\s*/, "").replace(/,$/, ""));
}

/** A best-effort reading of strategy code: what it declares and the lines its entry and exit test. */
export function explainSource(source: string): string {
  const className = firstMatch(source, /^class\s+(\w+)\s*\(\s*IStrategy\s*\)/m);
  const timeframe = firstMatch(source, /^\s+timeframe\s*=\s*["']([^"']+)["']/m);
  const stoploss = firstMatch(source, /^\s+stoploss\s*=\s*(-?[\d.]+)/m);
  const roi = firstMatch(source, /^\s+minimal_roi\s*=\s*(\{[^}]*\})/m);
  const trailing = /^\s+trailing_stop\s*=\s*True/m.test(source);
  const trailingPositive = firstMatch(source, /^\s+trailing_stop_positive\s*=\s*([\d.]+)/m);
  const indicators = [...new Set([...source.matchAll(/\bta\.([A-Z0-9_]+)\(/g)].map((m) => m[1]!))];
  const qtpy = [...new Set([...source.matchAll(/qtpylib\.(\w+)\(/g)].map((m) => m[1]!))];
  const params = [...source.matchAll(/^\s+(\w+)\s*=\s*(Int|Decimal|Boolean|Categorical|Real)Parameter\(([^)]*)\)/gm)].map((m) => `${m[1]} (${m[2]}Parameter(${m[3]}))`);
  const entry = conditionText(methodBody(source, "populate_entry_trend") ?? methodBody(source, "populate_buy_trend"));
  const exit = conditionText(methodBody(source, "populate_exit_trend") ?? methodBody(source, "populate_sell_trend"));
  const unknown: string[] = [];
  const lines = [`I am reading this code, not running it, so this is a best-effort summary.`, ""];
  lines.push(className ? `Class: ${className}.` : (unknown.push("the strategy class (no `class X(IStrategy)`)"), "Class: not found."));
  if (timeframe) lines.push(`Timeframe: ${timeframe}.`);
  else unknown.push("the timeframe");
  if (stoploss) lines.push(`Stoploss: ${pct(-Number(stoploss))} below the entry price.`);
  else unknown.push("the stoploss");
  if (roi) lines.push(`ROI table: ${roi}.`);
  if (trailing) lines.push(`Trailing stop: on${trailingPositive ? `, ${pct(Number(trailingPositive))} below the highest price` : ""}.`);
  if (indicators.length) lines.push(`TA-Lib indicators: ${indicators.join(", ")}.`);
  if (qtpy.length) lines.push(`Crossings through qtpylib: ${qtpy.join(", ")}.`);
  if (params.length) lines.push(`Parameters: ${params.join("; ")}.`);
  if (entry.length) lines.push("", "Entry conditions (as written):", ...entry.map((l) => `- ${l}`));
  else unknown.push("the entry conditions");
  if (exit.length) lines.push("", "Exit conditions (as written):", ...exit.map((l) => `- ${l}`));
  else unknown.push("the exit conditions (it may rely on ROI, stoploss or custom exits only)");
  if (/def custom_\w+\(/.test(source)) lines.push("", `It also overrides callbacks (${[...source.matchAll(/def (custom_\w+)\(/g)].map((m) => m[1]).join(", ")}) that I describe by name only.`);
  if (unknown.length) lines.push("", `I could not interpret: ${unknown.join("; ")}.`);
  return lines.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Backtest results

export function durationText(seconds: number): string {
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86_400) return `${Number((seconds / 3600).toFixed(1))} h`;
  return `${Number((seconds / 86_400).toFixed(1))} days`;
}

/** Below this many trades, the numbers say little. */
const FEW_TRADES = 30;

/** Plain words from a normalized backtest result: profit against the market, risk, trade quality, caveats. */
export function explainBacktest(input: { metrics: BacktestMetrics; perExitReason?: BacktestResult["perExitReason"]; strategyName?: string; timeframe?: string }): string {
  const m = input.metrics;
  const name = input.strategyName ?? "The strategy";
  const lines: string[] = [];
  if (m.totalTrades === 0) {
    return `${name} made no trades in this backtest, so there is nothing to judge yet. The entry condition never became true on this data: loosen it, use a longer time range, or check it on the chart.`;
  }
  const days = m.backtestDays ?? Math.max(1, Math.round((m.backtestEndMs - m.backtestStartMs) / 86_400_000));
  lines.push(`${name} made ${m.totalTrades} trade${m.totalTrades === 1 ? "" : "s"} in ${days} days${input.timeframe ? ` on ${input.timeframe} candles` : ""} and ${m.profitTotalRatio >= 0 ? "gained" : "lost"} ${pct(Math.abs(m.profitTotalRatio), 2)} in total (${m.startingBalance} → ${Number(m.finalBalance.toFixed(2))}).`);
  if (m.marketChangeRatio !== null) {
    const diff = m.profitTotalRatio - m.marketChangeRatio;
    lines.push(`The market moved ${m.marketChangeRatio >= 0 ? "+" : "−"}${pct(Math.abs(m.marketChangeRatio), 2)} over the same period, so the strategy did ${diff >= 0 ? "better" : "worse"} than holding by ${pct(Math.abs(diff), 2)}.`);
  }
  if (m.winRate !== null) lines.push(`${pct(m.winRate)} of trades won (${m.wins} wins, ${m.losses} losses, ${m.draws} draws).`);
  if (m.profitFactor !== null) lines.push(`Profit factor ${m.profitFactor.toFixed(2)}: ${m.profitFactor >= 1 ? `winners earned ${m.profitFactor.toFixed(2)}× what losers lost` : "losers lost more than winners earned"}.`);
  if (m.maxDrawdownAccountRatio !== null) lines.push(`The worst drawdown took ${pct(m.maxDrawdownAccountRatio)} of the account from its peak.`);
  if (m.sharpe !== null) lines.push(`Sharpe ratio ${m.sharpe.toFixed(2)} (${m.sharpe >= 2 ? "very good" : m.sharpe >= 1 ? "good" : m.sharpe > 0 ? "weak" : "negative"} return for its volatility).`);
  if (m.holdingAvgSeconds !== null) lines.push(`A trade lasted ${durationText(m.holdingAvgSeconds)} on average.`);
  const reasons = (input.perExitReason ?? []).filter((r) => r.trades > 0).sort((a, b) => b.trades - a.trades);
  if (reasons.length) lines.push(`Exits: ${reasons.map((r) => `${r.key} ${r.trades}`).join(", ")}.`);
  const caveats: string[] = [];
  if (m.totalTrades < FEW_TRADES) caveats.push(`${m.totalTrades} trades are too few to be statistically significant; test a longer range or more pairs`);
  const stoplossExits = reasons.find((r) => r.key === "stop_loss")?.trades ?? 0;
  if (stoplossExits > m.totalTrades / 2) caveats.push("most trades ended at the stoploss: the entry may be early or the stop too tight");
  caveats.push("a backtest is not a forecast: fees, slippage and a different market can change the outcome");
  lines.push("", `Caveats: ${caveats.join("; ")}.`);
  return lines.join("\n");
}
