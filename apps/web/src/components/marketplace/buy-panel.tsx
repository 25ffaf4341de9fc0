"use client";
import Link from "next/link";
import { useState } from "react";
import type { RouterOutputs } from "@/client/trpc";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { formatCents } from "../../server/marketplace/money";
import { LICENCE_EXPLANATIONS, LICENCE_LABELS, priceLabel } from "./listing-format";

type Listing = RouterOutputs["marketplace"]["get"];

/**
 * The price, the licence and the way to get it: free at once; paid with credits after a
 * confirmation showing the balance before and after; or on Stripe's checkout page when the
 * server answers with one.
 */
export function BuyPanel({ listing, signedIn }: { listing: Listing; signedIn: boolean }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const { access } = listing;
  const paid = listing.priceModel !== "FREE";
  const [confirming, setConfirming] = useState(false);
  const balance = trpc.marketplace.balance.useQuery(undefined, { enabled: signedIn && paid && !access.isSeller && !access.isBuyer });
  const buy = trpc.marketplace.buy.useMutation({
    onSuccess: (r) => {
      if (r.checkoutUrl) {
        location.href = r.checkoutUrl;
        return;
      }
      setConfirming(false);
      toast({ kind: "success", text: `You bought “${listing.title}”` });
      void utils.marketplace.get.invalidate({ id: listing.id });
      void utils.marketplace.balance.invalidate();
    },
  });
  const price = priceLabel(listing.priceModel, listing.priceCents, listing.currency);

  return (
    <aside className="card buy-panel" data-testid="buy-panel">
      <div className="price" data-testid="listing-price">{price}</div>
      <div><span className={`badge licence-${listing.licence}`}>{LICENCE_LABELS[listing.licence]}</span></div>
      <p className="muted">{LICENCE_EXPLANATIONS[listing.licence]}</p>
      {access.isSeller ? (
        <p className="muted">This is your listing.</p>
      ) : access.isBuyer ? (
        <p className="ok" data-testid="owned">You own this strategy{listing.licence === "RUN_ONLY" ? ": run it below." : ": its code is below."}</p>
      ) : !signedIn ? (
        <Link className="button primary" href={`/signin?next=${encodeURIComponent(`/marketplace/${listing.id}`)}`}>Sign in to buy</Link>
      ) : listing.status !== "PUBLISHED" || listing.hidden ? (
        <p className="muted">This listing is not for sale now.</p>
      ) : !paid ? (
        <button type="button" className="primary" onClick={() => buy.mutate({ listingId: listing.id })} disabled={buy.isPending} data-testid="buy-button">Get it free</button>
      ) : confirming ? (
        <div className="confirm" data-testid="buy-confirm">
          <p>
            Pay <strong>{price}</strong> from your credits?
            {balance.data && (
              <> Your balance goes from {balance.data.formatted} to {formatCents(balance.data.balanceCents - listing.priceCents)}.</>
            )}
          </p>
          <div className="row">
            <button type="button" className="primary" onClick={() => buy.mutate({ listingId: listing.id })} disabled={buy.isPending} data-testid="buy-confirm-button">
              {buy.isPending ? "Paying…" : `Pay ${price}`}
            </button>
            <button type="button" className="ghost" onClick={() => { setConfirming(false); buy.reset(); }}>Cancel</button>
          </div>
        </div>
      ) : (
        <button type="button" className="primary" onClick={() => setConfirming(true)} data-testid="buy-button">Buy for {price}</button>
      )}
      {paid && balance.data && !access.isBuyer && !access.isSeller && (
        <p className="muted" data-testid="credit-balance">Your credits: {balance.data.formatted}</p>
      )}
      {buy.error && <p className="error" role="alert" data-testid="buy-error">{errorText(buy.error)}</p>}
    </aside>
  );
}
