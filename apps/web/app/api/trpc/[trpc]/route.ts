import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/app-router";
import { createWebContext } from "@/server/trpc/init";
import { getWebDeps } from "@/server/deps";

export const dynamic = "force-dynamic";

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createWebContext(getWebDeps(), req, resHeaders),
    onError: ({ error, path }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[web] tRPC ${path}:`, error.cause ?? error);
    },
  });

export { handler as GET, handler as POST };
