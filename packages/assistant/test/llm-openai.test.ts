import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLlmClient, type LlmClientOptions } from "../src/llm/client.js";
import { BreakerRegistry } from "../src/llm/resilience.js";
import type { LlmProviderConfig } from "../src/llm/types.js";
import {
  fixture,
  fixtureClient,
  jsonResponse,
  llmFailure,
  openAiStream,
  sseResponse,
  startFixtureServer,
  type FixtureServer,
} from "./llm-test-server.js";

const apiKey = "sk-test-0123456789abcdefSECRET";
let server: FixtureServer;
let sleeps: number[];

beforeEach(async () => {
  server = await startFixtureServer();
  sleeps = [];
});
afterEach(() => server.close());

const client = (config: Partial<LlmProviderConfig> = {}, options: LlmClientOptions = {}) =>
  fixtureClient({ kind: "openai", baseUrl: `${server.baseUrl}/v1`, apiKey, model: "gpt-4o-mini" }, sleeps, config, options);

const turns = [{ role: "user" as const, content: "RSI strategy please" }];
const failure = (promise: Promise<unknown>) => llmFailure(promise, apiKey);

describe("OpenAI-compatible adapter (local server replaying documented responses)", () => {
  it("speaks the documented chat/completions streaming format: request shape, deltas, full text", async () => {
    server.enqueue(sseResponse(fixture("openai-stream.sse")));
    const deltas: string[] = [];
    const text = await client().complete(
      [{ role: "user", content: "Hi" }, { role: "assistant", content: "Hello" }, { role: "user", content: "RSI please" }],
      { system: "You write strategies.", onDelta: (t) => deltas.push(t) },
    );
    expect(text).toBe("Hello! How can I assist you today?");
    expect(deltas).toEqual(["Hello", "!", " How can I assist you today?"]);
    const [request] = server.requests;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("/v1/chat/completions");
    expect(request.url).not.toContain(apiKey);
    expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toEqual({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "You write strategies." },
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hello" },
        { role: "user", content: "RSI please" },
      ],
      stream: true,
      temperature: 0.2,
    });
  });

  it("sends no Authorization header to a local server without a key, and no temperature when told so", async () => {
    server.enqueue(sseResponse(openAiStream(["ok"])));
    const text = await client({ apiKey: null, model: "llama3.1" }, { temperature: null }).complete(turns, { system: "s" });
    expect(text).toBe("ok");
    expect(server.requests[0].headers.authorization).toBeUndefined();
    expect(server.requests[0].body).not.toHaveProperty("temperature");
  });

  it("reassembles a stream that arrives in small pieces split mid-line", async () => {
    server.enqueue(sseResponse(fixture("openai-stream.sse"), { pieceSize: 13, pauseMs: 1 }));
    const deltas: string[] = [];
    const text = await client().complete(turns, { system: "s", onDelta: (t) => deltas.push(t) });
    expect(text).toBe("Hello! How can I assist you today?");
    expect(deltas).toEqual(["Hello", "!", " How can I assist you today?"]);
  });

  it("reads a plain JSON answer from a server that ignores stream: true", async () => {
    server.enqueue(jsonResponse(200, JSON.stringify({ choices: [{ index: 0, message: { role: "assistant", content: "whole" } }] })));
    const deltas: string[] = [];
    expect(await client().complete(turns, { system: "s", onDelta: (t) => deltas.push(t) })).toBe("whole");
    expect(deltas).toEqual(["whole"]);
  });

  it("401 → auth, not retried, and the key the server echoed back is scrubbed", async () => {
    server.enqueue(jsonResponse(401, fixture("openai-error-401.json").replace("sk-test-not-real", apiKey)));
    const error = await failure(client().complete(turns, { system: "s" }));
    expect(error.kind).toBe("auth");
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/^OpenAI-compatible server at 127\.0\.0\.1:\d+\/v1 \(model gpt-4o-mini\): the API key was rejected \(HTTP 401: Incorrect API key provided: \[redacted\]/);
    expect(server.requests).toHaveLength(1);
  });

  it("429 with retry-after → waits the given seconds, retries, then succeeds", async () => {
    server.enqueue(jsonResponse(429, fixture("openai-error-429.json"), { "retry-after": "1" }), sseResponse(openAiStream(["fine"])));
    expect(await client().complete(turns, { system: "s" })).toBe("fine");
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([1000]);
  });

  it("retry-after-ms wins over retry-after", async () => {
    server.enqueue(
      jsonResponse(429, fixture("openai-error-429.json"), { "retry-after": "30", "retry-after-ms": "250" }),
      sseResponse(openAiStream(["fine"])),
    );
    expect(await client().complete(turns, { system: "s" })).toBe("fine");
    expect(sleeps).toEqual([250]);
  });

  it("429 insufficient_quota is not retried: no wait will add credit", async () => {
    server.enqueue(jsonResponse(429, fixture("openai-error-insufficient-quota.json")));
    const error = await failure(client().complete(turns, { system: "s" }));
    expect(error.kind).toBe("rate_limited");
    expect(error.message).toContain("You exceeded your current quota");
    expect(server.requests).toHaveLength(1);
  });

  it("500 every time → unavailable after 1 + maxRetries requests with exponential backoff", async () => {
    server.setFallback(jsonResponse(500, fixture("openai-error-500.json")));
    const error = await failure(client({ maxRetries: 3 }).complete(turns, { system: "s" }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("HTTP 500: The server had an error while processing your request");
    expect(server.requests).toHaveLength(4);
    expect(sleeps).toEqual([500, 1000, 2000]);
  });

  it.each([
    [400, "bad_request"],
    [403, "auth"],
    [404, "bad_request"],
  ] as const)("%i → %s without a retry", async (status, kind) => {
    server.setFallback(jsonResponse(status, JSON.stringify({ error: { message: "nope", type: "invalid_request_error", code: null } })));
    const error = await failure(client().complete(turns, { system: "s" }));
    expect(error.kind).toBe(kind);
    expect(server.requests).toHaveLength(1);
  });

  it("an error sent as a data line mid-stream (vLLM/Ollama style) fails the call", async () => {
    server.enqueue(sseResponse(`data: ${JSON.stringify({ error: { message: "model crashed", type: "server_error", code: 500 } })}\n\n`));
    const error = await failure(client({ maxRetries: 0 }).complete(turns, { system: "s" }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("model crashed");
  });

  it("a stream cut off after text is not retried (the user already saw the text)", async () => {
    server.setFallback(sseResponse(`${openAiStream(["partial"]).split("\n\n")[0]}\n\n`)); // then the connection closes
    const deltas: string[] = [];
    const error = await failure(client().complete(turns, { system: "s", onDelta: (t) => deltas.push(t) }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toContain("the stream ended before the answer was complete");
    expect(deltas).toEqual(["partial"]);
    expect(server.requests).toHaveLength(1);
  });

  it("idle timeout: a server that goes silent before any text is timed out (and retried)", async () => {
    const firstChunk = fixture("openai-stream.sse").split("\n\n")[0] + "\n\n"; // role only, no text
    server.setFallback(sseResponse(firstChunk, { hang: true }));
    const error = await failure(client({ maxRetries: 1 }, { idleTimeoutMs: 150 }).complete(turns, { system: "s" }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("no data for 0.2 s");
    expect(server.requests).toHaveLength(2);
  });

  it("idle timeout after text is not retried", async () => {
    server.setFallback(sseResponse(openAiStream(["a"]).split("\n\n")[0] + "\n\n", { hang: true }));
    const error = await failure(client({ maxRetries: 2 }, { idleTimeoutMs: 100 }).complete(turns, { system: "s" }));
    expect(error.kind).toBe("timeout");
    expect(server.requests).toHaveLength(1);
  });

  it("total timeout: a stream that trickles forever ends with a timeout", async () => {
    server.setFallback(sseResponse(": keep-alive\n\n".repeat(100), { pauseMs: 20, hang: true }));
    const error = await failure(client({ timeoutMs: 300 }, { idleTimeoutMs: 1000 }).complete(turns, { system: "s" }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toContain("no complete answer within");
  });

  it("the caller's abort ends the call with the caller's reason and is not retried", async () => {
    server.setFallback(sseResponse(openAiStream(["one", "two"]).split("\n\n")[0] + "\n\n", { hang: true }));
    const controller = new AbortController();
    const promise = createLlmClient(
      { kind: "openai", baseUrl: `${server.baseUrl}/v1`, apiKey, model: "m" },
      { breakers: new BreakerRegistry() },
    ).complete(turns, { system: "s", signal: controller.signal, onDelta: () => controller.abort() });
    await expect(promise).rejects.toMatchObject({ name: "AbortError" });
    expect(server.requests).toHaveLength(1);
  });

  it("an unreachable server → unavailable, naming the provider", async () => {
    const { baseUrl } = server;
    await server.close();
    const error = await failure(
      createLlmClient({ kind: "openai", baseUrl, apiKey, model: "m", maxRetries: 1 }, { breakers: new BreakerRegistry(), sleep: async () => {} }).complete(
        turns,
        { system: "s" },
      ),
    );
    expect(error.kind).toBe("unavailable");
    expect(error.message).toMatch(/^OpenAI-compatible server at 127\.0\.0\.1:\d+ \(model m\): could not reach the server/);
    server = await startFixtureServer(); // for afterEach
  });
});
