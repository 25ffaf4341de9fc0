import type { Trade } from "@tradelab/contracts";

/** Sorting, filtering and paging of the trades table, kept apart from React. */

export type TradeColumn =
  | "pair"
  | "side"
  | "openMs"
  | "closeMs"
  | "durationMinutes"
  | "openRate"
  | "closeRate"
  | "stakeAmount"
  | "profitRatio"
  | "profitAbs"
  | "exitReason"
  | "enterTag";

export type SortDirection = "asc" | "desc";
export interface TradeSort {
  column: TradeColumn;
  direction: SortDirection;
}

/** A trade and its position in the backtest's list (stable identity for rows and selection). */
export interface IndexedTrade {
  index: number;
  trade: Trade;
}

type Key = string | number | null;
const sortKey = (t: Trade, c: TradeColumn): Key => {
  switch (c) {
    case "side": return t.isShort ? "short" : "long";
    case "enterTag": return t.enterTag;
    default: return t[c];
  }
};

const collator = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * Trades sorted by one column; ties keep the original order (by index). Missing values (a trade
 * without enter tag) go last in both directions.
 */
export function sortTrades(rows: readonly IndexedTrade[], sort: TradeSort): IndexedTrade[] {
  const sign = sort.direction === "asc" ? 1 : -1;
  const keyed = rows.map((r) => ({ r, k: sortKey(r.trade, sort.column) }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) {
      if (a.k === b.k) return a.r.index - b.r.index;
      return a.k === null ? 1 : -1;
    }
    const c = typeof a.k === "number" && typeof b.k === "number" ? a.k - b.k : collator.compare(String(a.k), String(b.k));
    return c !== 0 ? c * sign : a.r.index - b.r.index;
  });
  return keyed.map((x) => x.r);
}

export type SideFilter = "all" | "long" | "short";
export type OutcomeFilter = "all" | "winners" | "losers";

export interface TradeFilter {
  pair: string | null;
  exitReason: string | null;
  side: SideFilter;
  outcome: OutcomeFilter;
  /** Free text, matched case-insensitively against pair, exit reason and enter tag. */
  text: string;
}

export const NO_FILTER: TradeFilter = { pair: null, exitReason: null, side: "all", outcome: "all", text: "" };

export const isFiltering = (f: TradeFilter): boolean =>
  f.pair !== null || f.exitReason !== null || f.side !== "all" || f.outcome !== "all" || f.text.trim() !== "";

/** Winners made money, losers lost money; a trade at exactly zero is neither. */
export function filterTrades(trades: readonly Trade[], f: TradeFilter): IndexedTrade[] {
  const text = f.text.trim().toLowerCase();
  const out: IndexedTrade[] = [];
  for (let index = 0; index < trades.length; index++) {
    const t = trades[index]!;
    if (f.pair !== null && t.pair !== f.pair) continue;
    if (f.exitReason !== null && t.exitReason !== f.exitReason) continue;
    if (f.side === "long" && t.isShort) continue;
    if (f.side === "short" && !t.isShort) continue;
    if (f.outcome === "winners" && !(t.profitAbs > 0)) continue;
    if (f.outcome === "losers" && !(t.profitAbs < 0)) continue;
    if (text && !`${t.pair}\n${t.exitReason}\n${t.enterTag ?? ""}`.toLowerCase().includes(text)) continue;
    out.push({ index, trade: t });
  }
  return out;
}

/** The distinct values of a text field, sorted, for the filter drop-downs. */
export function distinctValues(trades: readonly Trade[], field: "pair" | "exitReason"): string[] {
  return [...new Set(trades.map((t) => t[field]))].sort(collator.compare);
}

export interface Page<T> {
  items: T[];
  /** 1-based, clamped to the pages that exist. */
  page: number;
  pageCount: number;
  /** 1-based positions of the first and last item shown; 0 and 0 when there is none. */
  from: number;
  to: number;
  total: number;
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const size = Math.max(1, Math.floor(pageSize));
  const total = items.length;
  const pageCount = Math.max(1, Math.ceil(total / size));
  const p = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const start = (p - 1) * size;
  const pageItems = items.slice(start, start + size);
  return { items: pageItems, page: p, pageCount, from: total === 0 ? 0 : start + 1, to: start + pageItems.length, total };
}

/** The default direction when a column is first clicked: numbers and dates largest first, text A→Z. */
export const firstDirection = (c: TradeColumn): SortDirection =>
  c === "pair" || c === "side" || c === "exitReason" || c === "enterTag" ? "asc" : "desc";

/** Clicking a header: the same column flips, another column starts at its first direction. */
export const nextSort = (current: TradeSort, column: TradeColumn): TradeSort =>
  current.column === column
    ? { column, direction: current.direction === "asc" ? "desc" : "asc" }
    : { column, direction: firstDirection(column) };
