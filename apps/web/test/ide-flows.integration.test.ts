import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForBacktestEnd } from "@tradelab/runner/client";
import { failure, sampleSource, startWebTestEnv, type Api } from "./web-helpers";
const settings = (timerange = "20240101-20240201") => ({ pairs: ["BTC/USDT"], timeframe: "5m" as const, timerange });

describe("strategies, versions and runs through the web API", () => {
  let t: Awaited<ReturnType<typeof startWebTestEnv>>;
  let api: Api;
  beforeAll(async () => {
    t = await startWebTestEnv();
    api = (await t.signUp("trader@example.com")).api;
  });
  afterAll(() => t?.stop());

  it("refuses an upload that is not a strategy, naming the problem, and creates nothing", async () => {
    expect(await failure(api.strategy.create({ upload: { fileName: "x.py", source: "print('hello')\n" } }))).toMatch(/BAD_REQUEST: .*no strategy class found/);
    expect(await failure(api.strategy.create({ upload: { fileName: "x.py", source: "#".repeat(300 * 1024) } }))).toMatch(/BAD_REQUEST: .*too large: 300 KiB, the limit is 256 KiB/);
    expect(await failure(api.strategy.create({ upload: { fileName: "../evil.py", source: sampleSource() } }))).toMatch(/BAD_REQUEST: .*file name must look like MyStrategy.py/);
    expect(await failure(api.strategy.create({ templateId: "no-such-template" }))).toMatch(/NOT_FOUND: there is no template "no-such-template"/);
    expect((await api.strategy.list({})).items).toEqual([]);
  });

  it("saves immutable versions; saving identical text changes nothing; restoring an old text makes it current again", async () => {
    const s = await api.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } });
    expect((await api.strategy.get({ id: s.id })).head).toMatchObject({ number: 1, className: "SampleStrategy" });
    const v2 = await api.strategy.save({ strategyId: s.id, source: sampleSource().replace("stoploss = -0.10", "stoploss = -0.05"), message: "tighter stop" });
    expect(v2).toMatchObject({ number: 2, created: true, unchanged: false });
    expect(await api.strategy.save({ strategyId: s.id, source: sampleSource().replace("stoploss = -0.10", "stoploss = -0.05") })).toMatchObject({ number: 2, created: false, unchanged: true });
    const restored = await api.strategy.save({ strategyId: s.id, source: sampleSource() });
    expect(restored).toMatchObject({ number: 1, created: false, unchanged: false });
    const head = await api.strategy.get({ id: s.id });
    expect(head.head.number).toBe(1);
    expect(head.head.source).toBe(sampleSource());
    const versions = await api.strategy.versions({ id: s.id });
    expect(versions.map((v) => [v.number, v.isHead, v.message])).toEqual([[2, false, "tighter stop"], [1, true, "created"]]);
    expect((await api.strategy.version({ versionId: v2.versionId })).source).toContain("stoploss = -0.05");
    // The parameters shown in the run form come from the source.
    expect(head.parameters.parameters.map((p) => `${p.name}:${p.kind}:${"low" in p ? `${p.low}-${p.high}` : ""}`)).toEqual(["buy_rsi:int:10-40", "sell_rsi:int:60-90", "buy_ema_gap:decimal:0.9-1.1"]);
  });

  it("a second strategy with the same class gets a distinct name; lists page through", async () => {
    for (let i = 0; i < 3; i++) await api.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } });
    const first = await api.strategy.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const rest = await api.strategy.list({ limit: 10, cursor: first.nextCursor! });
    const names = [...first.items, ...rest.items].map((s) => s.name).sort();
    expect(names).toEqual(["SampleStrategy", "SampleStrategy (2)", "SampleStrategy (3)", "SampleStrategy (4)"]);
    expect(rest.nextCursor).toBeNull();
    expect(await failure(api.strategy.rename({ id: first.items[0]!.id, name: "SampleStrategy" }))).toMatch(/CONFLICT: you already have a strategy named "SampleStrategy"/);
  });

  it("checks parameter values against the strategy before queueing anything", async () => {
    const s = await api.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } });
    const before = await t.deps.prisma.backtest.count();
    expect(await failure(api.backtest.start({ strategyVersionId: s.versionId, settings: { ...settings(), params: { buy_rsi: 55 } } }))).toMatch(/BAD_REQUEST: buy_rsi must be between 10 and 40, got 55/);
    expect(await failure(api.backtest.start({ strategyVersionId: s.versionId, settings: { ...settings(), params: { nope: 1 } } }))).toMatch(/BAD_REQUEST: unknown parameter nope/);
    expect(await failure(api.backtest.start({ strategyVersionId: s.versionId, settings: { ...settings(), pairs: ["NOPE/USDT"] } }))).toMatch(/BAD_REQUEST: .*NOPE\/USDT/);
    expect(await t.deps.prisma.backtest.count()).toBe(before);
  });

  it("runs a version with chosen parameters: result, chart with trades, artifacts, log, note, comparison", async () => {
    const s = await api.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } });
    const a = await api.backtest.start({ strategyVersionId: s.versionId, settings: settings() });
    const b = await api.backtest.start({ strategyVersionId: s.versionId, settings: { ...settings(), params: { buy_rsi: 40, sell_rsi: 60 } } });
    expect(a.queuePosition).toBeGreaterThanOrEqual(1);
    for (const id of [a.id, b.id]) expect((await waitForBacktestEnd(t.deps.runner, id, { timeoutMs: 300_000 })).status).toBe("SUCCEEDED");

    const [ra, rb] = [await api.backtest.result({ id: a.id }), await api.backtest.result({ id: b.id })];
    expect(ra.metrics.totalTrades).toBeGreaterThan(0);
    // Wider RSI thresholds trade more: the parameters reached the strategy.
    expect(rb.metrics.totalTrades).toBeGreaterThan(ra.metrics.totalTrades);

    const chart = await api.backtest.chart({ id: a.id, pair: "BTC/USDT" });
    expect(chart.candles.t[0]).toBe(Date.UTC(2024, 0, 1));
    expect(chart.candles.t.length).toBe(31 * 288 + 1); // Freqtrade's timerange includes the candle at its end
    expect(chart.candles.t.at(-1)).toBe(Date.UTC(2024, 1, 1));
    expect(chart.trades).toHaveLength(ra.metrics.totalTrades);

    const csv = await api.backtest.artifact({ id: a.id, name: "trades.csv" });
    const lines = Buffer.from(csv.base64, "base64").toString("utf8").trim().split("\n");
    expect(lines).toHaveLength(ra.metrics.totalTrades + 1);
    expect(csv.contentType).toBe("text/csv");
    expect(await failure(api.backtest.artifact({ id: a.id, name: "secret.txt" }))).toMatch(/NOT_FOUND: .*has no artifact "secret.txt"/);

    const logLines: string[] = [];
    for await (const l of await api.backtest.logs({ id: a.id })) logLines.push(l.line);
    expect(logLines.join("\n")).toMatch(/backtesting/i);

    await api.backtest.setNote({ id: a.id, note: "baseline" });
    const runs = await api.backtest.list({ strategyId: s.id });
    expect(runs.items.map((r) => [r.id, r.versionNumber, r.note])).toEqual([[b.id, 1, null], [a.id, 1, "baseline"]]);

    const cmp = await api.backtest.compare({ ids: [a.id, b.id] });
    expect(cmp.map((r) => r.metrics.totalTrades)).toEqual([ra.metrics.totalTrades, rb.metrics.totalTrades]);
    expect(cmp[0]!.equity).toEqual(ra.equity);
  });

  it("a strategy with a syntax error fails with the line of the error, for the editor's marker", async () => {
    const broken = sampleSource().replace("    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:", "    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame\n");
    const line = broken.split("\n").findIndex((l) => l.includes("def populate_indicators")) + 1;
    const s = await api.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } });
    const v = await api.strategy.save({ strategyId: s.id, source: broken });
    const run = await api.backtest.start({ strategyVersionId: v.versionId, settings: settings("20240101-20240105") });
    await waitForBacktestEnd(t.deps.runner, run.id, { timeoutMs: 120_000 });
    const view = await api.backtest.get({ id: run.id });
    expect(view.status).toBe("FAILED");
    expect(view.error).toMatchObject({ kind: "syntax", line });
    expect(await failure(api.backtest.compare({ ids: [run.id, run.id] }))).toMatch(/CONFLICT: run .* cannot be compared: it is failed/);
    expect(await failure(api.backtest.result({ id: run.id }))).toMatch(/CONFLICT: .*has no result: it is failed/);
  });
});
