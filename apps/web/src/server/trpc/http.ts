import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { WebDeps } from "../deps";
import { appRouter } from "./app-router";
import { createWebContext } from "./init";

/** The web app's tRPC endpoint for one HTTP request (used by the Next route and by the tests). */
export function handleTrpcRequest(deps: WebDeps, req: Request) {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createWebContext(deps, req, resHeaders),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[web] tRPC ${path}:`, error.cause ?? error);
    },
  });
}
