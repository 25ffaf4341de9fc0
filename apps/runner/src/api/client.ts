import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from "@trpc/client";
import { EventSource } from "eventsource";
import { isTerminalStatus } from "@tradelab/contracts";
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

/** Polls a backtest until it has finished (any terminal status) and returns its final view. */
export async function waitForBacktestEnd(client: RunnerClient, id: string, opts: { intervalMs?: number; timeoutMs?: number } = {}) {
  const { intervalMs = 250, timeoutMs = Infinity } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await client.backtest.status.query({ id });
    if (isTerminalStatus(s.status)) return s;
    if (Date.now() > deadline) throw new Error(`backtest ${id} did not finish within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
export type { RunnerRouter };
