"use client";
import Link from "next/link";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { formatNumber, formatPercent } from "@/lib/format";
import { CreditLedger } from "./credit-ledger";
import { LICENCE_LABELS, priceLabel, STATUS_LABELS } from "./listing-format";

/** The seller's listings with status, buyers and revenue; unpublish/republish; credits and ledger. */
export function SellerDashboard() {
  const toast = useToast();
  const utils = trpc.useUtils();
  const mine = trpc.marketplace.mine.useQuery(undefined, { refetchInterval: (q) => (q.state.data?.some((l) => l.status === "VERIFYING") ? 5000 : false) });
  const sales = trpc.marketplace.sales.useQuery();
  const changed = (text: string) => () => { toast({ kind: "success", text }); void utils.marketplace.mine.invalidate(); void utils.marketplace.sales.invalidate(); };
  const onError = (e: unknown) => toast({ kind: "error", text: errorText(e) });
  const unpublish = trpc.marketplace.unpublish.useMutation({ onSuccess: changed("Unpublished"), onError });
  const republish = trpc.marketplace.republish.useMutation({ onSuccess: changed("Published again"), onError });
  const salesOf = (id: string) => sales.data?.listings.find((s) => s.id === id);

  return (
    <section data-testid="seller-dashboard">
      <div className="row">
        <h1>Selling</h1>
        <span className="spacer" />
        <Link href="/marketplace">Marketplace</Link>
      </div>
      <p className="muted">To list a strategy, open it in the editor and press <strong>Publish</strong> in its toolbar (<Link href="/strategies">your strategies</Link>).</p>
      <h2>Your listings</h2>
      {mine.error && <p className="error">{mine.error.message}</p>}
      {mine.isLoading && <div className="skeleton" style={{ height: 120 }} />}
      {mine.data?.length === 0 && <p className="muted">You have not listed anything yet.</p>}
      {mine.data && mine.data.length > 0 && (
        <table data-testid="my-listings">
          <thead><tr><th>Listing</th><th>Status</th><th>Price</th><th>Sharpe</th><th>Profit</th><th>Buyers</th><th>Revenue</th><th /></tr></thead>
          <tbody>
            {mine.data.map((l) => {
              const s = salesOf(l.id);
              return (
                <tr key={l.id}>
                  <td><Link href={`/marketplace/${l.id}`}>{l.title}</Link><div className="muted">{LICENCE_LABELS[l.licence]}</div></td>
                  <td>
                    <span className={`badge status-${l.status}`}>{STATUS_LABELS[l.status] ?? l.status}</span>
                    {l.hidden && <span className="badge status-hidden" title={l.hiddenReason ?? undefined}>Hidden</span>}
                    {l.verificationError && <div className="error small">{l.verificationError}</div>}
                    {l.hidden && l.hiddenReason && <div className="muted small">Hidden: {l.hiddenReason}</div>}
                  </td>
                  <td>{priceLabel(l.priceModel, l.priceCents, l.currency)}</td>
                  <td>{formatNumber(l.sharpe)}</td>
                  <td>{formatPercent(l.profitRatio)}</td>
                  <td>{s ? `${s.buyers}${s.liveBuyers !== s.buyers ? ` (${s.liveBuyers} live)` : ""}` : "–"}</td>
                  <td>{s?.revenue.length ? s.revenue.map((r) => <div key={r.source + r.currency}>{r.formatted} <span className="muted">{r.source === "ledger" ? "credits, net" : "Stripe"}</span></div>) : "–"}</td>
                  <td className="actions">
                    <Link href={`/marketplace/${l.id}/edit`}>Edit</Link>{" "}
                    {l.status === "PUBLISHED" && <button type="button" className="ghost" onClick={() => unpublish.mutate({ id: l.id })}>Unpublish</button>}
                    {l.status === "UNPUBLISHED" && <button type="button" className="ghost" onClick={() => republish.mutate({ id: l.id })}>Publish again</button>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {sales.data && sales.data.recentSales.length > 0 && (
        <>
          <h2>Latest sales</h2>
          <table>
            <thead><tr><th>When</th><th>Listing</th><th>Price</th><th>Paid with</th></tr></thead>
            <tbody>
              {sales.data.recentSales.map((p) => (
                <tr key={p.id}><td className="muted">{new Date(p.updatedAt).toLocaleString()}</td><td>{p.title}</td><td>{p.formattedPrice}</td><td>{p.paidWith}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <CreditLedger />
    </section>
  );
}
