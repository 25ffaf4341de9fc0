import { requireUser } from "@/server/auth/current-user";
import { CompareRuns } from "@/components/backtest/compare-runs";

export default async function ComparePage({ searchParams }: { searchParams: Promise<{ ids?: string }> }) {
  const { ids } = await searchParams;
  await requireUser(`/compare${ids ? `?ids=${ids}` : ""}`);
  return <CompareRuns ids={(ids ?? "").split(",").filter(Boolean)} />;
}
