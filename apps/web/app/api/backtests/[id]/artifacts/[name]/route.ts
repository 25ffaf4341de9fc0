import { cookies } from "next/headers";
import { AppError } from "@tradelab/runner/errors";
import { getWebDeps } from "@/server/deps";
import { resolveSession, SESSION_COOKIE } from "@/server/auth/sessions";
import { getRunArtifact } from "@/server/backtest/backtest-service";

export const dynamic = "force-dynamic";

const STATUS: Record<string, number> = { NOT_FOUND: 404, BAD_REQUEST: 400, CONFLICT: 409, FORBIDDEN: 403 };

/** Downloads one artifact of the signed-in user's run. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; name: string }> }) {
  const { id, name } = await params;
  const deps = getWebDeps();
  const user = await resolveSession(deps.prisma, (await cookies()).get(SESSION_COOKIE)?.value);
  if (!user) return new Response("sign in to download artifacts\n", { status: 401 });
  try {
    const a = await getRunArtifact(deps, user.userId, id, decodeURIComponent(name));
    return new Response(Buffer.from(a.base64, "base64"), {
      headers: {
        "content-type": a.contentType,
        "content-disposition": `attachment; filename="${id}-${a.name.replace(/[^\w.-]/g, "_")}"`,
        "cache-control": "private, no-store",
      },
    });
  } catch (e) {
    if (e instanceof AppError) return new Response(`${e.message}\n`, { status: STATUS[e.code] ?? 400 });
    throw e;
  }
}
