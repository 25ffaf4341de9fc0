import { requireUser } from "@/server/auth/current-user";
import { EditListing } from "@/components/marketplace/listing-text-form";

export default async function EditListingPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/marketplace/${id}/edit`);
  return (
    <section>
      <h1>Edit listing</h1>
      <p className="muted">The text, tags and price can change; the licence and the verified figures cannot.</p>
      <EditListing listingId={id} />
    </section>
  );
}
