/**
 * OHLCV resampling to larger timeframes. Buckets start at multiples of the target timeframe in
 * epoch time, i.e. aligned to UTC (00:00 for 1d, 00:00/04:00/… for 4h), as on Binance.
 *
 * open = first open, high = max, low = min, close = last close, volume = sum.
 * A bucket is complete when it holds every source candle (e.g. 12 × 5m for 1h). Incomplete
 * buckets at the start and end (data beginning or ending mid-bucket) are dropped; interior
 * buckets with missing source candles (gaps in imported data) are kept, aggregated from the
 * candles that exist — the same as freqtrade/pandas resampling would do.
 */
import { TIMEFRAMES, timeframeToMs, type Timeframe } from "@tradelab/contracts";
import { allocateCandles, candleCount, sliceCandles, type Candles } from "./candles.js";

export interface ResampleOptions {
  /** Keep incomplete first/last buckets (default false: dropped). */
  keepPartialEdges?: boolean;
}

/** Timeframes that `from` can be resampled to: larger, and whole multiples of it. */
export function resampleTargets(from: Timeframe): Timeframe[] {
  const fromMs = timeframeToMs(from);
  return TIMEFRAMES.filter((tf) => timeframeToMs(tf) > fromMs && timeframeToMs(tf) % fromMs === 0);
}

/**
 * Aggregates `candles` (timeframe `from`, sorted, aligned) into timeframe `to`. Pure: returns new
 * arrays. `to` equal to `from` returns the input unchanged.
 */
export function resampleCandles(candles: Candles, from: Timeframe, to: Timeframe, options: ResampleOptions = {}): Candles {
  const fromMs = timeframeToMs(from);
  const toMs = timeframeToMs(to);
  if (toMs === fromMs) return candles;
  if (toMs < fromMs || toMs % fromMs !== 0) {
    throw new Error(`cannot resample ${from} to ${to}: the target must be a larger multiple of ${from}`);
  }
  const perBucket = toMs / fromMs;
  const n = candleCount(candles);
  // One slot per bucket in the time span from the first candle's bucket to the last candle: input
  // with gaps (forex weekends, holes in imported data) has more buckets than n / perBucket.
  const slots = n === 0 ? 0 : Math.max(0, Math.floor((candles.date[n - 1] - (candles.date[0] - mod(candles.date[0], toMs))) / toMs) + 1);
  const out = allocateCandles(slots);
  const complete: boolean[] = [];
  let k = -1;
  let bucketStart = Number.NaN;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const t = candles.date[i];
    const start = t - mod(t, toMs);
    if (start !== bucketStart) {
      if (k >= 0) complete.push(count === perBucket);
      k++;
      // Only reachable with unsorted input; typed arrays would silently drop the write.
      if (k >= slots) throw new Error(`cannot resample ${from} to ${to}: candles are not sorted by date`);
      bucketStart = start;
      count = 0;
      out.date[k] = start;
      out.open[k] = candles.open[i];
      out.high[k] = candles.high[i];
      out.low[k] = candles.low[i];
      out.volume[k] = 0;
    } else {
      if (candles.high[i] > out.high[k]) out.high[k] = candles.high[i];
      if (candles.low[i] < out.low[k]) out.low[k] = candles.low[i];
    }
    out.close[k] = candles.close[i];
    out.volume[k] += candles.volume[i];
    count++;
  }
  if (k >= 0) complete.push(count === perBucket);
  // k + 1 buckets were written (fewer than `slots` when whole buckets are missing); the rest is unused.
  let first = 0;
  let last = k + 1;
  if (!options.keepPartialEdges) {
    if (last > first && !complete[first]) first++;
    if (last > first && !complete[last - 1]) last--;
  }
  return copyCandles(sliceCandles(out, first, Math.max(first, last)));
}

/** Resamples `candles` to every timeframe in `targets` (each computed from the source). */
export function resampleAll(candles: Candles, from: Timeframe, targets: readonly Timeframe[] = resampleTargets(from)): Map<Timeframe, Candles> {
  const result = new Map<Timeframe, Candles>();
  for (const to of targets) result.set(to, resampleCandles(candles, from, to));
  return result;
}

function copyCandles(c: Candles): Candles {
  return {
    date: c.date.slice(),
    open: c.open.slice(),
    high: c.high.slice(),
    low: c.low.slice(),
    close: c.close.slice(),
    volume: c.volume.slice(),
  };
}

const mod = (a: number, m: number): number => ((a % m) + m) % m;
