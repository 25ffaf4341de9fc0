import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openAiStream, sseResponse, startFixtureServer, type FixtureServer } from "../../../packages/assistant/test/llm-test-server.js";
import { startWebTestEnv, failure, type Api } from "./web-helpers";

type Conversation = NonNullable<Awaited<ReturnType<Api["chat"]["conversation"]>>>;

/** Polls the conversation until no reply is working any more, as the chat panel does. */
async function settled(api: Api, strategyId: string, conversationId: string, timeoutMs = 240_000): Promise<Conversation> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const c = (await api.chat.conversation({ strategyId, conversationId }))!;
    if (!c.messages.some((m) => m.meta?.status === "working")) return c;
    if (Date.now() > deadline) throw new Error(`the assistant did not finish within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const lastReply = (c: Conversation) => c.messages.filter((m) => m.role === "assistant").at(-1)!;

const REQUEST =
  "Buy when RSI(14) drops below 30 while the close is above EMA(200) on 1h; sell when RSI goes above 70; 5% stoploss; trailing stop at 2%";

/** The code an LLM might answer with; `body` goes into populate_entry_trend. */
const llmStrategy = (entry: string) => `import talib.abstract as ta
from pandas import DataFrame
from freqtrade.strategy import IStrategy


class LlmRsi(IStrategy):
    INTERFACE_VERSION = 3
    timeframe = "1h"
    minimal_roi = {"0": 0.1}
    stoploss = -0.05
    startup_candle_count = 30

    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe["rsi"] = ta.RSI(dataframe, timeperiod=14)
        return dataframe

    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        ${entry}
        return dataframe

    def populate_exit_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:
        dataframe.loc[dataframe["rsi"] > 70, "exit_long"] = 1
        return dataframe
`;
const answer = (code: string) => `\`\`\`python\n${code}\`\`\`\n\nBuys when RSI is below 30 and sells above 70.`;

describe("the strategy assistant in the web app", () => {
  let t: Awaited<ReturnType<typeof startWebTestEnv>>;
  let api: Api;
  let strategyId: string;
  let llm: FixtureServer;

  beforeAll(async () => {
    t = await startWebTestEnv();
    ({ api } = await t.signUp("chat@example.com"));
    strategyId = (await api.strategy.create({ templateId: "blank" })).id;
    llm = await startFixtureServer();
  });
  afterAll(async () => {
    await llm?.close();
    await t?.stop();
  });

  it("turns a description into a strategy that passed every check, in the editor, with a summary and the smoke result", async () => {
    const sent = await api.chat.send({ strategyId, text: REQUEST });
    const c = await settled(api, strategyId, sent.conversationId);
    const reply = lastReply(c);
    expect(reply.meta).toMatchObject({ status: "done", kind: "code", provider: "Built-in assistant" });
    expect(reply.meta!.stages!.map((s) => [s.id, s.state])).toEqual([["lookahead", "passed"], ["syntax", "passed"], ["load", "passed"], ["backtest", "passed"]]);
    expect(reply.meta!.smoke).toMatchObject({ pair: "BTC/USDT", timeframe: "1h" });
    expect(reply.content).toMatch(/smoke backtest on BTC\/USDT 1h/);
    expect(reply.content).toMatch(/RSI/);

    const s = await api.strategy.get({ id: strategyId });
    expect(s.head.number).toBe(reply.meta!.appliedVersionNumber);
    expect(s.head.source).toContain("ta.RSI(dataframe, timeperiod=14)");
    expect(s.head.source).toContain("ta.EMA(dataframe, timeperiod=200)");
    expect(s.head.source).toMatch(/timeframe = "1h"/);
    expect(s.head.source).toMatch(/stoploss = -0\.05/);
    expect(s.head.source).toMatch(/trailing_stop = True/);
    expect(s.head.source).toContain("plot_config");
    // The smoke run is not one of the user's runs.
    expect((await api.backtest.list({ strategyId })).items).toEqual([]);
  });

  it("edits the strategy on follow-ups and keeps the conversation", async () => {
    const c0 = (await api.chat.conversation({ strategyId }))!;
    await api.chat.send({ strategyId, conversationId: c0.id, text: "use 4h instead" });
    let c = await settled(api, strategyId, c0.id);
    expect(lastReply(c).meta).toMatchObject({ status: "done", kind: "code" });
    expect((await api.strategy.get({ id: strategyId })).head.source).toMatch(/timeframe = "4h"/);

    await api.chat.send({ strategyId, conversationId: c0.id, text: "remove the trailing stop" });
    c = await settled(api, strategyId, c0.id);
    const src = (await api.strategy.get({ id: strategyId })).head.source;
    expect(src).not.toMatch(/trailing_stop = True/);
    expect(src).toMatch(/timeframe = "4h"/);
    expect(c.messages.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user", "assistant"]);
    expect((await api.chat.conversations({ strategyId })).length).toBe(1);
  });

  it("explains the strategy in plain words", async () => {
    const c0 = (await api.chat.conversation({ strategyId }))!;
    await api.chat.send({ strategyId, conversationId: c0.id, text: "Explain this strategy" });
    const reply = lastReply(await settled(api, strategyId, c0.id));
    expect(reply.meta).toMatchObject({ status: "done", kind: "explanation" });
    expect(reply.content).toMatch(/RSI/);
    expect(reply.content).toMatch(/5(\.0)?\s?%/);
  });

  it("answers honestly when it does not understand, and changes nothing", async () => {
    const before = await api.strategy.get({ id: strategyId });
    const versions = (await api.strategy.versions({ id: strategyId })).length;
    const sent = await api.chat.send({ strategyId, text: "make me rich by tomorrow" });
    const reply = lastReply(await settled(api, strategyId, sent.conversationId));
    expect(reply.meta).toMatchObject({ status: "done", kind: "not-understood" });
    expect(reply.content).not.toMatch(/class \w+\(IStrategy\)/);
    expect((await api.strategy.get({ id: strategyId })).head.id).toBe(before.head.id);
    expect((await api.strategy.versions({ id: strategyId })).length).toBe(versions);
  });

  it("stores an LLM provider's key encrypted and never returns it", async () => {
    const p = await api.chat.saveProvider({ name: "Fixture", kind: "openai", baseUrl: `${llm.baseUrl}/v1`, model: "test-model", apiKey: "sk-test-0123456789abcd" });
    expect(p.keyHint).toMatch(/abcd$/);
    expect(JSON.stringify(await api.chat.providers())).not.toContain("sk-test-0123456789abcd");
    const row = await t.deps.prisma.llmProvider.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.encryptedKey).not.toContain("sk-test");
    expect(await failure(api.chat.saveProvider({ name: "Bad", kind: "openai", baseUrl: "ftp://x", model: "m" }))).toMatch(/^BAD_REQUEST: .*http/);
  });

  // The provider here is a local server that answers in OpenAI's documented streaming format; no
  // real model is called. What is tested is the platform's side: the request it sends, the
  // validation of the answer in the real sandbox, and the repair loop.
  it("feeds a failed check back to the model and inserts only the repaired, validated code", async () => {
    const provider = (await api.chat.providers()).find((p) => p.name === "Fixture")!;
    const strategy = await api.strategy.create({ templateId: "blank" });
    const before = await api.strategy.get({ id: strategy.id });
    llm.requests.length = 0;
    llm.enqueue(
      sseResponse(openAiStream([answer(llmStrategy('dataframe.loc[dataframe["rsi"].shift(-1) < 30, "enter_long"] = 1'))])),
      sseResponse(openAiStream([answer(llmStrategy('dataframe.loc[dataframe["rsi"] < 30, "enter_long"] = 1'))])),
    );
    const sent = await api.chat.send({ strategyId: strategy.id, text: "RSI strategy please", providerId: provider.id });
    const reply = lastReply(await settled(api, strategy.id, sent.conversationId));
    expect(reply.meta).toMatchObject({ status: "done", kind: "code", provider: "Fixture", attempts: 2 });
    expect(llm.requests).toHaveLength(2);
    expect(llm.requests[0]!.url).toBe("/v1/chat/completions");
    expect(llm.requests[0]!.headers.authorization).toBe("Bearer sk-test-0123456789abcd");
    const repairTurn = (llm.requests[1]!.body.messages as { role: string; content: string }[]).at(-1)!;
    expect(repairTurn.content).toMatch(/lookahead/i);
    const s = await api.strategy.get({ id: strategy.id });
    expect(s.head.id).not.toBe(before.head.id);
    expect(s.head.source).toContain('dataframe["rsi"] < 30');
    expect(s.head.source).not.toContain("shift(-1)");
    // The failed draft never entered the history.
    expect((await api.strategy.versions({ id: strategy.id })).length).toBe(2);
  });

  it("never inserts code that keeps failing, and says where it failed", async () => {
    const provider = (await api.chat.providers()).find((p) => p.name === "Fixture")!;
    const strategy = await api.strategy.create({ templateId: "blank" });
    const before = await api.strategy.get({ id: strategy.id });
    const broken = answer(llmStrategy('dataframe.loc[dataframe["rsi"] < 30, "enter_long"] = 1\n        if True print("x")'));
    llm.enqueue(...[0, 1, 2].map(() => sseResponse(openAiStream([broken]))));
    const sent = await api.chat.send({ strategyId: strategy.id, text: "RSI strategy please", providerId: provider.id });
    const reply = lastReply(await settled(api, strategy.id, sent.conversationId));
    expect(reply.meta).toMatchObject({ status: "failed", kind: "error", attempts: 3 });
    expect(reply.meta!.stages!.find((s) => s.id === "syntax")!.state).toBe("failed");
    expect(reply.content).toMatch(/Python syntax/);
    expect(reply.content).toMatch(/Nothing was put in the editor/);
    expect((await api.strategy.get({ id: strategy.id })).head.id).toBe(before.head.id);
    expect((await api.strategy.versions({ id: strategy.id })).length).toBe(1);
  });

  it("refuses a second message while the first is being answered, and bad input", async () => {
    const sent = await api.chat.send({ strategyId, text: REQUEST });
    expect(await failure(api.chat.send({ strategyId, conversationId: sent.conversationId, text: "use 4h" }))).toMatch(/^CONFLICT: the assistant is still answering/);
    await settled(api, strategyId, sent.conversationId);
    expect(await failure(api.chat.send({ strategyId, text: "   " }))).toMatch(/^BAD_REQUEST: .*write a message/);
    expect(await failure(api.chat.send({ strategyId, text: "x".repeat(4001) }))).toMatch(/^BAD_REQUEST: .*4,000/);
  });
});
