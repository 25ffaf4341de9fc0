"use client";
import { useEffect, useState } from "react";
import type { RouterOutputs } from "@/client/trpc";
import { trpc } from "@/client/trpc";
import { errorText } from "@/client/toast";
import { EquityChart } from "@/components/results/EquityChart";
import { DrawdownChart } from "@/components/results/DrawdownChart";
import { formatInteger, formatMoney, formatNumber, formatPercent } from "@/lib/format";

type Listing = RouterOutputs["marketplace"]["get"];
type Frozen = NonNullable<Listing["verification"]>;
type Sample = Frozen["inSample"];

const ROWS: { label: string; value: (s: Sample, stake: string) => string }[] = [
  { label: "Period", value: (s) => `${s.timerange} (${s.days} days)` },
  { label: "Trades", value: (s) => formatInteger(s.totalTrades) },
  { label: "Total profit", value: (s) => formatPercent(s.profitTotalRatio) },
  { label: "Profit per day", value: (s) => formatPercent(s.profitPerDayRatio, 3) },
  { label: "Sharpe", value: (s) => formatNumber(s.sharpe) },
  { label: "Max drawdown", value: (s) => formatPercent(s.maxDrawdownRatio) },
  { label: "Win rate", value: (s) => formatPercent(s.winRate) },
  { label: "Final balance", value: (s, stake) => formatMoney(s.finalBalance, stake) },
];

const VERIFY_POLL_MS = 3000;

/** The platform's own backtest of the listing: in-sample vs out-of-sample, charts, provenance, re-verify. */
export function VerificationPanel({ listing, signedIn }: { listing: Listing; signedIn: boolean }) {
  const v = listing.verification;
  if (!v) return null;
  const stake = v.dataset.stakeCurrency;
  return (
    <section className="verification" data-testid="verification">
      <h2>Verified by TradeLab</h2>
      <p className="muted">
        The platform ran this exact strategy version itself on its standard data set; the seller cannot edit these figures.
        The first 70 % of the period is the <strong>in-sample</strong> test, the final 30 % the <strong>out-of-sample</strong> test.
      </p>
      <table className="verification-table" data-testid="verification-table">
        <thead><tr><th /><th>In-sample</th><th>Out-of-sample</th></tr></thead>
        <tbody>
          {ROWS.map((r) => (
            <tr key={r.label}><th scope="row">{r.label}</th><td>{r.value(v.inSample, stake)}</td><td>{r.value(v.outOfSample, stake)}</td></tr>
          ))}
        </tbody>
      </table>
      {v.drop.flagged ? (
        <div className="notice warn-box" data-testid="overfitting-flag">
          <strong>Possible overfitting.</strong> The strategy did much worse on data it was not built on:
          <ul>{v.drop.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
          <span className="muted">Rule: {v.drop.rule}.</span>
        </div>
      ) : (
        <p className="muted" data-testid="overfitting-flag">No overfitting flag: the out-of-sample results held up. Rule: {v.drop.rule}.</p>
      )}
      <div className="grid-2">
        <div>
          <h3>Equity</h3>
          <EquityChart series={[{ label: "In-sample", points: v.inSample.equity }, { label: "Out-of-sample", points: v.outOfSample.equity }]} height={260} unit={stake} />
        </div>
        <div>
          <h3>Drawdown</h3>
          <DrawdownChart points={[...v.inSample.drawdown, ...v.outOfSample.drawdown]} height={260} />
        </div>
      </div>
      <h3>Reproducibility</h3>
      <dl className="provenance">
        <dt>Hash</dt><dd><code data-testid="verification-hash">{v.hash}</code></dd>
        <dt>Data set</dt>
        <dd>
          {v.dataset.exchange} · {v.dataset.pairs.join(", ")} · {v.dataset.timeframe} · {v.dataset.timerange} · wallet {formatMoney(v.dataset.dryRunWallet, stake)} · stake {v.dataset.stakeAmount} · {v.dataset.maxOpenTrades} open trades
        </dd>
        <dt>Freqtrade</dt><dd>{v.freqtradeVersion ?? "unknown"}</dd>
        <dt>Sandbox image</dt><dd><code>{v.imageTag ?? "unknown"}</code></dd>
      </dl>
      <p className="muted">The hash covers the strategy source, the data set (and its market-data files), the Freqtrade version and the image: re-verifying runs everything again and tells whether the figures and the hash come out the same.</p>
      {signedIn && <Reverify listing={listing} />}
    </section>
  );
}

/** Starts a re-verification (or follows one already running) and says whether it reproduced the listing. */
function Reverify({ listing }: { listing: Listing }) {
  const utils = trpc.useUtils();
  const running = listing.verifications.find((x) => x.status === "RUNNING");
  const [verificationId, setVerificationId] = useState<string | null>(listing.status === "VERIFYING" ? null : (running?.id ?? null));
  const start = trpc.marketplace.reverify.useMutation({ onSuccess: (r) => setVerificationId(r.verificationId) });
  const check = trpc.marketplace.verification.useQuery(
    { id: verificationId ?? "" },
    { enabled: verificationId !== null, refetchInterval: (q) => (q.state.data?.status === "RUNNING" || !q.state.data ? VERIFY_POLL_MS : false) },
  );
  const status = check.data?.status;
  useEffect(() => {
    if (status && status !== "RUNNING") void utils.marketplace.get.invalidate({ id: listing.id });
  }, [status, utils, listing.id]);
  const startedMs = check.data ? Date.parse(check.data.createdAt) : null;
  return (
    <div className="reverify" data-testid="reverify" data-status={status ?? "idle"}>
      <button type="button" onClick={() => start.mutate({ id: listing.id })} disabled={start.isPending || status === "RUNNING"} data-testid="reverify-button">
        Re-verify
      </button>
      {start.error && <p className="error">{errorText(start.error)}</p>}
      {check.error && <p className="error">{errorText(check.error)}</p>}
      {status === "RUNNING" && (
        <p className="progress-line"><span className="spinner" aria-hidden /> Re-running both backtests on the standard data set{startedMs ? <Elapsed fromMs={startedMs} /> : null}…</p>
      )}
      {status === "SUCCEEDED" && (
        check.data?.matchesListing ? (
          <p className="ok" data-testid="reverify-outcome">Reproduced: the figures and the hash are identical to the listing&apos;s.</p>
        ) : (
          <p className="bad" data-testid="reverify-outcome">Not reproduced: this run gave the hash <code>{check.data?.hash}</code>, the listing has <code>{listing.verificationHash}</code>.</p>
        )
      )}
      {status === "FAILED" && <p className="bad" data-testid="reverify-outcome">The re-verification failed: {check.data?.error ?? "no reason given"}.</p>}
    </div>
  );
}

/** " (12 s)", counting up while something runs. */
export function Elapsed({ fromMs }: { fromMs: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return <> ({Math.max(0, Math.round((now - fromMs) / 1000))} s)</>;
}
