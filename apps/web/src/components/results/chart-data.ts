import type { PairChart, PlotConfig, SeriesPoint, Trade } from "@tradelab/contracts";
import type {
  CandlestickData,
  HistogramData,
  LineData,
  SeriesMarker,
  UTCTimestamp,
  WhitespaceData,
} from "lightweight-charts";
import { formatDateTime, formatDuration, formatMoney, formatPercent, formatPrice, quoteCurrency, withSign } from "../../lib/format";

/**
 * Pure conversions from the platform's contracts to lightweight-charts data. Written as plain
 * loops over preallocated arrays: a chart gets 100k+ candles and several indicator columns.
 * Candle times in `PairChart` are ms epochs of candle opens, ascending and unique (the market-data
 * store guarantees both); lightweight-charts wants UTC seconds.
 */

export const toUtcSeconds = (ms: number): UTCTimestamp => Math.floor(ms / 1000) as UTCTimestamp;

export interface CandleColors {
  volumeUp: string;
  volumeDown: string;
}

export interface CandleSeriesData {
  times: UTCTimestamp[];
  bars: CandlestickData<UTCTimestamp>[];
  volume: HistogramData<UTCTimestamp>[];
}

/** Columnar OHLCV → candlestick bars and volume histogram bars (coloured by the candle's direction). */
export function candleSeriesData(candles: PairChart["candles"], colors: CandleColors): CandleSeriesData {
  const n = candles.t.length;
  const { t, open, high, low, close, volume } = candles;
  const times = new Array<UTCTimestamp>(n);
  const bars = new Array<CandlestickData<UTCTimestamp>>(n);
  const vol = new Array<HistogramData<UTCTimestamp>>(n);
  for (let i = 0; i < n; i++) {
    const time = Math.floor(t[i]! / 1000) as UTCTimestamp;
    const o = open[i]!;
    const c = close[i]!;
    times[i] = time;
    bars[i] = { time, open: o, high: high[i]!, low: low[i]!, close: c };
    vol[i] = { time, value: volume[i]!, color: c >= o ? colors.volumeUp : colors.volumeDown };
  }
  return { times, bars, volume: vol };
}

export type PointOrGap = LineData<UTCTimestamp> | WhitespaceData<UTCTimestamp>;

/**
 * One indicator column aligned with the candle times → line (or histogram) points; null, NaN and
 * missing values become whitespace points (`{ time }`) so the line has a gap there.
 */
export function columnSeriesData(times: readonly UTCTimestamp[], values: readonly (number | null)[]): PointOrGap[] {
  const n = times.length;
  const out = new Array<PointOrGap>(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    out[i] = typeof v === "number" && Number.isFinite(v) ? { time: times[i]!, value: v } : { time: times[i]! };
  }
  return out;
}

/**
 * A series of `{t: ms, v}` points (equity, drawdown) → line data, `scale` applied (100 for percent).
 * Points falling in the same second keep the last one (lightweight-charts needs unique, ascending
 * times); unsorted input is sorted first.
 */
export function seriesPointsData(points: readonly SeriesPoint[], scale = 1): LineData<UTCTimestamp>[] {
  let sorted = true;
  for (let i = 1; i < points.length; i++) if (points[i]!.t < points[i - 1]!.t) { sorted = false; break; }
  const src = sorted ? points : [...points].sort((a, b) => a.t - b.t);
  const out: LineData<UTCTimestamp>[] = [];
  for (const p of src) {
    if (!Number.isFinite(p.v)) continue;
    const time = toUtcSeconds(p.t);
    const point = { time, value: p.v * scale };
    if (out.length > 0 && out[out.length - 1]!.time === time) out[out.length - 1] = point;
    else out.push(point);
  }
  return out;
}

/** Freqtrade's plot types we draw: "bar" → histogram, "scatter" → points, anything else → line. */
export type IndicatorDrawType = "line" | "histogram" | "scatter";

export interface IndicatorSpec {
  column: string;
  /** 0 = the price pane; 1.. = one pane per sub-plot that has data, in plot_config order. */
  pane: number;
  /** The sub-plot's name, null on the price pane. */
  group: string | null;
  type: IndicatorDrawType;
  color: string;
}

/** Distinct on dark and light backgrounds; used in order for columns without a colour. */
export const DEFAULT_PALETTE = ["#f0b429", "#3b82f6", "#e85d75", "#14b8a6", "#a855f7", "#f97316", "#22c55e", "#64748b"] as const;

const drawType = (type: string | undefined): IndicatorDrawType =>
  type === "bar" ? "histogram" : type === "scatter" ? "scatter" : "line";

/**
 * plot_config → the series to draw. Columns that the indicators do not contain are listed in
 * `missing` (a strategy may name a column it never computed) and not drawn; a sub-plot without
 * any drawable column gets no pane.
 */
export function indicatorSpecs(plotConfig: PlotConfig, columns: Readonly<Record<string, unknown>>): { specs: IndicatorSpec[]; missing: string[] } {
  const specs: IndicatorSpec[] = [];
  const missing: string[] = [];
  let paletteIndex = 0;
  const add = (column: string, style: { color?: string; type?: string }, pane: number, group: string | null) => {
    if (!(column in columns)) {
      missing.push(group === null ? column : `${group}: ${column}`);
      return false;
    }
    const color = style.color || DEFAULT_PALETTE[paletteIndex++ % DEFAULT_PALETTE.length]!;
    specs.push({ column, pane, group, type: drawType(style.type), color });
    return true;
  };
  for (const [column, style] of Object.entries(plotConfig.main_plot ?? {})) add(column, style, 0, null);
  let pane = 1;
  for (const [group, cols] of Object.entries(plotConfig.subplots ?? {})) {
    let any = false;
    for (const [column, style] of Object.entries(cols)) any = add(column, style, pane, group) || any;
    if (any) pane++;
  }
  return { specs, missing };
}

/**
 * Decimals for a sub-plot's price scale from the size of its values: about four significant
 * digits, at least 2 (RSI 2, MACD of BTC 2, MACD of a coin at 0.08 about 7). Samples ~500 values.
 */
export function indicatorDecimals(values: readonly (number | null)[]): number {
  let max = 0;
  const step = Math.max(1, Math.floor(values.length / 500));
  for (let i = 0; i < values.length; i += step) {
    const v = values[i];
    if (typeof v === "number" && Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  }
  return max === 0 ? 2 : Math.min(8, Math.max(2, 3 - Math.floor(Math.log10(max))));
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Freqtrade timeframe → its length in ms: "5m" → 300000, "1h" → 3600000; null when unknown ("1M"). */
export function timeframeMs(timeframe: string): number | null {
  const m = /^(\d+)([smhdw])$/.exec(timeframe);
  return m ? Number(m[1]) * UNIT_MS[m[2]!]! : null;
}

/**
 * Index of the candle containing `ms`: the last candle opening at or before it. -1 before the
 * first candle, and after the end of the last one (its open + `intervalMs`).
 */
export function candleIndexAt(timesMs: readonly number[], ms: number, intervalMs = Infinity): number {
  let lo = 0;
  let hi = timesMs.length - 1;
  if (hi < 0 || ms < timesMs[0]! || ms >= timesMs[hi]! + intervalMs) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (timesMs[mid]! <= ms) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface MarkerColors {
  win: string;
  loss: string;
  flat: string;
}

/** A trade entering and/or exiting on a candle; `index` into the chart's trades. */
export interface CandleTrade {
  index: number;
  entry: boolean;
  exit: boolean;
}

export interface TradeMarkers {
  /** Sorted by time, as lightweight-charts requires. */
  markers: SeriesMarker<UTCTimestamp>[];
  /** Candle time (UTC seconds) → the trades entering or exiting on that candle, in trade order. */
  tradesByCandle: Map<number, CandleTrade[]>;
}

const profitColor = (t: Trade, c: MarkerColors) => (t.profitAbs > 0 ? c.win : t.profitAbs < 0 ? c.loss : c.flat);

/**
 * Trades → entry and exit markers on the candles containing their open and close times. Longs
 * enter with an arrow up below the bar and exit with a circle above it; shorts the other way
 * round. Colours by the trade's profit. Trades outside the candles' range get no marker; open
 * trades no exit marker. Marker ids are `entry:<i>` / `exit:<i>` with i the trade's index.
 */
export function tradeMarkers(
  trades: readonly Trade[],
  timesMs: readonly number[],
  colors: MarkerColors,
  intervalMs = Infinity,
): TradeMarkers {
  const markers: SeriesMarker<UTCTimestamp>[] = [];
  const tradesByCandle = new Map<number, CandleTrade[]>();
  const note = (time: number, index: number, entry: boolean) => {
    let list = tradesByCandle.get(time);
    if (!list) tradesByCandle.set(time, (list = []));
    const last = list[list.length - 1];
    if (last?.index === index) last.exit = true;
    else list.push({ index, entry, exit: !entry });
  };
  for (let i = 0; i < trades.length; i++) {
    const trade = trades[i]!;
    const color = profitColor(trade, colors);
    const entry = candleIndexAt(timesMs, trade.openMs, intervalMs);
    if (entry >= 0) {
      const time = toUtcSeconds(timesMs[entry]!);
      markers.push(
        trade.isShort
          ? { id: `entry:${i}`, time, position: "aboveBar", shape: "arrowDown", color }
          : { id: `entry:${i}`, time, position: "belowBar", shape: "arrowUp", color },
      );
      note(time, i, true);
    }
    if (trade.isOpen) continue;
    const exit = candleIndexAt(timesMs, trade.closeMs, intervalMs);
    if (exit >= 0) {
      const time = toUtcSeconds(timesMs[exit]!);
      markers.push({ id: `exit:${i}`, time, position: trade.isShort ? "belowBar" : "aboveBar", shape: "circle", color });
      note(time, i, false);
    }
  }
  markers.sort((a, b) => a.time - b.time);
  return { markers, tradesByCandle };
}

/**
 * The markers with those of trade `index` drawn larger (the trade picked in the table), others
 * unchanged; `index` -1 for none.
 */
export function emphasizeTrade(markers: readonly SeriesMarker<UTCTimestamp>[], index: number): SeriesMarker<UTCTimestamp>[] {
  if (index < 0) return markers as SeriesMarker<UTCTimestamp>[];
  const entry = `entry:${index}`;
  const exit = `exit:${index}`;
  return markers.map((m) => (m.id === entry || m.id === exit ? { ...m, size: 2.2 } : m));
}

/**
 * The index of `trade` among `trades`: the same object, or else the trade of the same pair, side
 * and open time (the results list and the chart data carry separate copies); -1 when absent.
 */
export function findTradeIndex(trades: readonly Trade[], trade: Trade): number {
  const same = trades.indexOf(trade);
  if (same >= 0) return same;
  return trades.findIndex((t) => t.pair === trade.pair && t.openMs === trade.openMs && t.isShort === trade.isShort);
}

/** The rows of the hover box for one trade: label, value. */
export function tradeTooltipRows(trade: Trade): Array<[string, string]> {
  const currency = quoteCurrency(trade.pair);
  const rows: Array<[string, string]> = [
    ["Side", trade.isShort ? "Short" : "Long"],
    ["Entry", `${formatPrice(trade.openRate)} · ${formatDateTime(trade.openMs)}`],
    [trade.isOpen ? "Still open" : "Exit", `${formatPrice(trade.closeRate)} · ${formatDateTime(trade.closeMs)}`],
    ["Profit", `${withSign(formatMoney(trade.profitAbs, currency), trade.profitAbs)} (${withSign(formatPercent(trade.profitRatio), trade.profitRatio)})`],
    ["Duration", formatDuration(trade.durationMinutes * 60)],
    ["Exit reason", trade.exitReason || "–"],
  ];
  if (trade.enterTag) rows.push(["Enter tag", trade.enterTag]);
  return rows;
}

/**
 * The bar indexes (lightweight-charts' logical range) that show a trade from entry to exit with
 * `paddingBars` candles either side, for scrolling the chart to a trade picked in the table.
 */
export function barRangeAround(trade: Trade, timesMs: readonly number[], paddingBars = 40): { from: number; to: number } | null {
  if (timesMs.length === 0) return null;
  const a = Math.max(0, candleIndexAt(timesMs, trade.openMs));
  const b = Math.max(a, trade.isOpen ? timesMs.length - 1 : candleIndexAt(timesMs, trade.closeMs));
  return { from: Math.max(0, a - paddingBars), to: Math.min(timesMs.length - 1, b + paddingBars) };
}

/** Colours of runs in equity and comparison charts, in order. */
export const RUN_COLORS: readonly string[] = [DEFAULT_PALETTE[1], DEFAULT_PALETTE[0], ...DEFAULT_PALETTE.slice(2)];
