import {
  parseTimerange,
  plotConfigSchema,
  type BacktestResult,
  type IndicatorsArtifact,
  type PairChart,
  type Timeframe,
} from "@tradelab/contracts";
import type { PrismaClient } from "@tradelab/db";
import type { ArtifactStore } from "../storage/artifact-store.js";
import { MarketDataError, type MarketDataStore } from "../market-data/data-store.js";
import { candlesInRange, type Candles } from "../market-data/candles.js";
import { AppError } from "../errors.js";
import type { StoredRequest } from "./backtest-service.js";

type Column = (number | null)[];

/**
 * Charts of finished backtests never change, and the results page asks for the same one on every
 * visit: the last few are kept (by backtest and pair).
 */
const CACHE_SIZE = 4;
const chartCache = new Map<string, PairChart>();

/**
 * Everything the results page draws for one pair of a finished backtest: the candles of the
 * backtest's timerange from the market-data store, the strategy's plot_config columns aligned
 * with them (null where the strategy has no value, e.g. before its startup candles), and the
 * pair's trades from the normalized result.
 *
 * The range is Freqtrade's: candles opening from the start date up to and including the end
 * date's first candle (Freqtrade trims with `date <= stop`). Arrays are columnar and built
 * without per-candle objects; the stored indicators were checked when the backtest finished
 * (parseIndicatorsArtifact), so they are not validated again here.
 */
export async function getPairChart(
  deps: { prisma: PrismaClient; artifacts: ArtifactStore; marketData: MarketDataStore },
  backtestId: string,
  pair: string,
): Promise<PairChart> {
  const key = `${backtestId}\u0000${pair}`;
  const cached = chartCache.get(key);
  if (cached) {
    chartCache.delete(key); // most recently used last
    chartCache.set(key, cached);
    return cached;
  }
  const chart = await buildPairChart(deps, backtestId, pair);
  chartCache.set(key, chart);
  if (chartCache.size > CACHE_SIZE) chartCache.delete(chartCache.keys().next().value!);
  return chart;
}

async function buildPairChart(
  deps: { prisma: PrismaClient; artifacts: ArtifactStore; marketData: MarketDataStore },
  backtestId: string,
  pair: string,
): Promise<PairChart> {
  const bt = await deps.prisma.backtest.findUnique({
    where: { id: backtestId },
    select: { status: true, request: true, artifactUris: true },
  });
  if (!bt) throw new AppError("NOT_FOUND", `backtest ${backtestId} does not exist`);
  const request = bt.request as StoredRequest;
  if (!request.pairs.includes(pair)) {
    throw new AppError("BAD_REQUEST", `backtest ${backtestId} has no pair ${pair}; its pairs: ${request.pairs.join(", ")}`);
  }
  const uris = (bt.artifactUris ?? {}) as Record<string, string>;
  const resultUri = uris["result.json"];
  if (bt.status !== "SUCCEEDED" || !resultUri) {
    throw new AppError("CONFLICT", `backtest ${backtestId} has no chart: it is ${bt.status.toLowerCase()}`);
  }
  const range = parseTimerange(request.timerange);
  if ("error" in range) throw new AppError("CONFLICT", `backtest ${backtestId} has an unusable timerange: ${range.error}`);
  const indicatorsUri = uris["indicators.json"];

  const [candles, result, indicators] = await Promise.all([
    readRange(deps.marketData, pair, request.timeframe, range.startMs, range.endMs),
    readJson<BacktestResult>(deps.artifacts, resultUri),
    indicatorsUri ? readJson<IndicatorsArtifact>(deps.artifacts, indicatorsUri) : null,
  ]);
  const t = Array.from(candles.date);
  return {
    pair,
    timeframe: request.timeframe,
    candles: {
      t,
      open: Array.from(candles.open),
      high: Array.from(candles.high),
      low: Array.from(candles.low),
      close: Array.from(candles.close),
      volume: Array.from(candles.volume),
    },
    indicators: alignIndicators(t, indicators?.pairs[pair]),
    plotConfig: plotConfigSchema.parse(indicators?.plotConfig ?? {}),
    trades: result.trades.filter((trade) => trade.pair === pair),
  };
}

/**
 * Columns of `series` re-indexed onto the time axis `t` (both ascending); times of `series` that
 * are not in `t` are dropped. Usually the strategy's rows are one contiguous run of the candles
 * (all of them, or all after the first ones when the data began too late for the startup
 * candles): then the arrays are reused or padded with nulls as a whole, not copied per value.
 */
export function alignIndicators(t: readonly number[], series: IndicatorsArtifact["pairs"][string] | undefined): Record<string, Column> {
  const out: Record<string, Column> = {};
  if (!series) return out;
  const st = series.t;
  const target = new Int32Array(st.length).fill(-1);
  for (let i = 0, j = 0; j < st.length && i < t.length; ) {
    if (t[i]! < st[j]!) i++;
    else if (t[i]! > st[j]!) j++;
    else target[j++] = i++;
  }
  const offset = st.length > 0 ? target[0]! : -1;
  let contiguous = offset >= 0;
  for (let j = 1; contiguous && j < target.length; j++) contiguous = target[j] === offset + j;
  const nulls = (n: number): Column => new Array<number | null>(n).fill(null);
  for (const [name, values] of Object.entries(series.columns)) {
    if (contiguous) {
      out[name] = offset === 0 && values.length === t.length ? values : nulls(offset).concat(values, nulls(t.length - offset - values.length));
      continue;
    }
    const column = nulls(t.length);
    for (let j = 0; j < values.length; j++) {
      const i = target[j]!;
      if (i >= 0) column[i] = values[j]!;
    }
    out[name] = column;
  }
  return out;
}

async function readRange(store: MarketDataStore, pair: string, timeframe: Timeframe, startMs: number, endMs: number): Promise<Candles> {
  try {
    return candlesInRange(await store.readCandles(pair, timeframe), startMs, endMs + 1);
  } catch (e) {
    if (e instanceof MarketDataError) throw new AppError("CONFLICT", `the market data of this backtest is no longer available: ${e.message}`);
    throw e;
  }
}

async function readJson<T>(artifacts: ArtifactStore, uri: string): Promise<T> {
  return JSON.parse((await artifacts.get(uri)).toString("utf8")) as T;
}
