import { preload } from "react-dom";
import { requireUser } from "@/server/auth/current-user";
import { getWebDeps } from "@/server/deps";
import { BacktestResults } from "@/components/backtest/backtest-results";
import { chartUrl } from "@/components/backtest/chart-url";

export default async function BacktestPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/backtests/${id}`);
  const row = await getWebDeps().prisma.backtest.findUnique({ where: { id }, select: { ownerId: true, status: true, request: true } });
  const firstPair = row?.ownerId === user.userId && row.status === "SUCCEEDED" ? (row.request as { pairs: string[] }).pairs[0] : undefined;
  // The chart data is the biggest thing on the page: the browser starts fetching it while it
  // parses the HTML, and the page's own fetch of the same URL picks the response up.
  if (firstPair) preload(chartUrl(id, firstPair), { as: "fetch", crossOrigin: "anonymous" });
  return <BacktestResults runId={id} initialPair={firstPair ?? null} />;
}
