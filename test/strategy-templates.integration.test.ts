import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseStrategyParameters } from "@tradelab/contracts";
import { createRunnerClient, waitForBacktestEnd, type RunnerClient } from "../apps/runner/src/api/client.js";
import { getTemplate, listTemplates } from "../apps/web/src/server/strategy/templates.js";
import { startTestRunner } from "./helpers.js";

/**
 * Every template backtests through the real runner on the default (generated) data: one month of
 * BTC/USDT in the template's own timeframe. Non-blank templates trade, their plot_config columns
 * reach the chart, and Freqtrade reports the parameter defaults parseStrategyParameters reads.
 */
describe("strategy templates backtest", () => {
  let env: Awaited<ReturnType<typeof startTestRunner>>;
  let client: RunnerClient;
  const ids = new Map<string, string>();

  beforeAll(async () => {
    env = await startTestRunner();
    client = createRunnerClient(env.runner.url);
    for (const { id, fileName } of listTemplates()) {
      const { source } = getTemplate(id)!;
      const timeframe = /^\s*timeframe\s*=\s*"(\w+)"/m.exec(source)![1]!;
      const request = { strategy: { fileName, source }, pairs: ["BTC/USDT"], timeframe, timerange: "20240101-20240201" };
      ids.set(id, (await client.backtest.enqueue.mutate({ ownerEmail: "templates@example.com", request })).id);
    }
    await Promise.all([...ids.values()].map((id) => waitForBacktestEnd(client, id, { timeoutMs: 600_000 })));
  });
  afterAll(() => env?.stop());

  const storedLog = async (id: string) => {
    const status = await client.backtest.status.query({ id });
    return (await env.runner.ctx.artifacts.get(status.artifacts["log.txt"]!)).toString("utf8");
  };

  it.each(listTemplates().map((t) => t.id))("%s succeeds; it trades unless it is the blank one", async (templateId) => {
    const id = ids.get(templateId)!;
    const status = await client.backtest.status.query({ id });
    expect(status.status, JSON.stringify(status.error)).toBe("SUCCEEDED");
    const trades = status.metrics?.totalTrades ?? 0;
    console.log(`template ${templateId}: ${trades} trades, total profit ${((status.metrics?.profitTotalRatio ?? 0) * 100).toFixed(2)} %`);
    if (templateId === "blank") expect(trades).toBe(0);
    else expect(trades).toBeGreaterThan(0);
  });

  it.each(listTemplates().filter((t) => t.id !== "blank").map((t) => t.id))("%s charts every plot_config column", async (templateId) => {
    const chart = await client.backtest.chart.query({ id: ids.get(templateId)!, pair: "BTC/USDT" });
    const wanted = [...Object.keys(chart.plotConfig.main_plot), ...Object.values(chart.plotConfig.subplots).flatMap((s) => Object.keys(s))];
    expect(wanted.length).toBeGreaterThan(0);
    expect(Object.keys(chart.indicators).sort()).toEqual(expect.arrayContaining(wanted.sort()));
    for (const column of wanted) expect(chart.indicators[column]!.some((v) => v !== null), column).toBe(true);
  });

  it.each(listTemplates().map((t) => t.id))("%s: Freqtrade uses the parameter defaults parseStrategyParameters reads", async (templateId) => {
    const log = await storedLog(ids.get(templateId)!);
    const used = Object.fromEntries([...log.matchAll(/Strategy Parameter\(default\): (\w+) = (\S+)/g)].map((m) => [m[1], m[2]]));
    const parsed = parseStrategyParameters(getTemplate(templateId)!.source);
    expect(parsed.warnings).toEqual([]);
    // as Python prints them: True/False, floats with a decimal point
    const python = (p: (typeof parsed.parameters)[number]) =>
      typeof p.default === "boolean" ? (p.default ? "True" : "False") : p.kind === "decimal" && Number.isInteger(p.default) ? `${p.default}.0` : String(p.default);
    expect(used).toEqual(Object.fromEntries(parsed.parameters.map((p) => [p.name, python(p)])));
    // and the template itself causes no Python warnings (deprecated imports, pandas)
    expect(log).not.toMatch(/FutureWarning|DeprecationWarning|SettingWithCopyWarning|PerformanceWarning/);
  });
});
