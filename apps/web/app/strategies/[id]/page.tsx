import { requireUser } from "@/server/auth/current-user";
import { StrategyIde } from "@/components/ide/strategy-ide";

export default async function StrategyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/strategies/${id}`);
  return <StrategyIde strategyId={id} />;
}
