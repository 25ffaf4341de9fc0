"use client";
import type { BacktestError } from "@tradelab/contracts";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import { trpc } from "@/client/trpc";
import { formatPercent } from "@/lib/format";
import { errorText, useToast } from "@/client/toast";
import { chartUrl } from "@/components/backtest/chart-url";

const ACTIVE = new Set(["QUEUED", "RUNNING"]);

function useElapsed(fromIso: string | null | undefined, untilIso: string | null | undefined) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!fromIso || untilIso) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [fromIso, untilIso]);
  if (!fromIso) return null;
  return Math.max(0, ((untilIso ? Date.parse(untilIso) : now) - Date.parse(fromIso)) / 1000);
}

/** A run while it is queued or running (queue position, elapsed time, live log, cancel) and its outcome. */
export function RunPanel({ runId, onFinished }: { runId: string; onFinished?: (run: { status: string; error: BacktestError | null }) => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const run = trpc.backtest.get.useQuery({ id: runId }, { refetchInterval: (q) => (q.state.data && !ACTIVE.has(q.state.data.status) ? false : 1000) });
  const [lines, setLines] = useState<string[]>([]);
  const logRef = useRef<HTMLDivElement>(null);
  const reported = useRef<string | null>(null);
  useEffect(() => setLines([]), [runId]);
  trpc.backtest.logs.useSubscription(
    { id: runId, fromSeq: 0 },
    {
      onData: (l) => setLines((all) => (all.length > 5000 ? [...all.slice(-4000), l.line] : [...all, l.line])),
      onError: (e) => setLines((all) => [...all, `[log stream ended: ${e.message}]`]),
    },
  );
  const cancel = trpc.backtest.cancel.useMutation({
    onSuccess: (r) => { toast({ kind: "info", text: r.status === "CANCELLED" ? "Run cancelled" : "Cancelling…" }); void utils.backtest.get.invalidate({ id: runId }); },
    onError: (e) => toast({ kind: "error", text: errorText(e) }),
  });
  useEffect(() => {
    const el = logRef.current;
    if (el && el.scrollHeight - el.scrollTop - el.clientHeight < 80) el.scrollTop = el.scrollHeight;
  }, [lines]);
  const data = run.data;
  useEffect(() => {
    if (data && !ACTIVE.has(data.status) && reported.current !== runId) {
      reported.current = runId;
      onFinished?.({ status: data.status, error: data.error });
      // Warm the chart (runner cache and this browser's HTTP cache) before "Open results" is pressed.
      if (data.status === "SUCCEEDED" && data.request.pairs[0]) void fetch(chartUrl(runId, data.request.pairs[0]), { priority: "low" } as RequestInit).catch(() => {});
    }
  }, [data, runId, onFinished]);
  const elapsed = useElapsed(data?.startedAt ?? data?.createdAt, data?.finishedAt);

  if (run.error) return <p className="error">{run.error.message}</p>;
  if (!data) return <div className="skeleton" style={{ height: 120 }} />;
  const active = ACTIVE.has(data.status);
  return (
    <div className="run-panel" data-testid="run-panel" data-status={data.status} data-run-id={runId}>
      <div className="row">
        <span className={`badge ${data.status}`} data-testid="run-status">{data.status.toLowerCase().replace("_", " ")}</span>
        {data.status === "QUEUED" && data.queuePosition !== null && <span data-testid="queue-position">position {data.queuePosition} in the queue</span>}
        {elapsed !== null && <span className="muted">{elapsed.toFixed(0)} s</span>}
        <span className="spacer" />
        {active && <button type="button" className="danger" onClick={() => cancel.mutate({ id: runId })} disabled={cancel.isPending}>Cancel</button>}
        {data.status === "SUCCEEDED" && <Link className="button primary" href={`/backtests/${runId}`} data-testid="open-results">Open results →</Link>}
      </div>
      {data.status === "SUCCEEDED" && data.metrics && (
        <p data-testid="run-summary">
          {data.metrics.totalTrades} trades · profit {formatPercent(data.metrics.profitTotalRatio)} · max drawdown {formatPercent(data.metrics.maxDrawdownAccountRatio)} · Sharpe{" "}
          {data.metrics.sharpe?.toFixed(2) ?? "–"}
          {data.dataSource === "generated" && <span className="badge" title="The default data set is synthetic: results say nothing about real markets"> generated data</span>}
        </p>
      )}
      {data.error && (
        <p className="error" data-testid="run-error">
          {data.error.kind}: {data.error.message}
          {data.error.line ? ` (line ${data.error.line})` : ""}
        </p>
      )}
      <div className="log" ref={logRef} data-testid="run-log" aria-label="Backtest log">
        {lines.length === 0 ? <span className="muted">{active ? "Waiting for the log…" : "No log lines."}</span> : lines.join("\n")}
      </div>
    </div>
  );
}
