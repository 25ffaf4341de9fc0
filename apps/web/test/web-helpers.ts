import { readFileSync } from "node:fs";
import { startTestRunner, exampleStrategyPath } from "../../../test/helpers.js";
import { createRunnerClient } from "@tradelab/runner/client";
import { appRouter } from "../src/server/trpc/app-router";
import { createCallerFactory, type WebContext } from "../src/server/trpc/init";
import { readCookie, resolveSession, SESSION_COOKIE, type SessionUser } from "../src/server/auth/sessions";
import type { WebDeps } from "../src/server/deps";

const createCaller = createCallerFactory(appRouter);

/** A real runner (real PostgreSQL, Docker, Freqtrade) and the web app's router over it. */
export async function startWebTestEnv(opts: { startWorkers?: boolean } = {}) {
  const env = await startTestRunner({ startWorkers: opts.startWorkers ?? true });
  const deps: WebDeps = { prisma: env.runner.prisma, runner: createRunnerClient(env.runner.url) };

  /** A caller as the given browser: null = signed out. Set-Cookie headers land in `cookies`. */
  const as = (user: SessionUser | null, cookies: string[] = []) => {
    const ctx: WebContext = { deps, user, userAgent: "vitest", secure: false, setCookie: (v) => cookies.push(v) };
    return createCaller(ctx);
  };

  /** Signs a new user up through the router and returns a caller holding that session. */
  const signUp = async (email: string, password = "correct horse battery") => {
    const cookies: string[] = [];
    await as(null, cookies).auth.signUp({ email, password });
    const token = readCookie(cookies[0]!.split(";")[0], SESSION_COOKIE);
    const user = (await resolveSession(deps.prisma, token))!;
    return { user, token: token!, api: as(user) };
  };
  return { env, deps, as, signUp, stop: () => env.stop() };
}

export const sampleSource = () => readFileSync(exampleStrategyPath("SampleStrategy.py"), "utf8");
