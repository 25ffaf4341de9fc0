import { requireUser } from "@/server/auth/current-user";
import { BacktestResults } from "@/components/backtest/backtest-results";

export default async function BacktestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  await requireUser(`/backtests/${id}`);
  return <BacktestResults runId={id} />;
}
