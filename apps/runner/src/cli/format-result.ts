import type { BacktestResult } from "@tradelab/contracts";

const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(2)} %`);
const fixed = (v: number | null, d = 2) => (v === null ? "–" : v.toFixed(d));
const date = (ms: number | null) => (ms === null ? "–" : new Date(ms).toISOString().slice(0, 16).replace("T", " "));
const duration = (s: number | null) => {
  if (s === null) return "–";
  const h = Math.floor(s / 3600);
  const m = Math.round((s % 3600) / 60);
  return h >= 24 ? `${Math.floor(h / 24)}d ${h % 24}h ${m}m` : `${h}h ${m}m`;
};

/** The metrics table the CLI prints: label, value. */
export function summaryRows(r: BacktestResult): Array<[string, string]> {
  const m = r.metrics;
  const cur = r.stakeCurrency;
  return [
    ["Strategy", r.strategyName],
    ["Pairs", r.pairs.join(", ")],
    ["Timeframe / range", `${r.timeframe} · ${date(m.backtestStartMs)} → ${date(m.backtestEndMs)}`],
    ["Trades", `${m.totalTrades} (${fixed(m.tradesPerDay)} / day)`],
    ["Total profit", `${fixed(m.profitTotalAbs, 3)} ${cur} (${pct(m.profitTotalRatio)})`],
    ["Starting → final balance", `${fixed(m.startingBalance)} → ${fixed(m.finalBalance)} ${cur}`],
    ["CAGR", pct(m.cagr)],
    ["Sharpe / Sortino / Calmar", `${fixed(m.sharpe)} / ${fixed(m.sortino)} / ${fixed(m.calmar)}`],
    ["SQN", fixed(m.sqn)],
    ["Profit factor", fixed(m.profitFactor)],
    ["Expectancy (ratio)", `${fixed(m.expectancy, 3)} ${cur} (${fixed(m.expectancyRatio)})`],
    ["Win / draw / loss", `${m.wins} / ${m.draws} / ${m.losses} (win rate ${pct(m.winRate)})`],
    ["Max drawdown", `${pct(m.maxDrawdownAccountRatio)} (${fixed(m.maxDrawdownAbs, 3)} ${cur}) ${date(m.drawdownStartMs)} → ${date(m.drawdownEndMs)}`],
    ["Avg trade duration", duration(m.holdingAvgSeconds)],
    ["Market change", pct(m.marketChangeRatio)],
    ["Best / worst pair", `${m.bestPair ?? "–"} / ${m.worstPair ?? "–"}`],
  ];
}

export function formatTable(rows: Array<[string, string]>): string {
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `  ${k.padEnd(w)}  ${v}`).join("\n");
}

export function describeDataSource(source: string | null): string {
  switch (source) {
    case "generated": return "GENERATED (synthetic candles from a seeded model, not real prices)";
    case "imported": return "imported (real OHLCV from a CSV)";
    case "mixed": return "mixed: some pairs GENERATED (synthetic), some imported";
    default: return "unknown";
  }
}
