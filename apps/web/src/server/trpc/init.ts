import { initTRPC, TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { AppError } from "@tradelab/runner/errors";
import { readCookie, resolveSession, SESSION_COOKIE, type SessionUser } from "../auth/sessions";
import type { WebDeps } from "../deps";

export interface WebContext {
  deps: WebDeps;
  user: SessionUser | null;
  userAgent: string | null;
  /** Sets a response cookie (the session); only meaningful for HTTP requests. */
  setCookie: (value: string) => void;
  secure: boolean;
}

/** Context for one HTTP request: the session from the cookie, a way to set cookies on the response. */
export async function createWebContext(deps: WebDeps, req: Request, resHeaders: Headers): Promise<WebContext> {
  const token = readCookie(req.headers.get("cookie"), SESSION_COOKIE);
  const forwardedProto = req.headers.get("x-forwarded-proto");
  return {
    deps,
    user: await resolveSession(deps.prisma, token),
    userAgent: req.headers.get("user-agent"),
    setCookie: (value) => resHeaders.append("Set-Cookie", value),
    secure: forwardedProto ? forwardedProto === "https" : new URL(req.url).protocol === "https:",
  };
}

const t = initTRPC.context<WebContext>().create({
  errorFormatter: ({ shape, error }) => ({
    ...shape,
    message: error.cause instanceof ZodError ? error.cause.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ") : shape.message,
    // Server-side stack traces stay on the server.
    data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
  }),
});

/** Domain modules throw AppError; this maps it to the tRPC code in one place. */
const mapDomainErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    throw new TRPCError({ code: result.error.cause.code, message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapDomainErrors);

/** Everything a user owns goes through this: no session, no access. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "sign in to continue" });
  return next({ ctx: { ...ctx, user: ctx.user } });
});
