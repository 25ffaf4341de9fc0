import type { BacktestMetrics } from "@tradelab/contracts";
import {
  MISSING,
  formatDateTime,
  formatDuration,
  formatInteger,
  formatMoney,
  formatNumber,
  formatPercent,
} from "../../lib/format";
import { METRIC_DOCS, type MetricKey, type MetricKind } from "./metric-docs";

export type MetricValue = BacktestMetrics[MetricKey];

/** A value of the given kind as the user reads it: "13.11 %", "-131.114 USDT", "2d 3h 15m", … */
export function formatByKind(kind: MetricKind, value: MetricValue, stakeCurrency: string): string {
  if (value === null || value === undefined) return MISSING;
  if (typeof value === "string") return value;
  switch (kind) {
    case "count": return formatInteger(value);
    case "money": return formatMoney(value, stakeCurrency);
    case "ratio": return formatPercent(value);
    case "number": return formatNumber(value, 2);
    case "duration": return formatDuration(value);
    case "date": return formatDateTime(value);
    case "days": return `${formatInteger(value)} ${Math.round(value) === 1 ? "day" : "days"}`;
    case "text": return String(value);
  }
}

export const formatMetric = (key: MetricKey, value: MetricValue, stakeCurrency: string): string =>
  formatByKind(METRIC_DOCS[key].kind, value, stakeCurrency);

export type Tone = "positive" | "negative" | "neutral";

/** Green for gains, red for losses, for the metrics whose sign means gain or loss. */
export function metricTone(key: MetricKey, value: MetricValue): Tone {
  if (!METRIC_DOCS[key].signed || typeof value !== "number" || value === 0) return "neutral";
  return value > 0 ? "positive" : "negative";
}
