"use client";

import type { PairChart, Trade } from "@tradelab/contracts";
import {
  CandlestickSeries,
  createSeriesMarkers,
  HistogramSeries,
  LineSeries,
  type CandlestickData,
  type IChartApi,
  type ISeriesApi,
  type MouseEventParams,
  type Time,
} from "lightweight-charts";
import { useEffect, useMemo, useRef } from "react";
import { formatNumber, formatPrice, priceDecimals } from "../../lib/format";
import {
  barRangeAround,
  candleSeriesData,
  columnSeriesData,
  emphasizeTrade,
  findTradeIndex,
  indicatorDecimals,
  indicatorSpecs,
  timeframeMs,
  tradeMarkers,
  tradeTooltipRows,
  type CandleTrade,
  type IndicatorSpec,
} from "./chart-data";
import { useLwChart, withAlpha, type ChartPalette } from "./lw-chart";
import styles from "./results.module.css";

export interface PriceChartProps {
  chart: PairChart;
  /** Total height in px, all panes together. Default: 460, plus 140 per sub-plot pane. */
  height?: number;
  /**
   * Scrolls the chart to this trade (e.g. one picked in the trades table) and draws its markers
   * larger, if it is of this pair.
   */
  selectedTrade?: Trade | null;
  /** Called once the first frame is drawn (when `tradelab:chart-interactive` is marked). */
  onReady?: () => void;
  /** Bars shown at first, from the end (default 300); the user zooms out from there. */
  initialBars?: number;
}

/**
 * Marks a chart's first frame (candles, volume, trade markers; the container gets
 * `data-ready="true"`): a benchmark and the Playwright tests wait for it.
 */
export const CHART_INTERACTIVE_MARK = "tradelab:chart-interactive";
/** Marks the moment every indicator is drawn too (the container gets `data-indicators="ready"`). */
export const CHART_COMPLETE_MARK = "tradelab:chart-complete";
const MAX_TRADES_IN_TOOLTIP = 3;

/**
 * Candles with volume, the strategy's indicators from plot_config (main plot on the price pane,
 * each sub-plot in its own pane) and entry/exit markers of the pair's trades; hovering a candle
 * with an entry or exit shows the trade. Built once per `chart`: crosshair moves update the DOM
 * directly, never React state.
 */
export function PriceChart({ chart: data, height, selectedTrade = null, initialBars = 300, onReady }: PriceChartProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const onReadyRef = useRef(onReady);
  onReadyRef.current = onReady;
  const hostRef = useRef<HTMLDivElement>(null);
  const ohlcRef = useRef<HTMLSpanElement>(null);
  const tooltipRef = useRef<HTMLDivElement>(null);
  const timesMsRef = useRef<readonly number[]>([]);
  const emphasizeRef = useRef<(tradeIndex: number) => void>(() => {});

  const { specs, missing } = useMemo(() => indicatorSpecs(data.plotConfig, data.indicators), [data.plotConfig, data.indicators]);
  const subplotPanes = specs.reduce((n, s) => Math.max(n, s.pane), 0);
  const totalHeight = height ?? 460 + 140 * subplotPanes;

  const chartRef = useLwChart(
    hostRef,
    totalHeight,
    (chart, palette) => {
      const frame = frameRef.current!;
      delete frame.dataset.ready;
      performance.mark("tradelab:chart-mount");
      const n = data.candles.t.length;
      timesMsRef.current = data.candles.t;
      const { times, bars, volume } = candleSeriesData(data.candles, {
        volumeUp: withAlpha(palette.up, 0.35),
        volumeDown: withAlpha(palette.down, 0.35),
      });
      const decimals = n > 0 ? priceDecimals(data.candles.close[n - 1]!) : 2;
      const priceFormat = { type: "price" as const, precision: decimals, minMove: 10 ** -decimals };

      const candles = chart.addSeries(CandlestickSeries, {
        upColor: palette.up,
        downColor: palette.down,
        wickUpColor: palette.up,
        wickDownColor: palette.down,
        borderVisible: false,
        priceFormat,
        priceLineVisible: false,
      });
      candles.priceScale().applyOptions({ scaleMargins: { top: 0.08, bottom: 0.22 } });
      candles.setData(bars);

      const vol = chart.addSeries(HistogramSeries, {
        priceScaleId: "volume",
        priceFormat: { type: "volume" },
        lastValueVisible: false,
        priceLineVisible: false,
      });
      vol.priceScale().applyOptions({ scaleMargins: { top: 0.82, bottom: 0 } });
      vol.setData(volume);

      // The sub-plot panes exist from the start (empty until their series arrive, see below), so
      // nothing moves when the indicators come in. Price pane three times as tall as each sub-plot.
      const paneCount = specs.reduce((m, s) => Math.max(m, s.pane), 0) + 1;
      for (let i = 1; i < paneCount; i++) chart.addPane(true);
      if (paneCount > 1) chart.panes().forEach((pane, i) => pane.setStretchFactor(i === 0 ? 3 : 1));

      const markerColors = (p: ChartPalette) => ({ win: p.pos, loss: p.neg, flat: p.muted });
      const interval = timeframeMs(data.timeframe) ?? Infinity;
      const initial = tradeMarkers(data.trades, data.candles.t, markerColors(palette), interval);
      const tradesByCandle = initial.tradesByCandle;
      let markers = initial.markers;
      let emphasized = -1;
      const markerApi = createSeriesMarkers(candles, markers, { autoScale: true });
      emphasizeRef.current = (index) => {
        if (index === emphasized) return;
        emphasized = index;
        markerApi.setMarkers(emphasizeTrade(markers, index));
      };
      frame.dataset.markers = String(markers.length); // for tests: what the canvas shows

      if (n > 0) chart.timeScale().setVisibleLogicalRange({ from: Math.max(0, n - initialBars), to: n + 3 });

      const onMove = crosshairHandler({
        data,
        candles,
        tradesByCandle,
        ohlc: ohlcRef.current!,
        tooltip: tooltipRef.current!,
        frame,
      });
      chart.subscribeCrosshairMove(onMove);

      // Each indicator costs about as much as the candles again (lightweight-charts converts and
      // first paints all 100k points of every series), so they are added after the first frame,
      // one series per task: the candles can be read and scrolled while the indicators arrive.
      const pending = [...specs];
      let timer = 0;
      const addNextIndicator = () => {
        const spec = pending.shift();
        if (spec) {
          addIndicator(chart, spec, data.indicators[spec.column] ?? [], times, priceFormat);
          timer = window.setTimeout(addNextIndicator, 0);
        } else {
          requestAnimationFrame(() => {
            performance.mark(CHART_COMPLETE_MARK);
            frame.dataset.indicators = "ready";
          });
        }
      };
      delete frame.dataset.indicators;
      const raf = requestAnimationFrame(() => {
        performance.mark(CHART_INTERACTIVE_MARK);
        frame.dataset.ready = "true";
        onReadyRef.current?.();
        timer = window.setTimeout(addNextIndicator, 0);
      });

      return {
        onTheme(p) {
          candles.applyOptions({ upColor: p.up, downColor: p.down, wickUpColor: p.up, wickDownColor: p.down });
          markers = tradeMarkers(data.trades, data.candles.t, markerColors(p), interval).markers;
          markerApi.setMarkers(emphasizeTrade(markers, emphasized));
        },
        dispose() {
          cancelAnimationFrame(raf);
          clearTimeout(timer);
          chart.unsubscribeCrosshairMove(onMove);
          markerApi.detach();
          emphasizeRef.current = () => {};
        },
      };
    },
    [data, specs],
  );

  useEffect(() => {
    const chart = chartRef.current;
    if (!chart) return;
    const index = selectedTrade && selectedTrade.pair === data.pair ? findTradeIndex(data.trades, selectedTrade) : -1;
    emphasizeRef.current(index);
    if (!selectedTrade || selectedTrade.pair !== data.pair) return;
    const range = barRangeAround(selectedTrade, timesMsRef.current);
    if (range) chart.timeScale().setVisibleLogicalRange(range);
  }, [selectedTrade, data, chartRef]);

  const groups = useMemo(() => {
    const byPane = new Map<number, IndicatorSpec[]>();
    for (const s of specs) byPane.set(s.pane, [...(byPane.get(s.pane) ?? []), s]);
    return [...byPane.entries()];
  }, [specs]);

  return (
    <div className={styles.theme}>
      <div
        ref={frameRef}
        className={styles.chartFrame}
        style={{ height: totalHeight }}
        data-testid="price-chart"
        aria-label={`${data.pair} ${data.timeframe} price chart with ${data.trades.length} trades`}
        role="img"
      >
        <div ref={hostRef} className={styles.chartHost} />
        <div className={styles.chartLegend} aria-hidden="true">
          <b>{data.pair}</b>
          <span className={styles.muted}>{data.timeframe}</span>
          {/* filled on hover by the crosshair handler; React renders it empty and never touches its children */}
          <span ref={ohlcRef} className={styles.ohlc} />
        </div>
        <div ref={tooltipRef} className={styles.tradeTooltip} hidden data-testid="trade-tooltip" />
        {data.candles.t.length === 0 && <p className={`${styles.empty} ${styles.chartEmpty}`}>No candles for {data.pair} {data.timeframe} in this backtest&apos;s range.</p>}
      </div>
      {(groups.length > 0 || missing.length > 0) && (
        <ul className={styles.seriesLegend} aria-label="Indicators">
          {groups.map(([pane, list]) => (
            <li key={pane}>
              <strong>{pane === 0 ? "Price" : list[0]!.group}</strong>
              {list.map((s) => (
                <span key={s.column} style={{ display: "inline-flex", alignItems: "center", gap: 4 }}>
                  <span
                    className={`${styles.swatch} ${s.type === "histogram" ? styles.swatchBar : ""}`}
                    style={{ background: s.color }}
                  />
                  {s.column}
                </span>
              ))}
            </li>
          ))}
          {missing.length > 0 && <li title="plot_config names these columns, but the strategy did not compute them">Not in the data: {missing.join(", ")}</li>}
        </ul>
      )}
    </div>
  );
}

function addIndicator(
  chart: IChartApi,
  spec: IndicatorSpec,
  values: readonly (number | null)[],
  times: Parameters<typeof columnSeriesData>[0],
  mainFormat: { type: "price"; precision: number; minMove: number },
): void {
  const decimals = spec.pane === 0 ? mainFormat.precision : indicatorDecimals(values);
  const common = {
    priceFormat: { type: "price" as const, precision: decimals, minMove: 10 ** -decimals },
    lastValueVisible: spec.pane !== 0,
    priceLineVisible: false,
    title: spec.pane === 0 ? "" : spec.column,
  };
  const series =
    spec.type === "histogram"
      ? chart.addSeries(HistogramSeries, { ...common, color: spec.color }, spec.pane)
      : chart.addSeries(
          LineSeries,
          {
            ...common,
            color: spec.color,
            lineWidth: 1,
            crosshairMarkerVisible: false,
            ...(spec.type === "scatter" ? { lineVisible: false, pointMarkersVisible: true, pointMarkersRadius: 2 } : {}),
          },
          spec.pane,
        );
  series.setData(columnSeriesData(times, values));
}

interface HoverTargets {
  data: PairChart;
  candles: ISeriesApi<"Candlestick">;
  tradesByCandle: Map<number, CandleTrade[]>;
  ohlc: HTMLElement;
  tooltip: HTMLElement;
  frame: HTMLElement;
}

/** Updates the OHLC legend and the trade box straight in the DOM; rebuilds the box only when the candle changes. */
function crosshairHandler({ data, candles, tradesByCandle, ohlc, tooltip, frame }: HoverTargets) {
  let legendTime: Time | null = null;
  let tooltipTime: number | null = null;
  return (param: MouseEventParams<Time>) => {
    const bar = param.time !== undefined ? (param.seriesData.get(candles) as CandlestickData<Time> | undefined) : undefined;
    if (!bar || !param.point) {
      if (legendTime !== null) {
        ohlc.replaceChildren();
        legendTime = null;
      }
      tooltip.hidden = true;
      tooltipTime = null;
      return;
    }
    if (legendTime !== param.time) {
      legendTime = param.time!;
      const change = bar.open ? (bar.close / bar.open - 1) * 100 : 0;
      ohlc.replaceChildren();
      for (const [k, v] of [["O", bar.open], ["H", bar.high], ["L", bar.low], ["C", bar.close]] as const) {
        const span = document.createElement("span");
        span.textContent = `${k} ${formatPrice(v)}`;
        ohlc.appendChild(span);
      }
      const ch = document.createElement("span");
      ch.className = change >= 0 ? styles.positive! : styles.negative!;
      ch.textContent = `${change >= 0 ? "+" : ""}${formatNumber(change, 2)} %`;
      ohlc.appendChild(ch);
    }

    const time = param.time as number;
    const onCandle = tradesByCandle.get(time);
    if (!onCandle) {
      tooltip.hidden = true;
      tooltipTime = null;
      return;
    }
    if (tooltipTime !== time) {
      tooltipTime = time;
      fillTooltip(tooltip, data.trades, onCandle);
    }
    tooltip.hidden = false;
    const pad = 14;
    const w = tooltip.offsetWidth;
    const h = tooltip.offsetHeight;
    let x = param.point.x + pad;
    if (x + w > frame.clientWidth - 60) x = param.point.x - pad - w;
    let y = param.point.y + pad;
    if (y + h > frame.clientHeight) y = Math.max(0, frame.clientHeight - h - 4);
    tooltip.style.transform = `translate(${Math.max(0, x)}px, ${y}px)`;
  };
}

function fillTooltip(tooltip: HTMLElement, trades: readonly Trade[], onCandle: readonly CandleTrade[]) {
  tooltip.replaceChildren();
  onCandle.slice(0, MAX_TRADES_IN_TOOLTIP).forEach(({ index, entry, exit }, i) => {
    const trade = trades[index]!;
    if (i > 0) {
      const hr = document.createElement("hr");
      hr.className = styles.tooltipSep!;
      tooltip.appendChild(hr);
    }
    const title = document.createElement("div");
    title.className = styles.tooltipTitle!;
    title.textContent = `${trade.pair} · ${trade.isShort ? "short" : "long"} ${entry && exit ? "entry and exit" : entry ? "entry" : "exit"}`;
    tooltip.appendChild(title);
    const tone = trade.profitAbs > 0 ? styles.positive! : trade.profitAbs < 0 ? styles.negative! : "";
    const dl = document.createElement("dl");
    dl.className = styles.tooltipRows!;
    for (const [label, value] of tradeTooltipRows(trade)) {
      const dt = document.createElement("dt");
      dt.textContent = label;
      const dd = document.createElement("dd");
      dd.textContent = value;
      if (label === "Profit") dd.className = tone;
      dl.append(dt, dd);
    }
    tooltip.appendChild(dl);
  });
  if (onCandle.length > MAX_TRADES_IN_TOOLTIP) {
    const more = document.createElement("div");
    more.className = styles.muted!;
    more.textContent = `+${onCandle.length - MAX_TRADES_IN_TOOLTIP} more trades on this candle`;
    tooltip.appendChild(more);
  }
}
