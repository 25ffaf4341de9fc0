import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { alternatingTurns } from "../src/llm/anthropic.js";
import type { LlmClientOptions } from "../src/llm/client.js";
import type { LlmProviderConfig } from "../src/llm/types.js";
import { anthropicStream, fixture, fixtureClient, jsonResponse, llmFailure, sseResponse, startFixtureServer, type FixtureServer } from "./llm-test-server.js";

const apiKey = "sk-ant-api03-TESTKEY-0123456789";
let server: FixtureServer;
let sleeps: number[];

beforeEach(async () => {
  server = await startFixtureServer();
  sleeps = [];
});
afterEach(() => server.close());

const client = (config: Partial<LlmProviderConfig> = {}, options: LlmClientOptions = {}) =>
  fixtureClient({ kind: "anthropic", baseUrl: server.baseUrl, apiKey, model: "claude-sonnet-4-5" }, sleeps, config, options);

const turns = [{ role: "user" as const, content: "EMA cross please" }];
const failure = (promise: Promise<unknown>) => llmFailure(promise, apiKey);

describe("Anthropic adapter (local server replaying documented responses)", () => {
  it("speaks the documented Messages streaming format: headers, body, text_delta events, pings ignored", async () => {
    server.enqueue(sseResponse(fixture("anthropic-stream.sse")));
    const deltas: string[] = [];
    const text = await client().complete(turns, { system: "You write strategies.", onDelta: (t) => deltas.push(t) });
    expect(text).toBe("Hello!");
    expect(deltas).toEqual(["Hello", "!"]);
    const [request] = server.requests;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/v1/messages");
    expect(request.headers["x-api-key"]).toBe(apiKey);
    expect(request.headers["anthropic-version"]).toBe("2023-06-01");
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.headers.authorization).toBeUndefined();
    expect(request.body).toEqual({
      model: "claude-sonnet-4-5",
      max_tokens: 4096,
      system: "You write strategies.",
      messages: [{ role: "user", content: "EMA cross please" }],
      stream: true,
      temperature: 0.2,
    });
  });

  it("accepts a base URL that already ends in /v1", async () => {
    server.enqueue(sseResponse(anthropicStream(["ok"])));
    expect(await client({ baseUrl: `${server.baseUrl}/v1` }).complete(turns, { system: "s" })).toBe("ok");
    expect(server.requests[0].url).toBe("/v1/messages");
  });

  it("reassembles the stream from pieces split mid-line", async () => {
    server.enqueue(sseResponse(fixture("anthropic-stream.sse"), { pieceSize: 11, pauseMs: 1 }));
    expect(await client().complete(turns, { system: "s" })).toBe("Hello!");
  });

  it("an overloaded_error event before any text → retried, then succeeds", async () => {
    server.enqueue(sseResponse(fixture("anthropic-stream-overloaded.sse")), sseResponse(anthropicStream(["fine"])));
    expect(await client().complete(turns, { system: "s" })).toBe("fine");
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it("an error event after text ends the call with unavailable and no retry", async () => {
    server.setFallback(sseResponse(fixture("anthropic-stream-error-after-text.sse")));
    const deltas: string[] = [];
    const error = await failure(client().complete(turns, { system: "s", onDelta: (t) => deltas.push(t) }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toBe(
      `Anthropic at ${server.baseUrl.replace("http://", "")} (model claude-sonnet-4-5): the stream ended with an error (overloaded_error: Overloaded)`,
    );
    expect(deltas).toEqual(["Here is"]);
    expect(server.requests).toHaveLength(1);
  });

  it("529 overloaded every time → unavailable after the retries", async () => {
    server.setFallback(jsonResponse(529, fixture("anthropic-error-529.json")));
    const error = await failure(client().complete(turns, { system: "s" }));
    expect(error.kind).toBe("unavailable");
    expect(error.status).toBe(529);
    expect(error.message).toContain("the provider is overloaded (HTTP 529: overloaded_error: Overloaded)");
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it("429 rate_limit_error with retry-after → waits, retries, succeeds", async () => {
    server.enqueue(jsonResponse(429, fixture("anthropic-error-429.json"), { "retry-after": "2" }), sseResponse(anthropicStream(["ok"])));
    expect(await client().complete(turns, { system: "s" })).toBe("ok");
    expect(sleeps).toEqual([2000]);
  });

  it("a retry-after longer than a minute is not waited for", async () => {
    server.setFallback(jsonResponse(429, fixture("anthropic-error-429.json"), { "retry-after": "600" }));
    const error = await failure(client().complete(turns, { system: "s" }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterMs).toBe(600_000);
    expect(server.requests).toHaveLength(1);
  });

  it("401 authentication_error → auth, once", async () => {
    server.setFallback(jsonResponse(401, fixture("anthropic-error-401.json")));
    const error = await failure(client().complete(turns, { system: "s" }));
    expect(error.kind).toBe("auth");
    expect(error.message).toContain("the API key was rejected (HTTP 401: authentication_error: invalid x-api-key)");
    expect(server.requests).toHaveLength(1);
  });

  it("the conversation sent starts with the user and alternates", () => {
    expect(
      alternatingTurns([
        { role: "assistant", content: "Hi, what shall we build?" },
        { role: "user", content: "RSI" },
        { role: "user", content: "on 1h" },
        { role: "assistant", content: "" },
      ]),
    ).toEqual([
      { role: "user", content: "(The conversation so far follows.)" },
      { role: "assistant", content: "Hi, what shall we build?" },
      { role: "user", content: "RSI\n\non 1h" },
    ]);
  });
});
