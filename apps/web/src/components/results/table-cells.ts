import { formatMoney, formatPercent, withSign } from "../../lib/format";
import styles from "./results.module.css";

/** Small cell helpers shared by the results tables. */
export const toneOf = (v: number | null): string | undefined =>
  v === null || v === 0 ? undefined : v > 0 ? styles.positive : styles.negative;
export const signedPercent = (v: number | null): string => (v === null ? formatPercent(v) : withSign(formatPercent(v), v));
export const signedMoney = (v: number, currency: string): string => withSign(formatMoney(v, currency), v);
/** Win rate from the counts, for rows that do not carry one; null without trades. */
export const winRateOf = (r: { wins: number; trades: number }): number | null => (r.trades > 0 ? r.wins / r.trades : null);
