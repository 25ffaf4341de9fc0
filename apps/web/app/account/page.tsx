import { requireUser } from "@/server/auth/current-user";
import { Sessions } from "./sessions";
import { LlmProviders } from "./llm-providers";
import { CreditBalance } from "@/components/marketplace/credit-balance";

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <section>
      <h1>Account</h1>
      <p>Signed in as <strong>{user.email}</strong>.</p>
      <CreditBalance />
      <Sessions />
      <LlmProviders />
    </section>
  );
}
