import {
  backtestResultSchema,
  headlineMetricsSchema,
  type BacktestResult,
  type BreakdownRow,
  type HeadlineMetrics,
  type PeriodRow,
  type SeriesPoint,
  type Trade,
} from "@tradelab/contracts";

type Raw = Record<string, unknown>;

/** Python's json writes NaN and Infinity, which JSON.parse rejects; they become null. */
export function parseFreqtradeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return JSON.parse(text.replace(/(?<=[:\[,]\s*)(-?Infinity|NaN)(?=\s*[,\]}])/g, "null"));
  }
}

const numOrNull = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const num = (v: unknown): number => numOrNull(v) ?? 0;
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);

function breakdownRows(rows: unknown): BreakdownRow[] {
  return arr(rows)
    .filter((r) => r.key !== "TOTAL")
    .map((r) => ({
      key: String(r.key ?? ""),
      trades: num(r.trades),
      profitAbs: num(r.profit_total_abs),
      profitTotalRatio: numOrNull(r.profit_total),
      profitMeanRatio: numOrNull(r.profit_mean),
      wins: num(r.wins),
      draws: num(r.draws),
      losses: num(r.losses),
      winRate: numOrNull(r.winrate),
      durationAvg: str(r.duration_avg),
    }));
}

const DAY_MS = 86_400_000;
type Period = "day" | "week" | "month";

/** UTC start of the day, ISO week (Monday) or month holding `ms`. */
export function periodStart(ms: number, period: Period): number {
  const d = new Date(ms);
  if (period === "month") return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  return period === "day" ? day : day - ((d.getUTCDay() + 6) % 7) * DAY_MS;
}

const nextPeriod = (start: number, period: Period) => {
  if (period === "day") return start + DAY_MS;
  if (period === "week") return start + 7 * DAY_MS;
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/**
 * Closed trades summed per day, week (from Monday) or month of their close, every period of the
 * backtest included (zero when nothing closed). Computed here rather than by Freqtrade's
 * `--breakdown`, which costs seconds per run.
 */
export function periodBreakdown(trades: Trade[], period: Period, startMs: number, endMs: number): PeriodRow[] {
  const rows = new Map<number, PeriodRow>();
  for (let t = periodStart(startMs, period); t <= Math.max(endMs, startMs); t = nextPeriod(t, period)) {
    const label = new Date(t).toISOString().slice(0, period === "month" ? 7 : 10);
    rows.set(t, { period: label, startMs: t, profitAbs: 0, trades: 0, wins: 0, draws: 0, losses: 0 });
  }
  for (const trade of trades) {
    if (trade.isOpen) continue;
    const row = rows.get(periodStart(trade.closeMs, period));
    if (!row) continue;
    row.profitAbs += trade.profitAbs;
    row.trades += 1;
    if (trade.profitAbs > 0) row.wins += 1;
    else if (trade.profitAbs < 0) row.losses += 1;
    else row.draws += 1;
  }
  return [...rows.values()];
}

function toTrade(t: Raw): Trade {
  return {
    pair: String(t.pair),
    isShort: t.is_short === true,
    openMs: num(t.open_timestamp),
    closeMs: num(t.close_timestamp),
    openRate: num(t.open_rate),
    closeRate: num(t.close_rate),
    amount: num(t.amount),
    stakeAmount: num(t.stake_amount),
    profitAbs: num(t.profit_abs),
    profitRatio: num(t.profit_ratio),
    exitReason: String(t.exit_reason ?? ""),
    enterTag: str(t.enter_tag) || null,
    durationMinutes: num(t.trade_duration),
    isOpen: t.is_open === true,
  };
}

/** Balance after each closed trade, and the drawdown from its running peak (≤ 0). */
export function equityAndDrawdown(trades: Trade[], startingBalance: number, startMs: number): { equity: SeriesPoint[]; drawdown: SeriesPoint[] } {
  const closed = trades.filter((t) => !t.isOpen).sort((a, b) => a.closeMs - b.closeMs);
  const equity: SeriesPoint[] = [{ t: startMs, v: startingBalance }];
  const drawdown: SeriesPoint[] = [{ t: startMs, v: 0 }];
  let balance = startingBalance;
  let peak = startingBalance;
  for (const t of closed) {
    balance += t.profitAbs;
    peak = Math.max(peak, balance);
    // Several trades closing on one candle make one point: the balance after all of them.
    if (equity[equity.length - 1]!.t === t.closeMs) {
      equity.pop();
      drawdown.pop();
    }
    equity.push({ t: t.closeMs, v: balance });
    drawdown.push({ t: t.closeMs, v: peak > 0 ? balance / peak - 1 : 0 });
  }
  return { equity, drawdown };
}

/** Freqtrade's result file (one strategy) → the platform's normalized result. */
export function normalizeFreqtradeResult(raw: unknown, meta: { freqtradeVersion: string | null }): BacktestResult {
  const strategies = (raw as Raw | undefined)?.strategy as Record<string, Raw> | undefined;
  const names = strategies ? Object.keys(strategies) : [];
  if (names.length !== 1) throw new Error(`expected results for exactly one strategy, found ${names.length}`);
  const s = strategies![names[0]!]!;
  const trades = arr(s.trades).map(toTrade);
  const startingBalance = num(s.starting_balance);
  const backtestStartMs = num(s.backtest_start_ts);
  const pairOf = (v: unknown) => str((v as Raw | null)?.key) ?? null;
  const result: BacktestResult = {
    schemaVersion: 1,
    strategyName: names[0]!,
    timeframe: String(s.timeframe ?? ""),
    timerange: String(s.timerange ?? ""),
    pairs: (s.pairlist as string[] | undefined) ?? [],
    stakeCurrency: String(s.stake_currency ?? ""),
    freqtradeVersion: meta.freqtradeVersion,
    metrics: {
      totalTrades: num(s.total_trades),
      profitTotalAbs: num(s.profit_total_abs),
      profitTotalRatio: num(s.profit_total),
      profitMeanRatio: num(s.profit_mean),
      profitMedianRatio: numOrNull(s.profit_median),
      cagr: numOrNull(s.cagr),
      sharpe: numOrNull(s.sharpe),
      sortino: numOrNull(s.sortino),
      calmar: numOrNull(s.calmar),
      sqn: numOrNull(s.sqn),
      profitFactor: numOrNull(s.profit_factor),
      expectancy: numOrNull(s.expectancy),
      expectancyRatio: numOrNull(s.expectancy_ratio),
      maxDrawdownAccountRatio: numOrNull(s.max_drawdown_account),
      maxDrawdownAbs: numOrNull(s.max_drawdown_abs),
      maxRelativeDrawdownRatio: numOrNull(s.max_relative_drawdown),
      drawdownStartMs: numOrNull(s.drawdown_start_ts),
      drawdownEndMs: numOrNull(s.drawdown_end_ts),
      wins: num(s.wins),
      draws: num(s.draws),
      losses: num(s.losses),
      winRate: numOrNull(s.winrate),
      holdingAvgSeconds: numOrNull(s.holding_avg_s),
      winnerHoldingAvgSeconds: numOrNull(s.winner_holding_avg_s),
      loserHoldingAvgSeconds: numOrNull(s.loser_holding_avg_s),
      maxConsecutiveWins: numOrNull(s.max_consecutive_wins),
      maxConsecutiveLosses: numOrNull(s.max_consecutive_losses),
      tradesPerDay: numOrNull(s.trades_per_day),
      marketChangeRatio: numOrNull(s.market_change),
      startingBalance,
      finalBalance: num(s.final_balance),
      backtestStartMs,
      backtestEndMs: num(s.backtest_end_ts),
      backtestDays: numOrNull(s.backtest_days),
      bestPair: pairOf(s.best_pair),
      worstPair: pairOf(s.worst_pair),
    },
    trades,
    perPair: breakdownRows(s.results_per_pair),
    perExitReason: breakdownRows(s.exit_reason_summary),
    perPeriod: {
      day: periodBreakdown(trades, "day", backtestStartMs, num(s.backtest_end_ts)),
      week: periodBreakdown(trades, "week", backtestStartMs, num(s.backtest_end_ts)),
      month: periodBreakdown(trades, "month", backtestStartMs, num(s.backtest_end_ts)),
    },
    ...equityAndDrawdown(trades, startingBalance, backtestStartMs),
  };
  return backtestResultSchema.parse(result);
}

export const headlineMetrics = (r: BacktestResult): HeadlineMetrics => headlineMetricsSchema.parse(r.metrics);

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export function tradesToCsv(trades: Trade[]): string {
  const header = ["pair", "is_short", "open_date", "close_date", "open_rate", "close_rate", "amount", "stake_amount", "profit_abs", "profit_ratio", "exit_reason", "enter_tag", "duration_minutes", "is_open"];
  const rows = trades.map((t) =>
    [t.pair, t.isShort, new Date(t.openMs).toISOString(), new Date(t.closeMs).toISOString(), t.openRate, t.closeRate, t.amount, t.stakeAmount, t.profitAbs, t.profitRatio, t.exitReason, t.enterTag, t.durationMinutes, t.isOpen]
      .map(csvCell).join(","),
  );
  return [header.join(","), ...rows].join("\n") + "\n";
}
