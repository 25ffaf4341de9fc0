import { currentUser } from "@/server/auth/current-user";
import { ListingPage } from "@/components/marketplace/listing-page";

/** Public for published listings; the API decides what each viewer may see of it. */
export default async function MarketplaceListingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser().catch(() => null);
  return <ListingPage listingId={id} signedIn={user !== null} />;
}
