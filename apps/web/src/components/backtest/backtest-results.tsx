"use client";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { PairChart, Trade } from "@tradelab/contracts";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { MetricsGrid } from "@/components/results/MetricsGrid";
import { PriceChart } from "@/components/results/PriceChart";
import { EquityChart } from "@/components/results/EquityChart";
import { DrawdownChart } from "@/components/results/DrawdownChart";
import { TradesTable } from "@/components/results/TradesTable";
import { BreakdownTable } from "@/components/results/BreakdownTable";
import { PeriodTable } from "@/components/results/PeriodTable";
import { RunPanel } from "@/components/ide/run-panel";
import { chartUrl } from "./chart-url";

const ARTIFACT_LABELS: Record<string, string> = {
  "result.json": "Normalized result (JSON)",
  "trades.csv": "Trades (CSV)",
  "log.txt": "Log",
  "freqtrade-result.json": "Freqtrade's result file",
  "indicators.json": "Indicators (JSON)",
  "error.json": "Error (JSON)",
};

/** Everything about one run: status while it runs, then metrics, charts, trades, breakdowns, artifacts, note. */
export function BacktestResults({ runId, initialPair }: { runId: string; initialPair: string | null }) {
  const run = trpc.backtest.get.useQuery({ id: runId }, { refetchInterval: (q) => (q.state.data && ["QUEUED", "RUNNING"].includes(q.state.data.status) ? 1000 : false) });
  const succeeded = run.data?.status === "SUCCEEDED";
  const [pair, setPair] = useState<string | null>(null);
  const [selectedTrade, setSelectedTrade] = useState<Trade | null>(null);
  const pairs = run.data?.request.pairs ?? [];
  const shownPair = pair ?? pairs[0] ?? initialPair;
  // Fetched beside the result, not after it: the pairs are known from the run itself.
  const chart = useQuery({
    queryKey: ["run-chart", runId, shownPair],
    queryFn: () => fetchChart(runId, shownPair!),
    enabled: (succeeded || initialPair !== null) && !!shownPair,
    staleTime: Infinity,
    retry: false,
  });
  // The chart comes first; the result (trades, breakdowns: megabytes for a busy strategy) is
  // fetched and rendered once the chart can be used, so the two do not fight for the main thread.
  const [chartReady, setChartReady] = useState(false);
  const result = trpc.backtest.result.useQuery({ id: runId }, { enabled: succeeded && (chartReady || chart.isError), staleTime: Infinity });

  useEffect(() => {
    if (result.data) performance.mark("tradelab:result-loaded");
  }, [result.data]);

  if (run.error) {
    return (
      <section className="empty" data-testid="run-not-found">
        <h1>{run.error.data?.code === "NOT_FOUND" ? "Run not found" : "Could not open the run"}</h1>
        <p>{run.error.message}</p>
        <Link href="/backtests">All runs</Link>
      </section>
    );
  }
  if (!run.data) return <div className="skeleton" style={{ height: 300 }} />;
  const r = run.data;
  return (
    <section className="results" data-testid="results">
      <div className="row">
        <h1>
          {r.strategy.id === null ? (
            <span>{r.strategy.name}</span> // a run of someone else's marketplace listing: their strategy is not linkable
          ) : (
            <><Link href={`/strategies/${r.strategy.id}`}>{r.strategy.name}</Link> <span className="muted">v{r.strategy.versionNumber}</span></>
          )}
        </h1>
        <span className={`badge ${r.status}`}>{r.status.toLowerCase()}</span>
        <span className="spacer" />
        <span className="muted">{r.request.pairs.join(", ")} · {r.request.timeframe} · {r.request.timerange}{r.durationMs ? ` · ran in ${(r.durationMs / 1000).toFixed(1)} s` : ""}</span>
      </div>
      {r.dataSource === "generated" && (
        <p className="warn">This run used the generated default data set: synthetic prices, so the numbers say nothing about real markets.</p>
      )}
      <RunNote runId={runId} note={r.note} />
      {!succeeded && <RunPanel runId={runId} />}
      {succeeded && result.error && <p className="error">{result.error.message}</p>}
      {succeeded && !result.data && !result.error && <div className="skeleton" style={{ height: 200 }} />}
      {result.data && (
        <>
          <h2>Metrics</h2>
          <MetricsGrid metrics={result.data.metrics} stakeCurrency={result.data.stakeCurrency} />
        </>
      )}
      {succeeded && (
        <>
          <div className="row">
            <h2>Chart</h2>
            {pairs.length > 1 && (
              <select aria-label="Pair" value={shownPair ?? ""} onChange={(e) => setPair(e.target.value)}>
                {pairs.map((p) => <option key={p}>{p}</option>)}
              </select>
            )}
          </div>
          {chart.error && <p className="error">{chart.error.message}</p>}
          {chart.data ? <PriceChart chart={chart.data} selectedTrade={selectedTrade} onReady={() => setChartReady(true)} /> : !chart.error && <div className="skeleton" style={{ height: 480 }} />}
        </>
      )}
      {result.data && (
        <>
          <h2>Equity</h2>
          <EquityChart series={[{ label: "Wallet", points: result.data.equity }]} />
          <h2>Drawdown</h2>
          <DrawdownChart points={result.data.drawdown} />
          <h2>Trades</h2>
          <TradesTable trades={result.data.trades} stakeCurrency={result.data.stakeCurrency} onSelectTrade={(t) => {
            setPair(t.pair);
            setSelectedTrade(t);
            document.querySelector('[data-testid="price-chart"]')?.scrollIntoView({ behavior: "smooth", block: "center" });
          }} />
          <div className="grid-2">
            <BreakdownTable title="Per pair" rows={result.data.perPair} stakeCurrency={result.data.stakeCurrency} />
            <BreakdownTable title="Per exit reason" rows={result.data.perExitReason} stakeCurrency={result.data.stakeCurrency} />
          </div>
          <h2>Monthly</h2>
          <PeriodTable rows={result.data.perPeriod.month} stakeCurrency={result.data.stakeCurrency} />
        </>
      )}
      {Object.keys(r.artifacts).length > 0 && (
        <>
          <h2>Downloads</h2>
          <ul data-testid="artifacts">
            {Object.keys(r.artifacts).sort().map((name) => (
              <li key={name}><a href={`/api/backtests/${runId}/artifacts/${encodeURIComponent(name)}`} download={name}>{ARTIFACT_LABELS[name] ?? name}</a> <span className="muted">{name}</span></li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The chart data of one pair, from the streaming route (10 MB for a year of 5m candles). */
async function fetchChart(runId: string, pair: string): Promise<PairChart> {
  const res = await fetch(chartUrl(runId, pair));
  if (res.headers.get("content-type")?.startsWith("application/json")) {
    const body = await res.json();
    if (body.result) return body.result.data as PairChart;
    throw new Error(body.error?.message ?? `chart: HTTP ${res.status}`);
  }
  throw new Error((await res.text()).trim() || `chart: HTTP ${res.status}`);
}

/** A free-text note on the run, saved on blur or Enter. */
function RunNote({ runId, note }: { runId: string; note: string | null }) {
  const toast = useToast();
  const [text, setText] = useState(note ?? "");
  useEffect(() => setText(note ?? ""), [note]);
  const save = trpc.backtest.setNote.useMutation({
    onSuccess: () => toast({ kind: "success", text: "Note saved" }),
    onError: (e) => toast({ kind: "error", text: errorText(e) }),
  });
  const commit = () => { if (text !== (note ?? "")) save.mutate({ id: runId, note: text }); };
  return (
    <label className="run-note">
      <span className="muted">Note</span>
      <input value={text} placeholder="What did you try in this run?" maxLength={2000} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} />
    </label>
  );
}
