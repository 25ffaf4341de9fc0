import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLlmClient } from "../src/llm/client.js";
import { generateWithRepairs, type RepairEvent, type ValidationResult } from "../src/llm/repair-loop.js";
import { BreakerRegistry } from "../src/llm/resilience.js";
import { openAiStream, sseResponse, startFixtureServer, type FixtureServer } from "./llm-test-server.js";

/**
 * The loop against a scripted OpenAI-compatible server: each answer is replayed in the documented
 * streaming format; `validate` stands in for the sandbox pipeline (here: a Python-free syntax check).
 */
const broken = "class Broken(IStrategy):\n    timeframe = '1h'\n    def populate_indicators(self, dataframe, metadata)\n        return dataframe\n";
const fixed = "class Fixed(IStrategy):\n    timeframe = '1h'\n    def populate_indicators(self, dataframe, metadata):\n        return dataframe\n";
const answer = (code: string, words: string) => `\`\`\`python\n${code}\`\`\`\n${words}`;

const validate = async (source: string): Promise<ValidationResult> =>
  /def \w+\([^)]*\)\n/.test(source)
    ? { ok: false, stage: "syntax", message: "SyntaxError: expected ':'", line: 3 }
    : { ok: true };

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(() => server.close());

const client = () =>
  createLlmClient({ kind: "openai", baseUrl: server.baseUrl, apiKey: null, model: "m" }, { breakers: new BreakerRegistry() });

const lastUserTurn = (index: number) => {
  const messages = server.requests[index].body.messages as { role: string; content: string }[];
  return messages[messages.length - 1];
};

describe("generateWithRepairs", () => {
  it("feeds a syntax error back and returns the corrected file", async () => {
    server.enqueue(
      sseResponse(openAiStream([answer(broken, "An RSI strategy.").slice(0, 20), answer(broken, "An RSI strategy.").slice(20)])),
      sseResponse(openAiStream([answer(fixed, "Fixed the missing colon.")])),
    );
    const events: RepairEvent[] = [];
    const result = await generateWithRepairs({
      client: client(),
      system: "sys",
      turns: [{ role: "user", content: "RSI strategy" }],
      validate,
      onEvent: (event) => events.push(event),
    });
    expect(result).toEqual({ ok: true, source: fixed, summary: "Fixed the missing colon.", attempts: 2 });
    expect(lastUserTurn(1)).toEqual({
      role: "user",
      content: "The code failed at syntax: SyntaxError: expected ':' (line 3). Return the whole corrected file.",
    });
    const second = server.requests[1].body.messages as { role: string; content: string }[];
    expect(second.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(second[2].content).toBe(answer(broken, "An RSI strategy."));
    expect(events.filter((e) => e.type !== "delta")).toEqual([
      { type: "attempt_started", attempt: 1 },
      { type: "validation_failed", attempt: 1, failure: { ok: false, stage: "syntax", message: "SyntaxError: expected ':'", line: 3 } },
      { type: "attempt_started", attempt: 2 },
      { type: "repaired", attempt: 2 },
    ]);
    expect(events.filter((e) => e.type === "delta" && e.attempt === 1)).toHaveLength(2);
  });

  it("gives up after maxRepairs and returns the last source and failure", async () => {
    server.setFallback(sseResponse(openAiStream([answer(broken, "Still broken.")])));
    const result = await generateWithRepairs({ client: client(), system: "sys", turns: [{ role: "user", content: "x" }], validate, maxRepairs: 1 });
    expect(result).toEqual({
      ok: false,
      lastSource: broken,
      failure: { ok: false, stage: "syntax", message: "SyntaxError: expected ':'", line: 3 },
      attempts: 2,
    });
    expect(server.requests).toHaveLength(2);
  });

  it("an answer without code is a no_code failure and asks for the file", async () => {
    server.enqueue(sseResponse(openAiStream(["I would use RSI for that."])), sseResponse(openAiStream([answer(fixed, "Here.")])));
    const events: RepairEvent[] = [];
    const result = await generateWithRepairs({
      client: client(),
      system: "sys",
      turns: [{ role: "user", content: "x" }],
      validate,
      onEvent: (event) => events.push(event),
    });
    expect(result).toMatchObject({ ok: true, source: fixed, attempts: 2 });
    expect(events).toContainEqual({ type: "validation_failed", attempt: 1, failure: expect.objectContaining({ stage: "no_code" }) });
    expect(lastUserTurn(1).content).toMatch(/no ```python block.*Return the whole strategy file in one ```python block/);
  });

  it("returns no_code with a null source when the model never writes code", async () => {
    server.setFallback(sseResponse(openAiStream(["No."])));
    const result = await generateWithRepairs({ client: client(), system: "sys", turns: [{ role: "user", content: "x" }], validate, maxRepairs: 0 });
    expect(result).toMatchObject({ ok: false, lastSource: null, failure: { stage: "no_code" }, attempts: 1 });
  });

  it("a first answer that validates is returned with attempts = 1 and a validated event", async () => {
    server.enqueue(sseResponse(openAiStream([answer(fixed, "Done.")])));
    const events: RepairEvent[] = [];
    const result = await generateWithRepairs({ client: client(), system: "s", turns: [{ role: "user", content: "x" }], validate, onEvent: (e) => events.push(e) });
    expect(result).toEqual({ ok: true, source: fixed, summary: "Done.", attempts: 1 });
    expect(events.at(-1)).toEqual({ type: "validated", attempt: 1 });
  });
});
