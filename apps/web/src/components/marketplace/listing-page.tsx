"use client";
import Link from "next/link";
import { useState } from "react";
import type { RouterOutputs } from "@/client/trpc";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { BuyPanel } from "./buy-panel";
import { ListingReviews } from "./listing-reviews";
import { ListingRuns } from "./listing-runs";
import { ratingLabel, STATUS_LABELS } from "./listing-format";
import { Elapsed, VerificationPanel } from "./verification-panel";

type Listing = RouterOutputs["marketplace"]["get"];

const VERIFYING_POLL_MS = 3000;

/** One listing: what it is, its verified figures, how to get it, runs for its buyers, reviews. */
export function ListingPage({ listingId, signedIn }: { listingId: string; signedIn: boolean }) {
  // A new listing verifies for a minute or two: the page follows it until it settles.
  const query = trpc.marketplace.get.useQuery({ id: listingId }, { refetchInterval: (q) => (q.state.data?.status === "VERIFYING" ? VERIFYING_POLL_MS : false) });
  if (query.error) {
    return (
      <section className="empty" data-testid="listing-not-found">
        <h1>{query.error.data?.code === "NOT_FOUND" ? "Listing not found" : "Could not open the listing"}</h1>
        <p>{query.error.message}</p>
        <Link href="/marketplace">Back to the marketplace</Link>
      </section>
    );
  }
  if (!query.data) return <div className="listing"><div className="skeleton" style={{ height: 60 }} /><div className="skeleton" style={{ height: 300 }} /></div>;
  const l = query.data;
  return (
    <div className="listing" data-testid="listing" data-status={l.status}>
      <div className="listing-head">
        <div>
          <div className="muted"><Link href="/marketplace">Marketplace</Link> ›</div>
          <h1 data-testid="listing-title">{l.title}</h1>
          <div className="muted">
            by <strong>{l.seller.name}</strong> · {l.timeframe} · {ratingLabel(l.ratingAvg, l.ratingCount)} · {l.salesCount} {l.salesCount === 1 ? "buyer" : "buyers"}
          </div>
          <div className="tags">
            <span className={`badge status-${l.status}`} data-testid="listing-status">{STATUS_LABELS[l.status] ?? l.status}</span>
            {l.hidden && <span className="badge status-hidden">Hidden</span>}
            {l.tags.map((t) => <Link key={t} className="chip" href={`/marketplace?tags=${encodeURIComponent(t)}`}>{t}</Link>)}
          </div>
        </div>
        <BuyPanel listing={l} signedIn={signedIn} />
      </div>
      <StatusNotice listing={l} />
      {l.access.isSeller && <SellerActions listing={l} />}
      {l.access.isAdmin && <AdminActions listing={l} />}
      <article className="listing-description" data-testid="listing-description" dangerouslySetInnerHTML={{ __html: l.descriptionHtml }} />
      <VerificationPanel listing={l} signedIn={signedIn} />
      {l.source && (
        <section data-testid="listing-source">
          <h2>Code <span className="muted">{l.source.fileName}</span></h2>
          {l.access.isSeller && l.licence === "RUN_ONLY" && <p className="muted">Only you see this: buyers of a run-only listing never get the code.</p>}
          <pre className="code-view">{l.source.text}</pre>
        </section>
      )}
      {l.access.canRun && l.verification && <ListingRuns listing={l} />}
      <ListingReviews listing={l} />
    </div>
  );
}

/** Where the listing stands, when that is not simply "for sale". */
function StatusNotice({ listing: l }: { listing: Listing }) {
  const latest = l.verifications[0];
  return (
    <>
      {l.status === "VERIFYING" && (
        <div className="notice" data-testid="verifying">
          <div>
            <span className="spinner" aria-hidden /> <strong>Verifying</strong>: the platform is backtesting this version on its standard data set (in-sample and out-of-sample)
            {latest && <Elapsed fromMs={Date.parse(latest.createdAt)} />}. It is listed once both runs have ended; this page updates by itself.
          </div>
          <div className="progress-bar" role="progressbar" aria-label="Verification in progress"><span /></div>
        </div>
      )}
      {l.status === "VERIFICATION_FAILED" && (
        <div className="notice error-box" data-testid="verification-failed">
          <strong>Verification failed</strong>, so the listing is not for sale.{" "}
          {l.access.isSeller && latest?.error ? <>Reason: <span className="error">{latest.error}</span></> : null}
        </div>
      )}
      {l.status === "UNPUBLISHED" && (
        <div className="notice" data-testid="unpublished">Unpublished: not in search and not for sale. Its buyers keep their access.</div>
      )}
      {l.hidden && (
        <div className="notice warn-box" data-testid="hidden-notice">
          Hidden by an administrator: only its seller, its buyers and administrators see it.
          {l.hiddenReason && <> Reason: <em>{l.hiddenReason}</em></>}
        </div>
      )}
    </>
  );
}

function SellerActions({ listing: l }: { listing: Listing }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const done = (text: string) => () => { toast({ kind: "success", text }); void utils.marketplace.get.invalidate({ id: l.id }); };
  const onError = (e: unknown) => toast({ kind: "error", text: errorText(e) });
  const unpublish = trpc.marketplace.unpublish.useMutation({ onSuccess: done("Unpublished"), onError });
  const republish = trpc.marketplace.republish.useMutation({ onSuccess: done("Published again"), onError });
  return (
    <div className="row seller-actions" data-testid="seller-actions">
      <span className="muted">Your listing:</span>
      <Link className="button" href={`/marketplace/${l.id}/edit`}>Edit text and price</Link>
      {l.status === "PUBLISHED" && <button type="button" onClick={() => unpublish.mutate({ id: l.id })} disabled={unpublish.isPending}>Unpublish</button>}
      {l.status === "UNPUBLISHED" && <button type="button" onClick={() => republish.mutate({ id: l.id })} disabled={republish.isPending}>Publish again</button>}
      <Link href="/marketplace/sell">Seller dashboard</Link>
    </div>
  );
}

function AdminActions({ listing: l }: { listing: Listing }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [reason, setReason] = useState("");
  const refresh = () => void utils.marketplace.get.invalidate({ id: l.id });
  const hide = trpc.marketplace.hide.useMutation({ onSuccess: () => { toast({ kind: "success", text: "Listing hidden" }); setReason(""); refresh(); } });
  const unhide = trpc.marketplace.unhide.useMutation({ onSuccess: () => { toast({ kind: "success", text: "Listing visible again" }); refresh(); } });
  const error = hide.error ?? unhide.error;
  return (
    <div className="notice admin-actions" data-testid="admin-actions">
      <strong>Admin</strong>{" "}
      {l.hidden ? (
        <button type="button" onClick={() => unhide.mutate({ id: l.id })} disabled={unhide.isPending}>Unhide</button>
      ) : (
        <form className="row" onSubmit={(e) => { e.preventDefault(); hide.mutate({ id: l.id, reason }); }}>
          <input aria-label="Reason for hiding" placeholder="Reason (shown to the seller)" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} />
          <button type="submit" className="danger" disabled={hide.isPending || reason.trim().length < 3}>Hide</button>
        </form>
      )}
      {error && <p className="error" role="alert">{errorText(error)}</p>}
    </div>
  );
}
