import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createTRPCClient, httpLink, httpSubscriptionLink, isTRPCClientError, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import { startTestRunner, exampleStrategyPath } from "../../../test/helpers.js";
import { createRunnerClient } from "@tradelab/runner/client";
import { appRouter, type AppRouter } from "../src/server/trpc/app-router";
import { handleTrpcRequest } from "../src/server/trpc/http";
import { readCookie, SESSION_COOKIE } from "../src/server/auth/sessions";
import type { WebDeps } from "../src/server/deps";

const ORIGIN = "http://web.test";

/**
 * A browser of the web API: real HTTP requests and responses (cookies, status codes, the error
 * formatter), served in process by the same handler as the Next route.
 */
function browser(deps: WebDeps) {
  const jar = { token: null as string | null };
  const fetchViaHandler = async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    if (jar.token) req.headers.set("cookie", `${SESSION_COOKIE}=${jar.token}`);
    const res = await handleTrpcRequest(deps, req);
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) jar.token = readCookie(setCookie.split(";")[0], SESSION_COOKIE) || null;
    return res;
  };
  const client = createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url: `${ORIGIN}/api/trpc`, EventSource, eventSourceOptions: { fetch: fetchViaHandler } }),
        false: httpLink({ url: `${ORIGIN}/api/trpc`, fetch: fetchViaHandler }),
      }),
    ],
  });
  return { client, jar, fetch: fetchViaHandler };
}

type Client = ReturnType<typeof browser>["client"];
type Procedures = AppRouter["_def"]["record"];
/** `api.strategy.get(input)` for `client.strategy.get.query(input)` and friends: tests read like the calls a page makes. */
export type Api = {
  [R in keyof Procedures]: {
    [P in keyof Procedures[R]]: Procedures[R][P] extends { _def: { $types: { input: infer I; output: infer O }; type: infer T } }
      ? T extends "subscription"
        ? (input: I) => Promise<AsyncIterable<O extends AsyncIterable<infer U> ? U : never>>
        : (input?: I) => Promise<O>
      : never;
  };
};

function asApi(client: Client): Api {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: "query" | "mutation" | "subscription" } }>;
  return new Proxy({} as Api, {
    get: (_, router: string) =>
      new Proxy({}, {
        get: (__, name: string) => (input: unknown) => {
          const path = `${router}.${name}`;
          const type = procedures[path]?._def.type;
          const proc = (client as unknown as Record<string, Record<string, Record<string, (i: unknown, o?: unknown) => unknown>>>)[router]![name]!;
          if (type === "query") return proc.query!(input);
          if (type === "mutation") return proc.mutate!(input);
          return subscriptionToIterable((opts) => proc.subscribe!(input, opts) as { unsubscribe(): void });
        },
      }),
  });
}

/** The first error, or every value until the server ends the stream. */
async function subscriptionToIterable(subscribe: (opts: object) => { unsubscribe(): void }): Promise<AsyncIterable<unknown>> {
  const values: unknown[] = [];
  let error: unknown = null;
  await new Promise<void>((resolve) => {
    const sub = subscribe({
      onData: (v: unknown) => values.push(v),
      onError: (e: unknown) => { error = e; sub.unsubscribe(); resolve(); },
      onComplete: () => resolve(),
      onStopped: () => resolve(),
    });
  });
  if (error) throw error;
  return (async function* () { yield* values; })();
}

/** "CODE: message" of a failed call, as the browser receives it. */
export async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (isTRPCClientError(e)) return `${(e.data as { code: string }).code}: ${e.message}`;
    throw e;
  }
  throw new Error("expected the call to fail");
}

/** A real runner (real PostgreSQL, Docker, Freqtrade) and the web app's API over it. */
export async function startWebTestEnv(opts: { startWorkers?: boolean } = {}) {
  const env = await startTestRunner({ startWorkers: opts.startWorkers ?? true });
  const secretKey = randomBytes(32);
  const deps: WebDeps = { prisma: env.runner.prisma, runner: createRunnerClient(env.runner.url), runnerUrl: env.runner.url, secretKey: () => secretKey };

  /** A new signed-out browser. */
  const anonymous = () => {
    const b = browser(deps);
    return { api: asApi(b.client), jar: b.jar, fetch: b.fetch };
  };
  /** Signs a new user up and returns that signed-in browser. */
  const signUp = async (email: string, password = "correct horse battery") => {
    const b = anonymous();
    await b.api.auth.signUp({ email, password });
    return { ...b, token: b.jar.token! };
  };
  return { env, deps, anonymous, signUp, stop: () => env.stop() };
}

export const sampleSource = () => readFileSync(exampleStrategyPath("SampleStrategy.py"), "utf8");
