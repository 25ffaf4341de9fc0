import type { BacktestMetrics, SeriesPoint } from "@tradelab/contracts";
import { MISSING, formatDuration, formatInteger, formatMoney, formatNumber, withSign } from "../../lib/format";
import { METRIC_DOCS, METRIC_ORDER, type MetricKey } from "./metric-docs";
import { formatMetric, type MetricValue } from "./metric-format";

export interface CompareRun {
  id: string;
  label: string;
  metrics: BacktestMetrics;
  equity: SeriesPoint[];
  stakeCurrency: string;
}

/** How a run's value compares with the first run's, for a metric with a known better direction. */
export type Verdict = "better" | "worse" | "same" | "neither" | "na";

export interface MetricDelta {
  /** value − base, null when it cannot be computed (missing value, text, other currency). */
  delta: number | null;
  /** The difference as shown: "+1.20 pp", "-12.500 USDT", "+2h 5m"; "" when equal or not computable. */
  text: string;
  verdict: Verdict;
}

const EPSILON = 1e-12;

/**
 * The difference of one metric between a run and the base (first) run. Ratios differ in
 * percentage points; money only when both runs use the same stake currency; dates and names not at all.
 */
export function metricDelta(
  key: MetricKey,
  base: MetricValue,
  value: MetricValue,
  currencies: { base: string; value: string },
): MetricDelta {
  const doc = METRIC_DOCS[key];
  if (typeof base !== "number" || typeof value !== "number" || doc.kind === "date" || doc.kind === "text") {
    return { delta: null, text: "", verdict: "na" };
  }
  if (doc.kind === "money" && currencies.base !== currencies.value) return { delta: null, text: "other currency", verdict: "na" };
  const delta = value - base;
  const same = Math.abs(delta) <= EPSILON * Math.max(1, Math.abs(base), Math.abs(value));
  const verdict: Verdict = same ? "same" : doc.better === "neither" ? "neither" : (delta > 0) === (doc.better === "higher") ? "better" : "worse";
  return { delta: same ? 0 : delta, text: same ? "" : formatDelta(doc.kind, delta, currencies.value), verdict };
}

function formatDelta(kind: (typeof METRIC_DOCS)[MetricKey]["kind"], delta: number, currency: string): string {
  switch (kind) {
    case "ratio": return `${withSign(formatNumber(delta * 100, 2), delta)} pp`;
    case "money": return withSign(formatMoney(delta, currency), delta);
    case "count": return withSign(formatInteger(delta), delta);
    case "days": return `${withSign(formatInteger(delta), delta)} d`;
    case "duration": return delta > 0 ? `+${formatDuration(delta)}` : formatDuration(delta);
    case "number": return withSign(formatNumber(delta, 2), delta);
    default: return MISSING;
  }
}

export interface CompareCell {
  runId: string;
  text: string;
  delta: MetricDelta | null; // null for the base run
}

export interface CompareRow {
  key: MetricKey;
  label: string;
  description: string;
  cells: CompareCell[];
}

/** Every metric, one row each, one cell per run; deltas against the first run. */
export function compareRuns(runs: readonly Pick<CompareRun, "id" | "metrics" | "stakeCurrency">[]): CompareRow[] {
  if (runs.length === 0) return [];
  const base = runs[0]!;
  return METRIC_ORDER.map((key) => ({
    key,
    label: METRIC_DOCS[key].label,
    description: METRIC_DOCS[key].description,
    cells: runs.map((run, i) => ({
      runId: run.id,
      text: formatMetric(key, run.metrics[key], run.stakeCurrency),
      delta: i === 0 ? null : metricDelta(key, base.metrics[key], run.metrics[key], { base: base.stakeCurrency, value: run.stakeCurrency }),
    })),
  }));
}
