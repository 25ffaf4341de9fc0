"use client";

import type { BacktestMetrics } from "@tradelab/contracts";
import { useId } from "react";
import { METRIC_DOCS, METRIC_GROUPS, METRIC_ORDER } from "./metric-docs";
import { formatMetric, metricTone } from "./metric-format";
import styles from "./results.module.css";

export interface MetricsGridProps {
  metrics: BacktestMetrics;
  stakeCurrency: string;
}

export const toneClass = (tone: "positive" | "negative" | "neutral"): string =>
  tone === "positive" ? styles.positive! : tone === "negative" ? styles.negative! : "";

/**
 * Every metric of a backtest, grouped, formatted, each with its plain-words explanation as a
 * tooltip (shown on hover and keyboard focus, linked by aria-describedby).
 */
export function MetricsGrid({ metrics, stakeCurrency }: MetricsGridProps) {
  const uid = useId();
  return (
    <div className={`${styles.theme} ${styles.metrics}`} data-testid="metrics-grid">
      {METRIC_GROUPS.map((group) => {
        const keys = METRIC_ORDER.filter((k) => METRIC_DOCS[k].group === group);
        const headingId = `${uid}-${group}`;
        return (
          <section key={group} className={styles.group} aria-labelledby={headingId}>
            <h3 id={headingId} className={styles.groupTitle}>{group}</h3>
            <div className={styles.grid} role="list">
              {keys.map((key) => {
                const doc = METRIC_DOCS[key];
                const value = metrics[key];
                const text = formatMetric(key, value, stakeCurrency);
                const tipId = `${uid}-${key}-tip`;
                return (
                  <div key={key} role="listitem" className={styles.cell} data-metric={key} tabIndex={0} aria-describedby={tipId}>
                    <span className={styles.cellLabel}>{doc.label}</span>{" "}
                    <span className={`${styles.cellValue} ${toneClass(metricTone(key, value))}`}>{text}</span>
                    <span id={tipId} role="tooltip" className={styles.tooltip}>{doc.description}</span>
                  </div>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}
