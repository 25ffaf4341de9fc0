import { requireUser } from "@/server/auth/current-user";
import { Sessions } from "./sessions";
import { LlmProviders } from "./llm-providers";

export default async function AccountPage() {
  const user = await requireUser("/account");
  return (
    <section>
      <h1>Account</h1>
      <p>Signed in as <strong>{user.email}</strong>.</p>
      <Sessions />
      <LlmProviders />
    </section>
  );
}
