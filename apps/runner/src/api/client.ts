import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import type { RunnerRouter } from "./router.js";

export const DEFAULT_RUNNER_URL = `http://127.0.0.1:${process.env.RUNNER_PORT ?? 4100}`;

/** The typed client the CLI and the web app use to talk to the runner. */
export function createRunnerClient(url = process.env.RUNNER_URL ?? DEFAULT_RUNNER_URL) {
  return createTRPCClient<RunnerRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === "subscription",
        true: httpSubscriptionLink({ url, EventSource }),
        false: httpBatchLink({ url }),
      }),
    ],
  });
}
export type RunnerClient = ReturnType<typeof createRunnerClient>;
export type { RunnerRouter };
