import type { BacktestMetrics } from "@tradelab/contracts";

/**
 * What each backtest metric means, in plain words, and how to read it. One entry per key of
 * `BacktestMetrics` (a test checks this against the zod schema). Plain data: no React here.
 */
export type MetricKey = keyof BacktestMetrics;

/** How a value is shown: its unit decides the formatting and how a difference is written. */
export type MetricKind =
  | "count" // whole number
  | "money" // amount in the stake currency
  | "ratio" // 0.05 shown as 5.00 %
  | "number" // plain number, 2 decimals
  | "duration" // seconds
  | "date" // ms epoch
  | "days" // number of days
  | "text"; // a name, e.g. a pair

/** Which direction is an improvement when two runs are compared. */
export type Better = "higher" | "lower" | "neither";

export type MetricGroup = "Profit" | "Risk-adjusted" | "Drawdown" | "Trades" | "Durations" | "Period";

export interface MetricDoc {
  label: string;
  description: string;
  kind: MetricKind;
  better: Better;
  group: MetricGroup;
  /** The sign carries meaning (gain or loss): the value is coloured green/red. */
  signed?: boolean;
}

export const METRIC_GROUPS: readonly MetricGroup[] = ["Profit", "Risk-adjusted", "Drawdown", "Trades", "Durations", "Period"];

export const METRIC_DOCS: Record<MetricKey, MetricDoc> = {
  profitTotalAbs: {
    label: "Total profit", kind: "money", better: "higher", group: "Profit", signed: true,
    description: "Money gained or lost over the whole backtest, after fees, in the stake currency.",
  },
  profitTotalRatio: {
    label: "Total profit %", kind: "ratio", better: "higher", group: "Profit", signed: true,
    description: "Total profit as a percentage of the starting balance.",
  },
  cagr: {
    label: "CAGR", kind: "ratio", better: "higher", group: "Profit", signed: true,
    description: "Compound annual growth rate: the yearly return that, compounded, turns the starting balance into the final balance over the backtest's length.",
  },
  profitMeanRatio: {
    label: "Avg profit per trade", kind: "ratio", better: "higher", group: "Profit", signed: true,
    description: "The average profit of one trade, as a percentage of the stake that trade used.",
  },
  profitMedianRatio: {
    label: "Median profit per trade", kind: "ratio", better: "higher", group: "Profit", signed: true,
    description: "The middle trade's profit in percent: half the trades did better, half worse. Less swayed by a few huge wins or losses than the average.",
  },
  expectancy: {
    label: "Expectancy", kind: "money", better: "higher", group: "Profit", signed: true,
    description: "How much one trade is expected to earn on average, in the stake currency: win rate × average win − loss rate × average loss.",
  },
  expectancyRatio: {
    label: "Expectancy ratio", kind: "number", better: "higher", group: "Profit", signed: true,
    description: "Expected return per unit risked, based on average win, average loss and win rate. Above 0 means the strategy has an edge; 0.5 means each trade returns on average half of what a losing trade costs.",
  },
  profitFactor: {
    label: "Profit factor", kind: "number", better: "higher", group: "Profit",
    description: "Gross profit of all winning trades divided by gross loss of all losing trades. Above 1 the strategy makes money; 2 means it earned twice what it lost.",
  },
  startingBalance: {
    label: "Starting balance", kind: "money", better: "neither", group: "Profit",
    description: "The wallet the backtest started with.",
  },
  finalBalance: {
    label: "Final balance", kind: "money", better: "higher", group: "Profit",
    description: "The wallet at the end of the backtest: starting balance plus total profit.",
  },
  marketChangeRatio: {
    label: "Market change", kind: "ratio", better: "neither", group: "Profit", signed: true,
    description: "How much the traded pairs' prices moved on average from the first to the last candle: what simply holding them would have made, for comparison.",
  },
  sharpe: {
    label: "Sharpe ratio", kind: "number", better: "higher", group: "Risk-adjusted", signed: true,
    description: "Return per unit of volatility (daily returns, annualised). Higher means steadier gains; above 1 is generally good, below 0 means losing money.",
  },
  sortino: {
    label: "Sortino ratio", kind: "number", better: "higher", group: "Risk-adjusted", signed: true,
    description: "Like the Sharpe ratio, but only downside volatility counts as risk, so big winning days are not penalised. Higher is better.",
  },
  calmar: {
    label: "Calmar ratio", kind: "number", better: "higher", group: "Risk-adjusted", signed: true,
    description: "Annual return divided by the maximum drawdown: how much return you got for the worst loss you had to sit through. Higher is better.",
  },
  sqn: {
    label: "SQN", kind: "number", better: "higher", group: "Risk-adjusted", signed: true,
    description: "System Quality Number (Van Tharp): average trade result relative to its spread, scaled by the number of trades. Roughly: below 1.6 poor, 2–3 good, above 5 excellent (and worth double-checking).",
  },
  maxDrawdownAccountRatio: {
    label: "Max drawdown", kind: "ratio", better: "lower", group: "Drawdown",
    description: "The largest fall of the account from a previous high, measured in money, as a percentage of the balance at that high: the worst loss you would have sat through.",
  },
  maxDrawdownAbs: {
    label: "Max drawdown (abs)", kind: "money", better: "lower", group: "Drawdown",
    description: "The largest fall of the account from a previous high, in the stake currency.",
  },
  maxRelativeDrawdownRatio: {
    label: "Max % underwater", kind: "ratio", better: "lower", group: "Drawdown",
    description: "The deepest the account ever was below its previous high, in percent. Usually equals the max drawdown; it is larger when a drop that was smaller in money was deeper in percent.",
  },
  drawdownStartMs: {
    label: "Drawdown start", kind: "date", better: "neither", group: "Drawdown",
    description: "When the account was at the high from which the maximum drawdown began (UTC).",
  },
  drawdownEndMs: {
    label: "Drawdown end", kind: "date", better: "neither", group: "Drawdown",
    description: "When the maximum drawdown reached its lowest point (UTC).",
  },
  totalTrades: {
    label: "Trades", kind: "count", better: "neither", group: "Trades",
    description: "How many trades the strategy made in the backtest. Few trades make every other metric less trustworthy.",
  },
  tradesPerDay: {
    label: "Trades per day", kind: "number", better: "neither", group: "Trades",
    description: "The average number of trades opened per day.",
  },
  winRate: {
    label: "Win rate", kind: "ratio", better: "higher", group: "Trades",
    description: "The share of trades that closed with a profit. A low win rate can still be profitable if the wins are much bigger than the losses.",
  },
  wins: {
    label: "Wins", kind: "count", better: "higher", group: "Trades",
    description: "Trades that closed with a profit.",
  },
  draws: {
    label: "Draws", kind: "count", better: "neither", group: "Trades",
    description: "Trades that closed with exactly zero profit.",
  },
  losses: {
    label: "Losses", kind: "count", better: "lower", group: "Trades",
    description: "Trades that closed with a loss.",
  },
  maxConsecutiveWins: {
    label: "Max consecutive wins", kind: "count", better: "higher", group: "Trades",
    description: "The longest run of winning trades in a row.",
  },
  maxConsecutiveLosses: {
    label: "Max consecutive losses", kind: "count", better: "lower", group: "Trades",
    description: "The longest run of losing trades in a row: a streak you would have to sit through.",
  },
  bestPair: {
    label: "Best pair", kind: "text", better: "neither", group: "Trades",
    description: "The pair with the highest total profit.",
  },
  worstPair: {
    label: "Worst pair", kind: "text", better: "neither", group: "Trades",
    description: "The pair with the lowest total profit.",
  },
  holdingAvgSeconds: {
    label: "Avg trade duration", kind: "duration", better: "neither", group: "Durations",
    description: "How long a trade stayed open on average, from entry to exit.",
  },
  winnerHoldingAvgSeconds: {
    label: "Avg winner duration", kind: "duration", better: "neither", group: "Durations",
    description: "How long winning trades stayed open on average.",
  },
  loserHoldingAvgSeconds: {
    label: "Avg loser duration", kind: "duration", better: "neither", group: "Durations",
    description: "How long losing trades stayed open on average. Losers held much longer than winners can mean exits that wait for a recovery.",
  },
  backtestStartMs: {
    label: "Backtest start", kind: "date", better: "neither", group: "Period",
    description: "The first candle the backtest traded on (UTC).",
  },
  backtestEndMs: {
    label: "Backtest end", kind: "date", better: "neither", group: "Period",
    description: "The last candle of the backtest (UTC).",
  },
  backtestDays: {
    label: "Backtest length", kind: "days", better: "neither", group: "Period",
    description: "How many days the backtest covered.",
  },
};

/** Every metric key, grouped in display order (the order of the entries above within each group). */
export const METRIC_ORDER: readonly MetricKey[] = METRIC_GROUPS.flatMap((g) =>
  (Object.keys(METRIC_DOCS) as MetricKey[]).filter((k) => METRIC_DOCS[k].group === g),
);
