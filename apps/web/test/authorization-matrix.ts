import { isTRPCClientError } from "@trpc/client";
import { appRouter } from "../src/server/trpc/app-router";
import { sampleSource, type Api } from "./web-helpers";

/**
 * The pieces of the authorization matrices (ownership, marketplace): each procedure called the
 * way a page would, and what a caller got. The matrices check that they name every procedure.
 */

export type Call = (api: Api) => Promise<unknown>;

/** "OK" or the tRPC error code; subscriptions are read up to their first line. */
export async function outcome(call: () => Promise<unknown>): Promise<string> {
  try {
    const r = await call();
    if (r && typeof r === "object" && Symbol.asyncIterator in r) {
      for await (const _ of r as AsyncIterable<unknown>) break;
    }
    return "OK";
  } catch (e) {
    return isTRPCClientError(e) ? (e.data as { code: string }).code : `threw ${String(e)}`;
  }
}

/** Every procedure of the app router under these routers, e.g. ["strategy", "backtest"]. */
export function proceduresOf(routers: string[]): string[] {
  return Object.keys(appRouter._def.procedures).filter((p) => routers.includes(p.split(".")[0]!)).sort();
}

/** Every strategy and backtest procedure, on one user's strategy, version and run (read when called: tests set them up later). */
export function strategyAndBacktestCalls(ids: () => { strategyId: string; versionId: string; runId: string }): Record<string, Call> {
  const strategyId = () => ids().strategyId;
  const versionId = () => ids().versionId;
  return {
    "strategy.templates": (api) => api.strategy.templates(),
    "strategy.list": (api) => api.strategy.list({}),
    "strategy.create": (api) => api.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } }),
    "strategy.get": (api) => api.strategy.get({ id: strategyId() }),
    "strategy.save": (api) => api.strategy.save({ strategyId: strategyId(), source: sampleSource() + "\n# edit\n" }),
    "strategy.versions": (api) => api.strategy.versions({ id: strategyId() }),
    "strategy.version": (api) => api.strategy.version({ versionId: versionId() }),
    "strategy.rename": (api) => api.strategy.rename({ id: strategyId(), name: "Renamed" }),
    "strategy.delete": (api) => api.strategy.delete({ id: strategyId() }),
    "strategy.restore": (api) => api.strategy.restore({ id: strategyId() }),
    "backtest.options": (api) => api.backtest.options(),
    "backtest.start": (api) => api.backtest.start({ strategyVersionId: versionId(), settings: { pairs: ["BTC/USDT"], timeframe: "5m", timerange: "20240101-20240102" } }),
    "backtest.list": (api) => api.backtest.list({}),
    ...runCalls(() => ids().runId),
  };
}

/** The backtest procedures that take one run. */
export function runCalls(runId: () => string): Record<string, Call> {
  return {
    "backtest.get": (api) => api.backtest.get({ id: runId() }),
    "backtest.cancel": (api) => api.backtest.cancel({ id: runId() }),
    "backtest.result": (api) => api.backtest.result({ id: runId() }),
    "backtest.chart": (api) => api.backtest.chart({ id: runId(), pair: "BTC/USDT" }),
    "backtest.artifact": (api) => api.backtest.artifact({ id: runId(), name: "trades.csv" }),
    "backtest.setNote": (api) => api.backtest.setNote({ id: runId(), note: "a note" }),
    "backtest.compare": (api) => api.backtest.compare({ ids: [runId(), runId()] }),
    "backtest.logs": (api) => api.backtest.logs({ id: runId() }),
  };
}

/** What the owner gets where it is not plain OK (a finished run cannot be cancelled). */
export const OWNER_EXPECT: Record<string, string> = { "backtest.cancel": "CONFLICT" };
/** Strategy and backtest procedures with no object of the owner's in them: anyone signed in may call them, on their own data. */
export const NOT_OWNED_STRATEGY_BACKTEST = ["strategy.templates", "strategy.list", "strategy.create", "backtest.options", "backtest.list"];
