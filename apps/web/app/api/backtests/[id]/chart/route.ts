import { getWebDeps } from "@/server/deps";
import { chartResponse } from "@/server/backtest/http-routes";

export const dynamic = "force-dynamic";

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return chartResponse(getWebDeps(), req, (await params).id);
}
