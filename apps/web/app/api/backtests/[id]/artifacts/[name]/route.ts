import { getWebDeps } from "@/server/deps";
import { artifactResponse } from "@/server/backtest/http-routes";

export const dynamic = "force-dynamic";

/** Downloads one artifact of the signed-in user's run. */
export async function GET(req: Request, { params }: { params: Promise<{ id: string; name: string }> }) {
  const { id, name } = await params;
  return artifactResponse(getWebDeps(), req, id, decodeURIComponent(name));
}
