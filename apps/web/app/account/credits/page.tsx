import Link from "next/link";
import { requireUser } from "@/server/auth/current-user";
import { CreditLedger } from "@/components/marketplace/credit-ledger";

export default async function CreditsPage() {
  await requireUser("/account/credits");
  return (
    <section>
      <div className="muted"><Link href="/account">Account</Link> ›</div>
      <h1>Marketplace credits</h1>
      <p className="muted">Credits pay for marketplace listings; sales of your listings add to them, less the platform fee.</p>
      <CreditLedger />
    </section>
  );
}
