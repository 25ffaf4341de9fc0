import { z } from "zod";

/** Timeframes the data store can serve (5m is the base; the rest are resampled from it). */
export const TIMEFRAMES = ["1m", "5m", "15m", "30m", "1h", "2h", "4h", "1d"] as const;
export const timeframeSchema = z.enum(TIMEFRAMES, {
  error: (issue) => `unknown timeframe ${JSON.stringify(issue.input)}; use one of ${TIMEFRAMES.join(", ")}`,
});
export type Timeframe = z.infer<typeof timeframeSchema>;

const TIMEFRAME_MINUTES: Record<Timeframe, number> = {
  "1m": 1, "5m": 5, "15m": 15, "30m": 30, "1h": 60, "2h": 120, "4h": 240, "1d": 1440,
};
export const timeframeToMs = (tf: Timeframe): number => TIMEFRAME_MINUTES[tf] * 60_000;

export const pairSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,20}\/[A-Z0-9]{1,20}$/, { error: (i) => `invalid pair ${JSON.stringify(i.input)}; expected BASE/QUOTE such as BTC/USDT` });
export type Pair = z.infer<typeof pairSchema>;

/** Freqtrade's file name for a pair: BTC/USDT → BTC_USDT. */
export const pairToFileStem = (pair: string): string => pair.replace("/", "_");
