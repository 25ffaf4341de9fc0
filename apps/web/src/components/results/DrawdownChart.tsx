"use client";

import type { SeriesPoint } from "@tradelab/contracts";
import { AreaSeries } from "lightweight-charts";
import { useRef } from "react";
import { formatNumber, formatPercent } from "../../lib/format";
import { seriesPointsData } from "./chart-data";
import { useLwChart, withAlpha } from "./lw-chart";
import styles from "./results.module.css";

export interface DrawdownChartProps {
  /** Drawdown from the running equity peak as ratios ≤ 0 (BacktestResult.drawdown). */
  points: SeriesPoint[];
  height?: number;
}

/** Underwater chart: how far below its previous high the account was, in percent (0 at a new high). */
export function DrawdownChart({ points, height = 200 }: DrawdownChartProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const worst = points.reduce((m, p) => Math.min(m, p.v), 0);

  useLwChart(
    hostRef,
    height,
    (chart, palette) => {
      const style = (color: string) => ({ lineColor: color, topColor: withAlpha(color, 0.35), bottomColor: withAlpha(color, 0.05) });
      const area = chart.addSeries(AreaSeries, {
        ...style(palette.neg),
        lineWidth: 1,
        invertFilledArea: true, // fill from the line up to 0
        priceLineVisible: false,
        priceFormat: { type: "custom", formatter: (v: number) => `${formatNumber(v, 2)} %`, minMove: 0.01 },
      });
      area.setData(seriesPointsData(points, 100));
      chart.timeScale().fitContent();
      return { onTheme: (p) => area.applyOptions(style(p.neg)) };
    },
    [points],
  );

  return (
    <div className={styles.theme}>
      <div className={styles.chartFrame} style={{ height }} data-testid="drawdown-chart" role="img" aria-label={`Drawdown chart, deepest ${formatPercent(worst)}`}>
        <div ref={hostRef} className={styles.chartHost} />
      </div>
    </div>
  );
}
