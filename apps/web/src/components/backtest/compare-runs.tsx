"use client";
import Link from "next/link";
import { trpc } from "@/client/trpc";
import { CompareView } from "@/components/results/CompareView";

/** Two or more runs side by side: metric deltas against the first, overlaid equity. */
export function CompareRuns({ ids }: { ids: string[] }) {
  const compare = trpc.backtest.compare.useQuery({ ids }, { enabled: ids.length >= 2 });
  if (ids.length < 2) return <p className="empty">Pick two or more finished runs in a <Link href="/backtests">run history</Link> to compare them.</p>;
  if (compare.error) return <p className="error" data-testid="compare-error">{compare.error.message}</p>;
  if (!compare.data) return <div className="skeleton" style={{ height: 300 }} />;
  return (
    <section data-testid="compare">
      <h1>Compare runs</h1>
      <CompareView runs={compare.data.map((r) => ({ id: r.id, label: r.label, metrics: r.metrics, equity: r.equity, stakeCurrency: r.stakeCurrency }))} />
    </section>
  );
}
