import { z } from "zod";
import { pairSchema, timeframeSchema } from "./market.js";

/** Largest strategy source accepted; real strategies are a few KiB. */
export const MAX_STRATEGY_BYTES = 256 * 1024;

const TIMERANGE_RE = /^(\d{8})-(\d{8})$/;

/** Parses "YYYYMMDD-YYYYMMDD" into UTC epoch milliseconds; end is exclusive (as in Freqtrade). */
export function parseTimerange(value: string): { startMs: number; endMs: number } | { error: string } {
  const m = TIMERANGE_RE.exec(value.trim());
  if (!m) return { error: `invalid timerange ${JSON.stringify(value)}; expected YYYYMMDD-YYYYMMDD, e.g. 20240101-20241231` };
  const toMs = (d: string) => {
    const ms = Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8));
    return new Date(ms).toISOString().slice(0, 10).replaceAll("-", "") === d ? ms : NaN;
  };
  const startMs = toMs(m[1]!);
  const endMs = toMs(m[2]!);
  if (Number.isNaN(startMs)) return { error: `timerange start ${m[1]} is not a calendar date` };
  if (Number.isNaN(endMs)) return { error: `timerange end ${m[2]} is not a calendar date` };
  if (endMs === startMs) return { error: `timerange ${value} is empty: start and end are the same day` };
  if (endMs < startMs) return { error: `timerange ${value} is inverted: end ${m[2]} is before start ${m[1]}` };
  return { startMs, endMs };
}

export const timerangeSchema = z.string().superRefine((value, ctx) => {
  const parsed = parseTimerange(value);
  if ("error" in parsed) ctx.addIssue({ code: "custom", message: parsed.error });
});

const CLASS_RE = /^class\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?:[A-Za-z_][\w.]*\.)?IStrategy\s*\)\s*:/m;

/** Finds the IStrategy subclass Freqtrade will load, or explains why there is none. */
export function detectStrategyClass(source: string): { className: string } | { error: string } {
  const m = CLASS_RE.exec(source);
  if (!m) return { error: "no strategy class found: the file must define a class that inherits from IStrategy, e.g. `class MyStrategy(IStrategy):`" };
  return { className: m[1]! };
}

const byteLength = (s: string) => new TextEncoder().encode(s).length;

export const strategySourceSchema = z
  .string()
  .superRefine((src, ctx) => {
    const bytes = byteLength(src);
    if (bytes > MAX_STRATEGY_BYTES) {
      ctx.addIssue({ code: "custom", message: `strategy file is too large: ${(bytes / 1024).toFixed(0)} KiB, the limit is ${MAX_STRATEGY_BYTES / 1024} KiB` });
      return;
    }
    if (src.trim() === "") {
      ctx.addIssue({ code: "custom", message: "strategy file is empty" });
      return;
    }
    const cls = detectStrategyClass(src);
    if ("error" in cls) ctx.addIssue({ code: "custom", message: cls.error });
  });

export const strategyParamValueSchema = z.union([z.number(), z.boolean(), z.string().max(200)]);

/** What a user asks for; the runner adds what it knows (data availability) before accepting it. */
export const backtestRequestSchema = z.object({
  strategy: z.object({
    fileName: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,100}\.py$/, "strategy file name must look like MyStrategy.py"),
    source: strategySourceSchema,
  }),
  pairs: z.array(pairSchema).min(1, "choose at least one pair").max(50, "at most 50 pairs per backtest")
    .refine((p) => new Set(p).size === p.length, "a pair is listed twice"),
  timeframe: timeframeSchema,
  timerange: timerangeSchema,
  stakeCurrency: z.string().default("USDT"),
  stakeAmount: z.union([z.literal("unlimited"), z.number().positive()]).default("unlimited"),
  dryRunWallet: z.number().positive().max(1e12).default(1000),
  maxOpenTrades: z.number().int().min(-1).max(1000).default(3),
  fee: z.number().min(0).max(0.1).nullish(),
  params: z.record(z.string().regex(/^[A-Za-z_]\w*$/), strategyParamValueSchema).default({}),
  timeoutSeconds: z.number().int().min(5).max(6 * 3600).optional(),
  note: z.string().max(2000).optional(),
});
export type BacktestRequest = z.infer<typeof backtestRequestSchema>;
export type BacktestRequestInput = z.input<typeof backtestRequestSchema>;
