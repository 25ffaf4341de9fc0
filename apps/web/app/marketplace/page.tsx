import { Suspense } from "react";
import { MarketplaceSearch } from "@/components/marketplace/marketplace-search";

export const metadata = { title: "Marketplace — TradeLab" };

/** Public: anyone can search; buying needs an account. */
export default function MarketplacePage() {
  // The search reads its filters from the URL query, which is only known in the browser here.
  return (
    <Suspense fallback={<div className="skeleton" style={{ height: 400 }} />}>
      <MarketplaceSearch />
    </Suspense>
  );
}
