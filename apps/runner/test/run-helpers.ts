import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect } from "vitest";
import type { BacktestRequestInput } from "@tradelab/contracts";
import { waitForBacktestEnd, type RunnerClient } from "../src/api/client.js";
import { brokenStrategyPath, exampleStrategyPath, hostileStrategyPath } from "../../../test/helpers.js";

const strategyPaths = { example: exampleStrategyPath, hostile: hostileStrategyPath, broken: brokenStrategyPath };

export async function strategyFile(kind: keyof typeof strategyPaths, name: string) {
  const file = strategyPaths[kind](name);
  return { fileName: path.basename(file), source: await readFile(file, "utf8") };
}

/** A short backtest request: two months of BTC/USDT 5m unless overridden. */
export async function sampleRequest(overrides: Partial<BacktestRequestInput> = {}): Promise<BacktestRequestInput> {
  return {
    strategy: await strategyFile("example", "SampleStrategy.py"),
    pairs: ["BTC/USDT"],
    timeframe: "5m",
    timerange: "20240101-20240301",
    ...overrides,
  };
}

export const waitForTerminal = (client: RunnerClient, id: string, timeoutMs = 600_000) => waitForBacktestEnd(client, id, { timeoutMs });

export async function submitAndWait(client: RunnerClient, request: BacktestRequestInput, timeoutMs?: number) {
  const { id } = await client.backtest.enqueue.mutate({ ownerEmail: "tester@example.com", request });
  return waitForTerminal(client, id, timeoutMs);
}

export function expectFailure(s: { status: string; error: { kind: string; message: string } | null }, status: string, kind: string, message: RegExp) {
  expect({ status: s.status, kind: s.error?.kind }).toEqual({ status, kind });
  expect(s.error?.message).toMatch(message);
}
