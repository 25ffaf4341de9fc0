"use client";

import { useMemo } from "react";
import { compareRuns, type CompareRun } from "./compare";
import { EquityChart, seriesColor } from "./EquityChart";
import { useShallowStable } from "./lw-chart";
import { METRIC_DOCS, type MetricGroup } from "./metric-docs";
import styles from "./results.module.css";

export interface CompareViewProps {
  /** Two or more runs; the first is the base the others are compared with. */
  runs: CompareRun[];
}

const VERDICT_WORD = { better: "better", worse: "worse", same: "unchanged", neither: "", na: "" } as const;

/**
 * Runs side by side: every metric, with each later run's difference from the first coloured
 * by whether it is better or worse for that metric, and the equity curves overlaid.
 */
export function CompareView({ runs: runsProp }: CompareViewProps) {
  const runs = useShallowStable(runsProp);
  const rows = useMemo(() => compareRuns(runs), [runs]);
  const equity = useMemo(() => runs.map((r) => ({ label: r.label, points: r.equity })), [runs]);
  const currencies = [...new Set(runs.map((r) => r.stakeCurrency))];

  if (runs.length < 2) {
    return <p className={`${styles.theme} ${styles.empty}`}>Pick at least two backtests to compare.</p>;
  }

  let group: MetricGroup | null = null;
  return (
    <div className={`${styles.theme} ${styles.compare}`} data-testid="compare-view">
      <EquityChart series={equity} unit={currencies.length === 1 ? currencies[0] : ""} />
      <div className={styles.tableWrap}>
        <table className={styles.table}>
          <caption className={styles.visuallyHidden}>Metrics of {runs.length} backtests, differences against {runs[0]!.label}</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              {runs.map((r, i) => (
                <th key={r.id} scope="col" className={styles.num}>
                  <span className={styles.swatch} style={{ background: seriesColor({}, i), marginRight: 6, verticalAlign: "middle" }} />
                  {r.label}
                  {i === 0 && <span className={styles.delta}>base</span>}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((row) => {
              const out = [];
              const g = METRIC_DOCS[row.key].group;
              if (g !== group) {
                group = g;
                out.push(
                  <tr key={`group-${g}`} className={styles.compareGroupRow}>
                    <th scope="colgroup" colSpan={runs.length + 1}>{g}</th>
                  </tr>,
                );
              }
              out.push(
                <tr key={row.key} data-metric={row.key}>
                  <th scope="row">
                    <span className={styles.metricName} title={row.description}>{row.label}</span>
                  </th>
                  {row.cells.map((cell) => (
                    <td key={cell.runId} className={styles.num} data-verdict={cell.delta?.verdict}>
                      {cell.text}
                      {cell.delta && cell.delta.text && (
                        <span className={`${styles.delta} ${styles[cell.delta.verdict] ?? ""}`}>
                          {cell.delta.text}
                          {VERDICT_WORD[cell.delta.verdict] && <span className={styles.visuallyHidden}> ({VERDICT_WORD[cell.delta.verdict]})</span>}
                        </span>
                      )}
                    </td>
                  ))}
                </tr>,
              );
              return out;
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
