/**
 * Column-oriented OHLCV candles: one typed array per column, as freqtrade stores them
 * (date, open, high, low, close, volume). `date` is the candle's open time in epoch
 * milliseconds, UTC. Columnar arrays keep two years of 5m candles (~210k rows per pair)
 * cheap to generate, resample and write.
 */
export interface Candles {
  readonly date: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

export const CANDLE_COLUMNS = ["date", "open", "high", "low", "close", "volume"] as const;
export type CandleColumn = (typeof CANDLE_COLUMNS)[number];

/** One candle as a plain object (for tests, charts and small data sets). */
export interface Candle {
  date: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function allocateCandles(length: number): Candles {
  return {
    date: new Float64Array(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

export const candleCount = (candles: Candles): number => candles.date.length;

/** Rows [start, end) as views on the same buffers (no copy). */
export function sliceCandles(candles: Candles, start: number, end = candleCount(candles)): Candles {
  return {
    date: candles.date.subarray(start, end),
    open: candles.open.subarray(start, end),
    high: candles.high.subarray(start, end),
    low: candles.low.subarray(start, end),
    close: candles.close.subarray(start, end),
    volume: candles.volume.subarray(start, end),
  };
}

/** Candles whose open time is in [startMs, endMs) (views, binary search; needs sorted dates). */
export function candlesInRange(candles: Candles, startMs: number, endMs: number): Candles {
  return sliceCandles(candles, lowerBound(candles.date, startMs), lowerBound(candles.date, endMs));
}

function lowerBound(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function candlesFromRows(rows: readonly Candle[]): Candles {
  const out = allocateCandles(rows.length);
  rows.forEach((row, i) => {
    out.date[i] = row.date;
    out.open[i] = row.open;
    out.high[i] = row.high;
    out.low[i] = row.low;
    out.close[i] = row.close;
    out.volume[i] = row.volume;
  });
  return out;
}

export function candlesToRows(candles: Candles): Candle[] {
  const rows: Candle[] = [];
  for (let i = 0; i < candleCount(candles); i++) rows.push(candleAt(candles, i));
  return rows;
}

export function candleAt(candles: Candles, i: number): Candle {
  return {
    date: candles.date[i],
    open: candles.open[i],
    high: candles.high[i],
    low: candles.low[i],
    close: candles.close[i],
    volume: candles.volume[i],
  };
}

/** "2024-09-19 23:00" (UTC) — the form used in user-facing messages. */
export function formatUtcMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace("T", " ");
}

/** "2024-09-19 23:00:00" (UTC). */
export function formatUtcSecond(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
