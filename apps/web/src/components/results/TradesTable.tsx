"use client";

import type { Trade } from "@tradelab/contracts";
import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from "react";
import { formatDateTime, formatDuration, formatMoney, formatNumber, formatPercent, formatPrice, withSign } from "../../lib/format";
import styles from "./results.module.css";
import { toneOf as tone } from "./table-cells";
import {
  distinctValues,
  filterTrades,
  isFiltering,
  nextSort,
  NO_FILTER,
  paginate,
  sortTrades,
  type OutcomeFilter,
  type SideFilter,
  type TradeColumn,
  type TradeFilter,
  type TradeSort,
} from "./trades-table-model";

export interface TradesTableProps {
  trades: Trade[];
  stakeCurrency: string;
  pageSize?: number;
  /** Called when a row is clicked (or chosen with Enter): the page scrolls the chart to the trade. */
  onSelectTrade?: (trade: Trade) => void;
}

interface Column {
  key: TradeColumn;
  label: string;
  numeric?: boolean;
  cell: (t: Trade, currency: string) => ReactNode;
}


const COLUMNS: Column[] = [
  { key: "pair", label: "Pair", cell: (t) => t.pair },
  { key: "side", label: "Side", cell: (t) => <span className={styles.side}>{t.isShort ? "short" : "long"}</span> },
  { key: "openMs", label: "Opened (UTC)", cell: (t) => formatDateTime(t.openMs) },
  { key: "closeMs", label: "Closed (UTC)", cell: (t) => (t.isOpen ? <span className={styles.muted}>open</span> : formatDateTime(t.closeMs)) },
  { key: "durationMinutes", label: "Duration", numeric: true, cell: (t) => formatDuration(t.durationMinutes * 60) },
  { key: "openRate", label: "Entry price", numeric: true, cell: (t) => formatPrice(t.openRate) },
  { key: "closeRate", label: "Exit price", numeric: true, cell: (t) => formatPrice(t.closeRate) },
  { key: "stakeAmount", label: "Stake", numeric: true, cell: (t, c) => formatMoney(t.stakeAmount, c) },
  { key: "profitRatio", label: "Profit %", numeric: true, cell: (t) => <span className={tone(t.profitRatio)}>{withSign(formatPercent(t.profitRatio), t.profitRatio)}</span> },
  { key: "profitAbs", label: "Profit", numeric: true, cell: (t, c) => <span className={tone(t.profitAbs)}>{withSign(formatMoney(t.profitAbs, c), t.profitAbs)}</span> },
  { key: "exitReason", label: "Exit reason", cell: (t) => t.exitReason },
  { key: "enterTag", label: "Enter tag", cell: (t) => t.enterTag ?? <span className={styles.muted}>–</span> },
];

const ARIA_SORT = { asc: "ascending", desc: "descending" } as const;

/** All trades of a backtest: sortable by every column, filterable, paginated. */
export function TradesTable({ trades, stakeCurrency, pageSize = 25, onSelectTrade }: TradesTableProps) {
  const uid = useId();
  const [sort, setSort] = useState<TradeSort>({ column: "openMs", direction: "asc" });
  const [filter, setFilter] = useState<TradeFilter>(NO_FILTER);
  const [page, setPage] = useState(1);
  const [selected, setSelected] = useState<number | null>(null);

  const pairs = useMemo(() => distinctValues(trades, "pair"), [trades]);
  const reasons = useMemo(() => distinctValues(trades, "exitReason"), [trades]);
  const rows = useMemo(() => sortTrades(filterTrades(trades, filter), sort), [trades, filter, sort]);
  const view = paginate(rows, page, pageSize);

  const update = (patch: Partial<TradeFilter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const choose = (index: number, trade: Trade) => {
    setSelected(index);
    onSelectTrade?.(trade);
  };
  const onRowKey = (e: KeyboardEvent, index: number, trade: Trade) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      choose(index, trade);
    }
  };

  if (trades.length === 0) {
    return (
      <div className={`${styles.theme} ${styles.tableWrap}`} data-testid="trades-table">
        <p className={styles.empty}>This backtest made no trades.</p>
      </div>
    );
  }

  const filtering = isFiltering(filter);
  return (
    <div className={styles.theme} data-testid="trades-table">
      <div className={styles.toolbar} role="search" aria-label="Filter trades">
        <label className={styles.field}>
          Search
          <input
            className={`${styles.control} ${styles.search}`}
            type="search"
            placeholder="Pair, exit reason, enter tag"
            value={filter.text}
            onChange={(e) => update({ text: e.target.value })}
          />
        </label>
        <FilterSelect label="Pair" value={filter.pair ?? ""} onChange={(v) => update({ pair: v || null })}
          options={[["", "All pairs"], ...pairs.map((p): [string, string] => [p, p])]} />
        <FilterSelect label="Exit reason" value={filter.exitReason ?? ""} onChange={(v) => update({ exitReason: v || null })}
          options={[["", "All exit reasons"], ...reasons.map((r): [string, string] => [r, r])]} />
        <FilterSelect<SideFilter> label="Side" value={filter.side} onChange={(side) => update({ side })}
          options={[["all", "Long and short"], ["long", "Long"], ["short", "Short"]]} />
        <FilterSelect<OutcomeFilter> label="Outcome" value={filter.outcome} onChange={(outcome) => update({ outcome })}
          options={[["all", "Winners and losers"], ["winners", "Winners"], ["losers", "Losers"]]} />
        {filtering && (
          <button type="button" className={styles.linkButton} onClick={() => { setFilter(NO_FILTER); setPage(1); }}>
            Clear filters
          </button>
        )}
      </div>

      <div className={styles.tableWrap}>
        <table className={styles.table} aria-describedby={`${uid}-status`}>
          <thead>
            <tr>
              {COLUMNS.map((c) => {
                const active = sort.column === c.key;
                return (
                  <th key={c.key} scope="col" className={c.numeric ? styles.num : undefined} aria-sort={active ? ARIA_SORT[sort.direction] : "none"}>
                    <button type="button" className={styles.sortButton} onClick={() => { setSort((s) => nextSort(s, c.key)); setPage(1); }}>
                      {c.label}
                      <span className={styles.sortIndicator} aria-hidden="true">{active ? (sort.direction === "asc" ? "▲" : "▼") : ""}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {view.items.map(({ index, trade }) => (
              <tr
                key={index}
                className={`${styles.clickableRow} ${selected === index ? styles.selectedRow : ""}`}
                tabIndex={0}
                aria-current={selected === index ? "true" : undefined}
                data-trade-index={index}
                onClick={() => choose(index, trade)}
                onKeyDown={(e) => onRowKey(e, index, trade)}
              >
                {COLUMNS.map((c) => (
                  <td key={c.key} className={c.numeric ? styles.num : undefined}>{c.cell(trade, stakeCurrency)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {view.total === 0 && (
          <p className={styles.empty}>
            No trades match these filters.{" "}
            <button type="button" className={styles.linkButton} onClick={() => { setFilter(NO_FILTER); setPage(1); }}>Clear filters</button>
          </p>
        )}
      </div>

      <div className={styles.pager}>
        <span id={`${uid}-status`} aria-live="polite" data-testid="trades-status">
          {view.total === 0
            ? `0 of ${formatNumber(trades.length, 0)} trades match`
            : `Showing ${formatNumber(view.from, 0)}–${formatNumber(view.to, 0)} of ${formatNumber(view.total, 0)} trades${filtering ? ` (filtered from ${formatNumber(trades.length, 0)})` : ""}`}
        </span>
        {view.pageCount > 1 && (
          <nav className={styles.pagerButtons} aria-label="Trades pages">
            <button type="button" className={styles.pageButton} onClick={() => setPage(1)} disabled={view.page === 1} aria-label="First page">«</button>
            <button type="button" className={styles.pageButton} onClick={() => setPage(view.page - 1)} disabled={view.page === 1} aria-label="Previous page">‹</button>
            <span>Page {view.page} of {view.pageCount}</span>
            <button type="button" className={styles.pageButton} onClick={() => setPage(view.page + 1)} disabled={view.page === view.pageCount} aria-label="Next page">›</button>
            <button type="button" className={styles.pageButton} onClick={() => setPage(view.pageCount)} disabled={view.page === view.pageCount} aria-label="Last page">»</button>
          </nav>
        )}
      </div>
    </div>
  );
}

function FilterSelect<T extends string>(props: { label: string; value: T; options: [T, string][]; onChange: (value: T) => void }) {
  return (
    <label className={styles.field}>
      {props.label}
      <select className={styles.control} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map(([value, text]) => <option key={value} value={value}>{text}</option>)}
      </select>
    </label>
  );
}
