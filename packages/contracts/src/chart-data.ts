import { z } from "zod";
import { tradeSchema } from "./backtest-result.js";

/**
 * Freqtrade's `plot_config` as a strategy declares it: main-plot overlays and named sub-plots, each
 * a map of dataframe column -> style. Unknown style keys are kept (Freqtrade ignores them too).
 */
const plotStyleSchema = z.looseObject({
  color: z.string().optional(),
  type: z.string().optional(),
  fill_to: z.string().optional(),
});
export const plotConfigSchema = z.object({
  main_plot: z.record(z.string(), plotStyleSchema).default({}),
  subplots: z.record(z.string(), z.record(z.string(), plotStyleSchema)).default({}),
});
export type PlotConfig = z.infer<typeof plotConfigSchema>;

/** A numeric column aligned with a time axis; NaN and missing values are null. */
const columnSchema = z.array(z.number().nullable());

/**
 * `indicators.json`, written by the sandbox next to the result: for each pair, the columns that
 * `plot_config` names, as the strategy computed them during the backtest (ms epochs of candle opens).
 */
export const indicatorsArtifactSchema = z.object({
  plotConfig: plotConfigSchema,
  pairs: z.record(z.string(), z.object({ t: z.array(z.number()), columns: z.record(z.string(), columnSchema) })),
});
export type IndicatorsArtifact = z.infer<typeof indicatorsArtifactSchema>;

/** Everything the results page draws for one pair: columnar candles, indicators aligned with them, trades. */
export const pairChartSchema = z.object({
  pair: z.string(),
  timeframe: z.string(),
  candles: z.object({
    t: z.array(z.number()),
    open: z.array(z.number()),
    high: z.array(z.number()),
    low: z.array(z.number()),
    close: z.array(z.number()),
    volume: z.array(z.number()),
  }),
  /** column -> values aligned with `candles.t` */
  indicators: z.record(z.string(), columnSchema),
  plotConfig: plotConfigSchema,
  trades: z.array(tradeSchema),
});
export type PairChart = z.infer<typeof pairChartSchema>;
