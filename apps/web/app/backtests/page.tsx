import { requireUser } from "@/server/auth/current-user";
import { RunHistory } from "@/components/ide/run-history";

export default async function RunsPage() {
  await requireUser("/backtests");
  return (
    <section>
      <h1>Runs</h1>
      <RunHistory />
    </section>
  );
}
