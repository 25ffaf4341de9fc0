import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { breakerKey, createLlmClient } from "../src/llm/client.js";
import {
  backoffDelay,
  BreakerRegistry,
  CircuitBreaker,
  classifyStatus,
  LlmError,
  parseRetryAfter,
} from "../src/llm/resilience.js";
import { llmProviderConfigSchema } from "../src/llm/types.js";
import { fixture, jsonResponse, openAiStream, sseResponse, startFixtureServer, type FixtureServer } from "./llm-test-server.js";

const fakeClock = () => {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe("CircuitBreaker", () => {
  it("opens after N consecutive failures, lets one trial through after the cool-down, closes on its success", () => {
    const clock = fakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 10_000, clock });
    for (let i = 0; i < 2; i++) {
      expect(breaker.tryAcquire()).toBeNull();
      breaker.recordFailure();
    }
    breaker.recordSuccess(); // a success in between resets the count
    for (let i = 0; i < 3; i++) {
      expect(breaker.tryAcquire()).toBeNull();
      breaker.recordFailure();
    }
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toEqual({ retryInMs: 10_000 });
    clock.advance(9_999);
    expect(breaker.tryAcquire()).toEqual({ retryInMs: 1 });
    clock.advance(1);
    expect(breaker.state).toBe("half_open");
    expect(breaker.tryAcquire()).toBeNull(); // the trial
    expect(breaker.tryAcquire()).not.toBeNull(); // only one
    breaker.recordSuccess();
    expect(breaker.state).toBe("closed");
    expect(breaker.tryAcquire()).toBeNull();
  });

  it("a failed trial opens it for another cool-down; an aborted trial frees the slot", () => {
    const clock = fakeClock();
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 5_000, clock });
    breaker.recordFailure();
    clock.advance(5_000);
    expect(breaker.tryAcquire()).toBeNull();
    breaker.release();
    expect(breaker.tryAcquire()).toBeNull(); // the slot is free again
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toEqual({ retryInMs: 5_000 });
  });
});

describe("retry policy", () => {
  it("classifies statuses", () => {
    expect([400, 401, 403, 404, 408, 409, 429, 500, 503, 529].map((s) => [s, classifyStatus(s).kind, classifyStatus(s).retryable])).toEqual([
      [400, "bad_request", false],
      [401, "auth", false],
      [403, "auth", false],
      [404, "bad_request", false],
      [408, "timeout", true],
      [409, "unavailable", true],
      [429, "rate_limited", true],
      [500, "unavailable", true],
      [503, "unavailable", true],
      [529, "unavailable", true],
    ]);
  });

  it("reads retry-after-ms, retry-after seconds and HTTP dates", () => {
    expect(parseRetryAfter(new Headers({ "retry-after-ms": "1500", "retry-after": "9" }))).toBe(1500);
    expect(parseRetryAfter(new Headers({ "retry-after": "3" }))).toBe(3000);
    expect(parseRetryAfter(new Headers({ "retry-after": "Wed, 21 Oct 2026 07:28:05 GMT" }), Date.parse("Wed, 21 Oct 2026 07:28:00 GMT"))).toBe(5000);
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }))).toBeNull();
    expect(parseRetryAfter(new Headers())).toBeNull();
  });

  it("backs off exponentially with up to 25% jitter, capped", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000]);
    expect(backoffDelay(2, () => 1)).toBe(1500);
  });
});

describe("circuit breaker in the client (local server)", () => {
  let server: FixtureServer;
  beforeEach(async () => {
    server = await startFixtureServer();
  });
  afterEach(() => server.close());

  it("opens after repeated 500s, then fails fast without a request, then sends one half-open trial", async () => {
    const clock = fakeClock();
    const breakers = new BreakerRegistry({ failureThreshold: 3, cooldownMs: 30_000, clock });
    const config = { kind: "openai" as const, baseUrl: server.baseUrl, apiKey: "sk-breaker-test-key-0000", model: "m", maxRetries: 0 };
    const make = () => createLlmClient(config, { breakers, sleep: async () => {} });
    server.enqueue(...Array.from({ length: 3 }, () => jsonResponse(500, fixture("openai-error-500.json"))));
    for (let i = 0; i < 3; i++) await expect(make().complete([{ role: "user", content: "x" }], { system: "s" })).rejects.toMatchObject({ kind: "unavailable" });
    expect(server.requests).toHaveLength(3);

    // another client for the same provider shares the breaker
    const open = await make().complete([{ role: "user", content: "x" }], { system: "s" }).catch((e: unknown) => e);
    expect(open).toBeInstanceOf(LlmError);
    expect((open as LlmError).kind).toBe("circuit_open");
    expect((open as LlmError).message).toMatch(/^OpenAI-compatible server at .* \(model m\): 3 requests in a row failed, so it is not called for another 30 s$/);
    expect(server.requests).toHaveLength(3);

    clock.advance(30_000);
    server.enqueue(sseResponse(openAiStream(["back"])));
    expect(await make().complete([{ role: "user", content: "x" }], { system: "s" })).toBe("back");
    expect(server.requests).toHaveLength(4);
    expect(breakers.get(breakerKey(config)).state).toBe("closed");
  });

  it("when a call's own retries open the circuit, the call reports the provider's error, not circuit_open", async () => {
    const breakers = new BreakerRegistry({ failureThreshold: 2 });
    const config = { kind: "openai" as const, baseUrl: server.baseUrl, apiKey: null, model: "m", maxRetries: 3 };
    server.setFallback(jsonResponse(500, fixture("openai-error-500.json")));
    await expect(createLlmClient(config, { breakers, sleep: async () => {} }).complete([], { system: "s" })).rejects.toMatchObject({ kind: "unavailable", status: 500 });
    expect(server.requests).toHaveLength(2);
  });

  it("401s do not open the circuit: the provider is up, the key is wrong", async () => {
    const breakers = new BreakerRegistry({ failureThreshold: 2 });
    const config = { kind: "openai" as const, baseUrl: server.baseUrl, apiKey: "sk-wrong-key-000000", model: "m" };
    server.setFallback(jsonResponse(401, fixture("openai-error-401.json")));
    for (let i = 0; i < 3; i++) await expect(createLlmClient(config, { breakers }).complete([], { system: "s" })).rejects.toMatchObject({ kind: "auth" });
    expect(breakers.get(breakerKey(config)).state).toBe("closed");
    expect(server.requests).toHaveLength(3);
  });
});

describe("llmProviderConfigSchema", () => {
  it("accepts a local server without a key and trims a trailing slash", () => {
    expect(llmProviderConfigSchema.parse({ kind: "openai", baseUrl: "http://localhost:11434/v1/", apiKey: "", model: "llama3.1" })).toEqual({
      kind: "openai",
      baseUrl: "http://localhost:11434/v1",
      apiKey: null,
      model: "llama3.1",
    });
  });

  it.each([
    [{ kind: "openai", baseUrl: "ftp://example.com", apiKey: null, model: "m" }, "baseUrl"],
    [{ kind: "openai", baseUrl: "not a url", apiKey: null, model: "m" }, "baseUrl"],
    [{ kind: "openai", baseUrl: "https://user:pw@example.com/v1", apiKey: null, model: "m" }, "baseUrl"],
    [{ kind: "openai", baseUrl: "https://api.openai.com/v1", apiKey: null, model: " " }, "model"],
    [{ kind: "gemini", baseUrl: "https://api.openai.com/v1", apiKey: null, model: "m" }, "kind"],
    [{ kind: "anthropic", baseUrl: "https://api.anthropic.com", apiKey: null, model: "m", timeoutMs: 10 }, "timeoutMs"],
  ])("rejects %o at %s", (input, path) => {
    const result = llmProviderConfigSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(path);
  });
});
