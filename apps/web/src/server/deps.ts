import { createPrismaClient, type PrismaClient } from "@tradelab/db/client";
import { createRunnerClient, type RunnerClient } from "@tradelab/runner/client";

/** What the web app's domain modules need; tests build their own against a test database and runner. */
export interface WebDeps {
  prisma: PrismaClient;
  runner: RunnerClient;
}

const globalForDeps = globalThis as unknown as { tradelabWebDeps?: WebDeps };

/** One Prisma client and one runner client per server process. */
export function getWebDeps(): WebDeps {
  if (!globalForDeps.tradelabWebDeps) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the platform with `npm start`, which starts PostgreSQL and sets it");
    globalForDeps.tradelabWebDeps = { prisma: createPrismaClient(url), runner: createRunnerClient() };
  }
  return globalForDeps.tradelabWebDeps;
}
