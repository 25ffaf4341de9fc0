"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { RouterOutputs } from "@/client/trpc";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { RunForm } from "@/components/ide/run-form";
import { RunPanel } from "@/components/ide/run-panel";
import { defaultSettingsFor, toRequestSettings, type RunSettings } from "@/components/ide/run-settings";
import { formatNumber, formatPercent } from "@/lib/format";

type Listing = RouterOutputs["marketplace"]["get"];

/**
 * A buyer's (or the seller's) backtests of a listing: the IDE's run form with the parameters the
 * listing declares (never its code), the run in progress, and their earlier runs of it.
 */
export function ListingRuns({ listing }: { listing: Listing }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const options = trpc.backtest.options.useQuery();
  const runs = trpc.marketplace.runs.useQuery({ listingId: listing.id });
  const [settings, setSettings] = useState<RunSettings | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const parameters = listing.parameters ?? [];
  useEffect(() => {
    if (!settings && options.data) setSettings(defaultSettingsFor(listing.timeframe, options.data.availability));
  }, [settings, options.data, listing.timeframe]);
  const start = trpc.marketplace.runBacktest.useMutation({
    onSuccess: (r) => { setRunId(r.id); void utils.marketplace.runs.invalidate({ listingId: listing.id }); },
    onError: (e) => toast({ kind: "error", text: `Not started: ${errorText(e)}` }),
  });

  return (
    <section className="listing-runs" data-testid="listing-runs">
      <h2>Backtest it</h2>
      {listing.licence === "RUN_ONLY" && !listing.access.isSeller && (
        <p className="muted">Run-only: the run is yours — results, trades and charts — but the strategy&apos;s code and log stay with the seller.</p>
      )}
      {options.error && <p className="error">{options.error.message}</p>}
      {settings && options.data ? (
        <>
          <RunForm settings={settings} onChange={setSettings} availability={options.data.availability} parameters={parameters} />
          <div className="row">
            <button
              type="button"
              className="primary"
              onClick={() => start.mutate({ listingId: listing.id, settings: toRequestSettings(settings, parameters) })}
              disabled={start.isPending || settings.pairs.length === 0}
              data-testid="listing-run-button"
            >
              ▶ Run backtest
            </button>
          </div>
        </>
      ) : (
        !options.error && <div className="skeleton" style={{ height: 160 }} />
      )}
      {runId && <RunPanel runId={runId} onFinished={() => void utils.marketplace.runs.invalidate({ listingId: listing.id })} />}
      <h3>Your runs</h3>
      {runs.error && <p className="error">{runs.error.message}</p>}
      {runs.data && runs.data.length === 0 && <p className="muted">No runs yet.</p>}
      {runs.data && runs.data.length > 0 && (
        <table data-testid="listing-run-list">
          <thead><tr><th>Run</th><th>Status</th><th>Pairs · timeframe · range</th><th>Trades</th><th>Profit</th></tr></thead>
          <tbody>
            {runs.data.map((r) => (
              <tr key={r.id}>
                <td><Link href={`/backtests/${r.id}`}>{new Date(r.createdAt).toLocaleString()}</Link></td>
                <td><span className={`badge ${r.status}`}>{r.status.toLowerCase().replace("_", " ")}</span></td>
                <td className="muted">{r.pairs.join(", ")} · {r.timeframe} · {r.timerange}</td>
                <td>{formatNumber(r.metrics?.totalTrades ?? null, 0)}</td>
                <td>{formatPercent(r.metrics?.profitTotalRatio ?? null)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
