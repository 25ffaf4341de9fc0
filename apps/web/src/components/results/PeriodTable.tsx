"use client";

import type { PeriodRow } from "@tradelab/contracts";
import { formatInteger, formatPercent } from "../../lib/format";
import styles from "./results.module.css";
import { TableSection } from "./TableSection";
import { signedMoney, toneOf as tone, winRateOf } from "./table-cells";

export interface PeriodTableProps {
  rows: PeriodRow[];
  stakeCurrency: string;
  title?: string;
}

/** Profit per period (month by default), with a bar sized by the profit against the largest one. */
export function PeriodTable({ rows, stakeCurrency, title = "Per month" }: PeriodTableProps) {
  const largest = rows.reduce((m, r) => Math.max(m, Math.abs(r.profitAbs)), 0);
  return (
    <TableSection title={title} testId="period-table" emptyText={rows.length === 0 ? "No periods." : null}>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col" className={styles.num}>Trades</th>
          <th scope="col" className={styles.num}>Profit</th>
          <th scope="col" className={styles.profitBarCell}><span className={styles.visuallyHidden}>Profit bar</span></th>
          <th scope="col" className={styles.num}>Win / draw / loss</th>
          <th scope="col" className={styles.num}>Win rate</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.startMs}>
            <th scope="row">{r.period}</th>
            <td className={styles.num}>{formatInteger(r.trades)}</td>
            <td className={`${styles.num} ${tone(r.profitAbs) ?? ""}`}>{r.trades === 0 ? "–" : signedMoney(r.profitAbs, stakeCurrency)}</td>
            <td className={styles.profitBarCell} aria-hidden="true">
              {largest > 0 && r.profitAbs !== 0 && (
                <span
                  className={styles.profitBar}
                  style={{
                    width: `${Math.max(2, (Math.abs(r.profitAbs) / largest) * 100)}%`,
                    background: r.profitAbs > 0 ? "var(--r-pos)" : "var(--r-neg)",
                  }}
                />
              )}
            </td>
            <td className={styles.num}>{r.wins} / {r.draws} / {r.losses}</td>
            <td className={styles.num}>{formatPercent(winRateOf(r), 1)}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}
