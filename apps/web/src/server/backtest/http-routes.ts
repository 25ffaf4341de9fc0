import { AppError } from "@tradelab/runner/errors";
import { pairSchema } from "@tradelab/contracts";
import { readCookie, resolveSession, SESSION_COOKIE } from "../auth/sessions";
import type { WebDeps } from "../deps";
import { getRunArtifact, ownedBacktest } from "./backtest-service";

/**
 * Plain HTTP routes of a run, beside tRPC: file downloads, and the chart data, which is large
 * (≈10 MB for a year of 5m candles) and is streamed from the runner without being parsed and
 * re-serialized here. Both check the session and ownership first.
 */

const STATUS: Record<string, number> = { BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409 };
const text = (status: number, message: string) => new Response(`${message}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

async function withOwnedRun(deps: WebDeps, req: Request, id: string, fn: (userId: string) => Promise<Response>): Promise<Response> {
  const user = await resolveSession(deps.prisma, readCookie(req.headers.get("cookie"), SESSION_COOKIE));
  if (!user) return text(401, "sign in to continue");
  try {
    await ownedBacktest(deps.prisma, user.userId, id);
    return await fn(user.userId);
  } catch (e) {
    if (e instanceof AppError) return text(STATUS[e.code] ?? 400, e.message);
    throw e;
  }
}

/** GET …/artifacts/<name>: the file, as an attachment. */
export function artifactResponse(deps: WebDeps, req: Request, id: string, name: string) {
  return withOwnedRun(deps, req, id, async (userId) => {
    const a = await getRunArtifact(deps, userId, id, name);
    return new Response(Buffer.from(a.base64, "base64"), {
      headers: {
        "content-type": a.contentType,
        "content-disposition": `attachment; filename="${id}-${a.name.replace(/[^\w.-]/g, "_")}"`,
        "cache-control": "private, no-store",
      },
    });
  });
}

/** GET …/chart?pair=BTC/USDT: the runner's `backtest.chart` answer (`{result: {data: PairChart}}` or `{error}`), streamed through. */
export function chartResponse(deps: WebDeps, req: Request, id: string) {
  return withOwnedRun(deps, req, id, async () => {
    const pair = pairSchema.safeParse(new URL(req.url).searchParams.get("pair"));
    if (!pair.success) return text(400, `pair: ${pair.error.issues[0]?.message ?? "missing"}`);
    const upstream = await fetch(`${deps.runnerUrl}/backtest.chart?input=${encodeURIComponent(JSON.stringify({ id, pair: pair.data }))}`).catch(() => null);
    if (!upstream) return text(503, "the backtest runner is not reachable; is the platform running?");
    return new Response(upstream.body, { status: upstream.status, headers: { "content-type": "application/json", "cache-control": "private, max-age=3600" } });
  });
}
