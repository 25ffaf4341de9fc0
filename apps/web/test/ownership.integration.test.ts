import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForBacktestEnd } from "@tradelab/runner/client";
import { appRouter } from "../src/server/trpc/app-router";
import { sampleSource, startWebTestEnv, type Api } from "./web-helpers";
import { artifactResponse, chartResponse } from "../src/server/backtest/http-routes";
import { NOT_OWNED_STRATEGY_BACKTEST, OWNER_EXPECT, outcome, strategyAndBacktestCalls } from "./authorization-matrix";

describe("a user sees and touches only their own strategies and runs", () => {
  let t: Awaited<ReturnType<typeof startWebTestEnv>>;
  let owner: Api, other: Api, anonymous: Api;
  let ownerToken: string, otherToken: string;
  let strategyId: string, versionId: string, runId: string, providerId: string;

  beforeAll(async () => {
    t = await startWebTestEnv();
    ({ api: owner, token: ownerToken } = await t.signUp("owner@example.com"));
    ({ api: other, token: otherToken } = await t.signUp("other@example.com"));
    anonymous = t.anonymous().api;
    const created = await owner.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } });
    strategyId = created.id;
    versionId = created.versionId;
    const run = await owner.backtest.start({
      strategyVersionId: versionId,
      settings: { pairs: ["BTC/USDT"], timeframe: "5m", timerange: "20240101-20240115" },
    });
    runId = run.id;
    providerId = (await owner.chat.saveProvider({ name: "Mine", kind: "openai", baseUrl: "http://127.0.0.1:9/v1", model: "m", apiKey: "sk-secret" })).id;
    const end = await waitForBacktestEnd(t.deps.runner, runId, { timeoutMs: 240_000 });
    expect(end.status).toBe("SUCCEEDED");
  });
  afterAll(() => t?.stop());

  /** Every procedure of the web router, called the way a page would, on the owner's objects. */
  const calls: Record<string, (api: Api) => Promise<unknown>> = {
    "auth.sessions": (api) => api.auth.sessions(),
    "auth.revokeSession": (api) => api.auth.revokeSession({ sessionId: "nonexistent" }),
    "auth.revokeOtherSessions": (api) => api.auth.revokeOtherSessions(),
    ...strategyAndBacktestCalls(() => ({ strategyId, versionId, runId })),
    "chat.conversations": (api) => api.chat.conversations({ strategyId }),
    "chat.conversation": (api) => api.chat.conversation({ strategyId }),
    "chat.send": (api) => api.chat.send({ strategyId, text: "explain this strategy" }),
    "chat.providers": (api) => api.chat.providers(),
    "chat.saveProvider": (api) => api.chat.saveProvider({ name: "Local llama", kind: "openai", baseUrl: "http://localhost:11434/v1", model: "llama3.1" }),
    "chat.deleteProvider": (api) => api.chat.deleteProvider({ id: providerId }),
  };
  /** Procedures with no object of the owner's in them: another user may call them, on their own data. */
  const notOwned = new Set(["auth.sessions", "auth.revokeSession", "auth.revokeOtherSessions", ...NOT_OWNED_STRATEGY_BACKTEST, "chat.providers", "chat.saveProvider"]);
  const publicProcedures = new Set(["auth.me", "auth.signUp", "auth.signIn"]);

  it("the matrix covers every procedure of the router", () => {
    // The marketplace has its own matrix (marketplace-authorization), with buyers and admins.
    const all = Object.keys(appRouter._def.procedures).filter((p) => !publicProcedures.has(p) && p !== "auth.signOut" && !p.startsWith("marketplace."));
    expect(Object.keys(calls).sort()).toEqual(all.sort());
  });

  it("anonymous callers are refused everywhere", async () => {
    for (const [name, call] of Object.entries(calls)) expect([name, await outcome(() => call(anonymous))]).toEqual([name, "UNAUTHORIZED"]);
    expect(await outcome(() => anonymous.auth.signOut())).toBe("UNAUTHORIZED");
  });

  it("another user gets NOT_FOUND for every object of the owner's, and lists show none of them", async () => {
    for (const [name, call] of Object.entries(calls)) {
      if (notOwned.has(name)) continue;
      expect([name, await outcome(() => call(other))]).toEqual([name, "NOT_FOUND"]);
    }
    expect((await other.strategy.list({})).items.map((s) => s.id)).not.toContain(strategyId);
    expect((await other.backtest.list({})).items).toEqual([]);
    // Nothing changed for the owner.
    const s = await owner.strategy.get({ id: strategyId });
    expect(s.name).toBe("SampleStrategy");
    expect(s.head.id).toBe(versionId);
    expect((await owner.backtest.get({ id: runId })).note).toBeNull();
  });

  it("the owner may call every procedure", async () => {
    for (const [name, call] of Object.entries(calls)) {
      if (name === "strategy.delete" || name === "strategy.restore") continue; // below, in order
      expect([name, await outcome(() => call(owner))]).toEqual([name, OWNER_EXPECT[name] ?? "OK"]);
    }
    expect(await outcome(() => owner.strategy.delete({ id: strategyId }))).toBe("OK");
    expect(await outcome(() => owner.strategy.get({ id: strategyId }))).toBe("NOT_FOUND");
    expect(await outcome(() => owner.strategy.restore({ id: strategyId }))).toBe("OK");
    expect((await owner.strategy.get({ id: strategyId })).name).toBe("Renamed");
  });

  it("the download and chart routes answer only the owner", async () => {
    const req = (path: string, token: string | null) => new Request(`http://web.test${path}`, { headers: token ? { cookie: `tradelab_session=${token}` } : {} });
    const chartPath = `/api/backtests/${runId}/chart?pair=BTC%2FUSDT`;
    const csvPath = `/api/backtests/${runId}/artifacts/trades.csv`;
    for (const [token, status] of [[null, 401], [otherToken, 404]] as const) {
      expect((await chartResponse(t.deps, req(chartPath, token), runId)).status).toBe(status);
      expect((await artifactResponse(t.deps, req(csvPath, token), runId, "trades.csv")).status).toBe(status);
    }
    const chart = await chartResponse(t.deps, req(chartPath, ownerToken), runId);
    expect(chart.status).toBe(200);
    const body = await chart.json();
    expect(body.result.data.pair).toBe("BTC/USDT");
    expect(body.result.data.candles.t.length).toBe(14 * 288 + 1);
    const csv = await artifactResponse(t.deps, req(csvPath, ownerToken), runId, "trades.csv");
    expect(csv.headers.get("content-disposition")).toContain(`${runId}-trades.csv`);
    expect((await csv.text()).split("\n")[0]).toContain("pair");
    expect((await chartResponse(t.deps, req(`/api/backtests/${runId}/chart?pair=NOPE`, ownerToken), runId)).status).toBe(400);
  });
});
