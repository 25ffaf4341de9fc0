import { declaredTimeframe, type StrategyParameter, type Timeframe } from "@tradelab/contracts";

/** What the run form holds; turned into the `settings` of backtest.start. */
export interface RunSettings {
  pairs: string[];
  timeframe: Timeframe;
  startDate: string; // YYYY-MM-DD
  endDate: string; // YYYY-MM-DD, exclusive
  dryRunWallet: number;
  stakeAmount: "unlimited" | number;
  maxOpenTrades: number;
  feePercent: number | null;
  params: Record<string, number | boolean | string>;
}

/** Market data the runner has: ISO first candle open and end (exclusive). */
export interface Availability {
  pair: string;
  timeframe: Timeframe;
  start: string;
  end: string;
}

export const startMs = (a: Availability) => Date.parse(a.start);
export const endMs = (a: Availability) => Date.parse(a.end);

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Sensible first settings: the strategy's own timeframe when there is data for it, the first pair
 * with data, the last 90 days of what is available, Freqtrade's usual wallet and trade limits.
 */
export const defaultSettings = (source: string, availability: Availability[]): RunSettings =>
  defaultSettingsFor(declaredTimeframe(source), availability);

/** The same for a strategy known by its timeframe only (a run-only listing: no source on the client). */
export function defaultSettingsFor(wanted: string | null | undefined, availability: Availability[]): RunSettings {
  const tfs = new Set(availability.map((a) => a.timeframe));
  const timeframe: Timeframe = wanted && tfs.has(wanted as Timeframe) ? (wanted as Timeframe) : tfs.has("5m") ? "5m" : [...tfs][0] ?? "5m";
  const ofTf = availability.filter((a) => a.timeframe === timeframe);
  const first = ofTf.find((a) => a.pair === "BTC/USDT") ?? ofTf[0];
  const end = first ? Math.floor(endMs(first) / 86_400_000) * 86_400_000 : Date.UTC(2025, 0, 1);
  const start = Math.max(first ? Math.ceil(startMs(first) / 86_400_000) * 86_400_000 : 0, end - 90 * 86_400_000);
  return {
    pairs: first ? [first.pair] : [],
    timeframe,
    startDate: day(start),
    endDate: day(end),
    dryRunWallet: 1000,
    stakeAmount: "unlimited",
    maxOpenTrades: 3,
    feePercent: null,
    params: {},
  };
}

/** Parameter values the user changed, checked against what the strategy declares now. */
export function effectiveParams(params: Record<string, number | boolean | string>, declared: StrategyParameter[]) {
  const names = new Set(declared.map((p) => p.name));
  return Object.fromEntries(Object.entries(params).filter(([k]) => names.has(k)));
}

export function toRequestSettings(s: RunSettings, declared: StrategyParameter[]) {
  return {
    pairs: s.pairs,
    timeframe: s.timeframe,
    timerange: `${s.startDate.replaceAll("-", "")}-${s.endDate.replaceAll("-", "")}`,
    dryRunWallet: s.dryRunWallet,
    stakeAmount: s.stakeAmount,
    maxOpenTrades: s.maxOpenTrades,
    fee: s.feePercent === null ? null : s.feePercent / 100,
    params: effectiveParams(s.params, declared),
  };
}
