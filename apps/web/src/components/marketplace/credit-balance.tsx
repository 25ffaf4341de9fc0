"use client";
import Link from "next/link";
import { trpc } from "@/client/trpc";

/** The account page's line about marketplace credits. */
export function CreditBalance() {
  const balance = trpc.marketplace.balance.useQuery();
  return (
    <section data-testid="account-credits">
      <h2>Marketplace credits</h2>
      {balance.error ? <p className="error">{balance.error.message}</p> : (
        <p>Balance: <strong>{balance.data?.formatted ?? "…"}</strong> · <Link href="/account/credits">Ledger</Link> · <Link href="/marketplace/sell">Selling</Link></p>
      )}
    </section>
  );
}
