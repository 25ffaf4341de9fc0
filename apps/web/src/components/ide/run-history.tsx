"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { trpc } from "@/client/trpc";
import { formatPercent } from "@/lib/format";

/** Runs of one strategy (or all strategies), newest first, with key metrics; pick two or more to compare. */
export function RunHistory({ strategyId }: { strategyId?: string }) {
  const router = useRouter();
  const [selected, setSelected] = useState<string[]>([]);
  const runs = trpc.backtest.list.useInfiniteQuery(
    { strategyId, limit: 20 },
    { getNextPageParam: (p) => p.nextCursor ?? undefined, refetchInterval: 3000 },
  );
  const items = runs.data?.pages.flatMap((p) => p.items) ?? [];
  const toggle = (id: string) => setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));

  if (runs.error) return <p className="error">{runs.error.message}</p>;
  if (!runs.data) return <div className="skeleton" style={{ height: 120 }} />;
  if (items.length === 0) return <p className="empty">No runs yet. Press <kbd>Ctrl+Enter</kbd> in the editor to backtest.</p>;
  return (
    <div data-testid="run-history">
      <div className="row">
        <button type="button" disabled={selected.length < 2} onClick={() => router.push(`/compare?ids=${selected.join(",")}`)} data-testid="compare-selected">
          Compare {selected.length >= 2 ? selected.length : ""} selected
        </button>
        <span className="muted">{selected.length < 2 ? "select two or more finished runs" : ""}</span>
      </div>
      <table>
        <thead>
          <tr><th /><th>Run</th><th>Profit</th><th>Max DD</th><th>Sharpe</th><th>Trades</th></tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr key={r.id} data-testid="run-row">
              <td>
                <input type="checkbox" aria-label={`select run ${r.id}`} disabled={r.status !== "SUCCEEDED"} checked={selected.includes(r.id)} onChange={() => toggle(r.id)} />
              </td>
              <td>
                <Link href={`/backtests/${r.id}`}>{strategyId ? "" : `${r.strategyName} `}{r.versionNumber === null ? "" : `v${r.versionNumber}`}</Link>{" "}
                <span className={`badge ${r.status}`}>{r.status.toLowerCase()}</span>
                <div className="muted">{r.pairs.join(", ")} · {r.timeframe} · {r.timerange}</div>
                <div className="muted">{new Date(r.createdAt).toLocaleString()}{r.note ? ` · “${r.note}”` : ""}</div>
              </td>
              <td>{formatPercent(r.metrics?.profitTotalRatio)}</td>
              <td>{formatPercent(r.metrics?.maxDrawdownAccountRatio)}</td>
              <td>{r.metrics?.sharpe?.toFixed(2) ?? "–"}</td>
              <td>{r.metrics?.totalTrades ?? "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {runs.hasNextPage && <button type="button" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>Load more</button>}
    </div>
  );
}
