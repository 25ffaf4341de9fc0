import Link from "next/link";
import { requireUser } from "@/server/auth/current-user";
import { ListingTextForm } from "@/components/marketplace/listing-text-form";

/** Reached from the editor's Publish button, with the version to list. */
export default async function NewListingPage({ searchParams }: { searchParams: Promise<{ versionId?: string | string[] }> }) {
  const { versionId } = await searchParams;
  await requireUser(`/marketplace/sell/new${typeof versionId === "string" ? `?versionId=${encodeURIComponent(versionId)}` : ""}`);
  return (
    <section>
      <h1>Publish a strategy</h1>
      {typeof versionId === "string" && versionId ? (
        <ListingTextForm mode="new" versionId={versionId} />
      ) : (
        <p className="error">No strategy version was chosen: open one of <Link href="/strategies">your strategies</Link> and press Publish in the editor.</p>
      )}
    </section>
  );
}
