import { z } from "zod";

export const BACKTEST_STATUSES = ["QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "CANCELLED"] as const;
export const backtestStatusSchema = z.enum(BACKTEST_STATUSES);
export type BacktestStatus = z.infer<typeof backtestStatusSchema>;
export const isTerminalStatus = (s: BacktestStatus): boolean => s !== "QUEUED" && s !== "RUNNING";

/** Why a job failed; each is a distinct outcome so users see what happened. */
export const FAILURE_KINDS = [
  "syntax",          // the strategy file does not parse
  "strategy_load",   // freqtrade could not load the strategy class (missing class, import-time error)
  "data",            // no data for the requested pairs/range
  "runtime",         // the strategy raised while backtesting, or freqtrade exited non-zero
  "timeout",         // wall-clock limit
  "memory_limit",    // killed by the memory cgroup
  "output_limit",    // log bytes or result bytes over the cap
  "cancelled",
  "internal",        // the platform's own fault
] as const;
export const failureKindSchema = z.enum(FAILURE_KINDS);
export type FailureKind = z.infer<typeof failureKindSchema>;

export const backtestErrorSchema = z.object({
  kind: failureKindSchema,
  message: z.string(),
  file: z.string().nullish(),
  line: z.number().int().nullish(),
  column: z.number().int().nullish(),
});
export type BacktestError = z.infer<typeof backtestErrorSchema>;
