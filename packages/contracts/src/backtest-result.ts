import { z } from "zod";

/**
 * One normalized result per backtest, parsed from Freqtrade's own result file. Numbers keep
 * Freqtrade's units: ratios (0.05 = 5 %), absolute amounts in the stake currency, ms epochs.
 */
const num = z.number();
const optNum = z.number().nullable();

export const metricsSchema = z.object({
  totalTrades: num,
  profitTotalAbs: num,
  profitTotalRatio: num,
  profitMeanRatio: num,
  profitMedianRatio: optNum,
  cagr: optNum,
  sharpe: optNum,
  sortino: optNum,
  calmar: optNum,
  sqn: optNum,
  profitFactor: optNum,
  expectancy: optNum,
  expectancyRatio: optNum,
  maxDrawdownAccountRatio: optNum,
  maxDrawdownAbs: optNum,
  maxRelativeDrawdownRatio: optNum,
  drawdownStartMs: optNum,
  drawdownEndMs: optNum,
  wins: num,
  draws: num,
  losses: num,
  winRate: optNum,
  holdingAvgSeconds: optNum,
  winnerHoldingAvgSeconds: optNum,
  loserHoldingAvgSeconds: optNum,
  maxConsecutiveWins: optNum,
  maxConsecutiveLosses: optNum,
  tradesPerDay: optNum,
  marketChangeRatio: optNum,
  startingBalance: num,
  finalBalance: num,
  backtestStartMs: num,
  backtestEndMs: num,
  backtestDays: optNum,
  bestPair: z.string().nullable(),
  worstPair: z.string().nullable(),
});
export type BacktestMetrics = z.infer<typeof metricsSchema>;

export const tradeSchema = z.object({
  pair: z.string(),
  isShort: z.boolean(),
  openMs: num,
  closeMs: num,
  openRate: num,
  closeRate: num,
  amount: num,
  stakeAmount: num,
  profitAbs: num,
  profitRatio: num,
  exitReason: z.string(),
  enterTag: z.string().nullable(),
  durationMinutes: num,
  isOpen: z.boolean(),
});
export type Trade = z.infer<typeof tradeSchema>;

/** A row of a breakdown: per pair, per exit reason, per period. */
export const breakdownRowSchema = z.object({
  key: z.string(),
  trades: num,
  profitAbs: num,
  profitTotalRatio: optNum,
  profitMeanRatio: optNum,
  wins: num,
  draws: num,
  losses: num,
  winRate: optNum,
  durationAvg: z.string().nullable(),
});
export type BreakdownRow = z.infer<typeof breakdownRowSchema>;

export const periodRowSchema = z.object({
  period: z.string(),
  startMs: num,
  profitAbs: num,
  trades: num,
  wins: num,
  draws: num,
  losses: num,
});
export type PeriodRow = z.infer<typeof periodRowSchema>;

export const seriesPointSchema = z.object({ t: num, v: num });
export type SeriesPoint = z.infer<typeof seriesPointSchema>;

export const backtestResultSchema = z.object({
  schemaVersion: z.literal(1),
  strategyName: z.string(),
  timeframe: z.string(),
  timerange: z.string(),
  pairs: z.array(z.string()),
  stakeCurrency: z.string(),
  freqtradeVersion: z.string().nullable(),
  metrics: metricsSchema,
  trades: z.array(tradeSchema),
  perPair: z.array(breakdownRowSchema),
  perExitReason: z.array(breakdownRowSchema),
  perPeriod: z.object({
    day: z.array(periodRowSchema),
    week: z.array(periodRowSchema),
    month: z.array(periodRowSchema),
  }),
  /** Wallet balance after each closed trade, starting at the starting balance. */
  equity: z.array(seriesPointSchema),
  /** Drawdown from the running peak of equity, as a ratio ≤ 0. */
  drawdown: z.array(seriesPointSchema),
});
export type BacktestResult = z.infer<typeof backtestResultSchema>;

/** The few metrics kept on the backtest row for lists and sorting. */
export const headlineMetricsSchema = metricsSchema.pick({
  totalTrades: true, profitTotalAbs: true, profitTotalRatio: true, cagr: true, sharpe: true,
  sortino: true, calmar: true, maxDrawdownAccountRatio: true, winRate: true, profitFactor: true,
});
export type HeadlineMetrics = z.infer<typeof headlineMetricsSchema>;
