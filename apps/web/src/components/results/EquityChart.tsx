"use client";

import type { SeriesPoint } from "@tradelab/contracts";
import { AreaSeries, LineSeries, type ISeriesApi, type LineData, type MouseEventParams, type Time } from "lightweight-charts";
import { useRef } from "react";
import { formatNumber } from "../../lib/format";
import { RUN_COLORS, seriesPointsData } from "./chart-data";
import { useLwChart, useShallowStable, withAlpha } from "./lw-chart";
import styles from "./results.module.css";

export interface EquitySeries {
  label: string;
  points: SeriesPoint[];
  color?: string;
}

export interface EquityChartProps {
  series: EquitySeries[];
  height?: number;
  /** Shown after the values in the legend, e.g. the stake currency. */
  unit?: string;
}

export const seriesColor = (s: { color?: string }, i: number): string => s.color ?? RUN_COLORS[i % RUN_COLORS.length]!;

/**
 * Wallet balance over time: one curve (filled) for a run, several overlaid (lines) for a
 * comparison. The legend shows each curve's last value, or its value under the crosshair.
 */
export function EquityChart({ series: seriesProp, height = 300, unit = "" }: EquityChartProps) {
  const series = useShallowStable(seriesProp);
  const hostRef = useRef<HTMLDivElement>(null);
  const valueRefs = useRef<(HTMLElement | null)[]>([]);
  const suffix = unit ? ` ${unit}` : "";
  const last = (s: EquitySeries) => (s.points.length > 0 ? s.points[s.points.length - 1]!.v : null);

  useLwChart(
    hostRef,
    height,
    (chart) => {
      const apis: ISeriesApi<"Line" | "Area">[] = series.map((s, i) => {
        const color = seriesColor(s, i);
        const common = { lineWidth: 2 as const, priceLineVisible: false, lastValueVisible: series.length === 1, title: "" };
        const api =
          series.length === 1
            ? chart.addSeries(AreaSeries, { ...common, lineColor: color, topColor: withAlpha(color, 0.28), bottomColor: withAlpha(color, 0.02) })
            : chart.addSeries(LineSeries, { ...common, color });
        api.setData(seriesPointsData(s.points));
        return api;
      });
      chart.timeScale().fitContent();
      const onMove = (param: MouseEventParams<Time>) => {
        apis.forEach((api, i) => {
          const el = valueRefs.current[i];
          if (!el) return;
          const point = param.time !== undefined ? (param.seriesData.get(api) as LineData<Time> | undefined) : undefined;
          const v = point?.value ?? last(series[i]!);
          el.textContent = `${formatNumber(v, 2)}${suffix}`;
        });
      };
      chart.subscribeCrosshairMove(onMove);
      return { dispose: () => chart.unsubscribeCrosshairMove(onMove) };
    },
    [series, suffix],
  );

  return (
    <div className={styles.theme}>
      <div className={styles.chartFrame} style={{ height }} data-testid="equity-chart" role="img" aria-label={`Equity curve${series.length > 1 ? "s" : ""}: ${series.map((s) => s.label).join(", ")}`}>
        <div ref={hostRef} className={styles.chartHost} />
      </div>
      <ul className={styles.seriesLegend} aria-label="Legend">
        {series.map((s, i) => (
          <li key={`${s.label}-${i}`}>
            <span className={styles.swatch} style={{ background: seriesColor(s, i) }} />
            <strong>{s.label}</strong>
            <span ref={(el) => { valueRefs.current[i] = el; }}>{`${formatNumber(last(s), 2)}${suffix}`}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
