"use client";

import type { BreakdownRow } from "@tradelab/contracts";
import { formatInteger, formatPercent } from "../../lib/format";
import styles from "./results.module.css";
import { TableSection } from "./TableSection";
import { signedMoney, signedPercent, toneOf as tone, winRateOf } from "./table-cells";

export interface BreakdownTableProps {
  /** e.g. "Per pair", "Per exit reason"; also names the first column's meaning. */
  title: string;
  rows: BreakdownRow[];
  stakeCurrency: string;
  /** Heading of the first column; by default the title without "Per": "Per pair" → "Pair". */
  keyLabel?: string;
}

/** "Per exit reason" → "Exit reason"; a title without "Per" stays as it is. */
export const keyLabelFromTitle = (title: string): string => {
  const rest = title.replace(/^per\s+/i, "");
  return rest.charAt(0).toUpperCase() + rest.slice(1);
};

/** Freqtrade's per-pair / per-exit-reason summary: trades, profit, win/draw/loss, duration. */
export function BreakdownTable({ title, rows, stakeCurrency, keyLabel = keyLabelFromTitle(title) }: BreakdownTableProps) {
  return (
    <TableSection title={title} testId="breakdown-table" emptyText={rows.length === 0 ? "No trades." : null}>
      <thead>
        <tr>
          <th scope="col">{keyLabel}</th>
          <th scope="col" className={styles.num}>Trades</th>
          <th scope="col" className={styles.num}>Profit</th>
          <th scope="col" className={styles.num} title="Share of the starting balance">Total %</th>
          <th scope="col" className={styles.num} title="Average profit per trade">Avg %</th>
          <th scope="col" className={styles.num}>Win / draw / loss</th>
          <th scope="col" className={styles.num}>Win rate</th>
          <th scope="col" className={styles.num}>Avg duration</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.key}</th>
            <td className={styles.num}>{formatInteger(r.trades)}</td>
            <td className={`${styles.num} ${tone(r.profitAbs) ?? ""}`}>{signedMoney(r.profitAbs, stakeCurrency)}</td>
            <td className={`${styles.num} ${tone(r.profitTotalRatio) ?? ""}`}>{signedPercent(r.profitTotalRatio)}</td>
            <td className={`${styles.num} ${tone(r.profitMeanRatio) ?? ""}`}>{signedPercent(r.profitMeanRatio)}</td>
            <td className={styles.num}>{r.wins} / {r.draws} / {r.losses}</td>
            <td className={styles.num}>{formatPercent(r.winRate ?? winRateOf(r), 1)}</td>
            <td className={styles.num}>{r.durationAvg ?? "–"}</td>
          </tr>
        ))}
      </tbody>
    </TableSection>
  );
}
