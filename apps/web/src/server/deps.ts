import path from "node:path";
import { loadOrCreateSecretKey } from "@tradelab/assistant";
import { createPrismaClient, type PrismaClient } from "@tradelab/db/client";
import { createRunnerClient, DEFAULT_RUNNER_URL, type RunnerClient } from "@tradelab/runner/client";

/** What the web app's domain modules need; tests build their own against a test database and runner. */
export interface WebDeps {
  prisma: PrismaClient;
  runner: RunnerClient;
  /** The runner's HTTP address, for responses streamed straight through (charts). */
  runnerUrl: string;
  /** The key that encrypts stored secrets (LLM API keys); kept outside the database. */
  secretKey: () => Buffer;
}

const globalForDeps = globalThis as unknown as { tradelabWebDeps?: WebDeps };

/** One Prisma client and one runner client per server process. */
export function getWebDeps(): WebDeps {
  if (!globalForDeps.tradelabWebDeps) {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set: start the platform with `npm start`, which starts PostgreSQL and sets it");
    const runnerUrl = process.env.RUNNER_URL ?? DEFAULT_RUNNER_URL;
    // TRADELAB_SECRET_KEY wins; otherwise a key file made on first use next to the platform's data.
    const keyFile = path.join(process.env.TRADELAB_DATA_DIR ?? path.resolve(process.cwd(), "../../.data"), "secret.key");
    let key: Buffer | null = null;
    globalForDeps.tradelabWebDeps = {
      prisma: createPrismaClient(url),
      runner: createRunnerClient(runnerUrl),
      runnerUrl,
      secretKey: () => (key ??= loadOrCreateSecretKey(keyFile)),
    };
  }
  return globalForDeps.tradelabWebDeps;
}
