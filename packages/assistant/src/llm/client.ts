import { createAnthropicAdapter } from "./anthropic.js";
import { createOpenAiCompatibleAdapter } from "./openai-compatible.js";
import {
  abortableSleep,
  backoffDelay,
  BreakerRegistry,
  classifyStatus,
  countsAgainstProvider,
  LlmError,
  parseRetryAfter,
} from "./resilience.js";
import { readSseEvents } from "./sse.js";
import type { ChatTurn, GenerationSettings, LlmProviderConfig, ProviderAdapter } from "./types.js";

export interface CompleteOptions {
  system: string;
  /** The caller's cancel: the call rejects with the signal's reason, and nothing is retried. */
  signal?: AbortSignal;
  /** Each piece of text as it streams in. */
  onDelta?: (text: string) => void;
}

export interface LlmClient {
  /** "Anthropic at api.anthropic.com (model …)": how errors and the UI name this provider. */
  readonly label: string;
  /** Streams one answer; rejects with an LlmError (or the caller's abort reason). */
  complete(turns: ChatTurn[], options: CompleteOptions): Promise<string>;
}

export interface LlmClientOptions {
  fetch?: typeof fetch;
  /** Breakers by (kind, baseUrl, model); a process-wide registry unless given. */
  breakers?: BreakerRegistry;
  /** Waits between retries (tests pass a recorder). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Longest silence between stream chunks (and before the response headers). Default 60 s. */
  idleTimeoutMs?: number;
  /** Default 0.2; null sends none. */
  temperature?: number | null;
  /** Anthropic's max_tokens. Default 4096: a strategy file fits, and every Claude model accepts it. */
  maxTokens?: number;
}

/** Shared by every client in this process, so all chats with one provider see its state. */
export const defaultBreakerRegistry = new BreakerRegistry();

export const defaultTimeoutMs = 300_000; // local models on CPU are slow
export const defaultMaxRetries = 2;
const defaultIdleTimeoutMs = 60_000;
/** A `retry-after` longer than this is not waited for: the user would rather see the error. */
const maxHonouredRetryAfterMs = 60_000;

export const breakerKey = (config: Pick<LlmProviderConfig, "kind" | "baseUrl" | "model">): string =>
  `${config.kind} ${config.baseUrl.replace(/\/+$/, "")} ${config.model}`;

export const createAdapter = (config: LlmProviderConfig): ProviderAdapter =>
  config.kind === "anthropic" ? createAnthropicAdapter(config) : createOpenAiCompatibleAdapter(config);

/** The provider's answer callback threw: not the provider's fault, handed back unchanged. */
class CallbackFailure {
  constructor(readonly error: unknown) {}
}

export const createLlmClient = (config: LlmProviderConfig, options: LlmClientOptions = {}): LlmClient => {
  const adapter = createAdapter(config);
  const { label } = adapter;
  const breaker = (options.breakers ?? defaultBreakerRegistry).get(breakerKey(config));
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const idleTimeoutMs = options.idleTimeoutMs ?? defaultIdleTimeoutMs;
  const timeoutMs = config.timeoutMs ?? defaultTimeoutMs;
  const maxRetries = config.maxRetries ?? defaultMaxRetries;
  const settings: GenerationSettings = {
    temperature: options.temperature === undefined ? 0.2 : options.temperature,
    maxTokens: options.maxTokens ?? 4096,
  };

  const networkError = (error: unknown): LlmError => {
    const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
    const reason = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
    return new LlmError("unavailable", `${label}: could not reach the server or the connection broke (${reason})`, {
      retryable: true,
    });
  };

  const httpError = (response: Response, body: string): LlmError => {
    const status = classifyStatus(response.status);
    const described = adapter.describeError(response.status, body);
    return new LlmError(status.kind, `${label}: ${status.problem} (HTTP ${response.status}: ${described.detail})`, {
      status: response.status,
      retryable: described.retryable ?? status.retryable,
      retryAfterMs: parseRetryAfter(response.headers),
    });
  };

  /** One HTTP request and its stream, under the idle timeout. */
  const attempt = async (
    system: string,
    turns: ChatTurn[],
    outer: AbortSignal,
    onText: (text: string) => void,
  ): Promise<string> => {
    const controller = new AbortController();
    const onOuterAbort = () => controller.abort(outer.reason);
    outer.addEventListener("abort", onOuterAbort, { once: true });
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => {
        const seconds = Math.round(idleTimeoutMs / 100) / 10;
        controller.abort(new LlmError("timeout", `${label}: no data for ${seconds} s`, { retryable: true }));
      }, idleTimeoutMs);
    };
    try {
      touch();
      const { url, headers, body } = adapter.request(system, turns, settings);
      const response = await fetchImpl(url, {
        method: "POST",
        headers,
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      touch();
      if (!response.ok) throw httpError(response, await response.text().catch(() => ""));
      if (!response.body) throw new LlmError("bad_response", `${label}: the answer had no body`);
      if ((response.headers.get("content-type") ?? "").includes("application/json")) {
        const text = adapter.readJsonAnswer(await response.json().catch(() => null));
        if (text) onText(text);
        return text;
      }
      let text = "";
      for await (const event of readSseEvents(response.body, touch)) {
        const step = adapter.readEvent(event);
        if (step.type === "done") return text;
        if (step.type === "text") {
          text += step.text;
          onText(step.text);
        }
      }
      throw new LlmError("unavailable", `${label}: the stream ended before the answer was complete`, { retryable: true });
    } catch (error) {
      if (error instanceof CallbackFailure) throw error;
      if (controller.signal.aborted) throw controller.signal.reason;
      if (error instanceof LlmError) throw error;
      throw networkError(error);
    } finally {
      clearTimeout(idleTimer);
      outer.removeEventListener("abort", onOuterAbort);
    }
  };

  const run = async (turns: ChatTurn[], { system, signal, onDelta }: CompleteOptions): Promise<string> => {
    signal?.throwIfAborted();
    const total = new AbortController();
    const deadline = Date.now() + timeoutMs;
    const totalTimer = setTimeout(
      () => total.abort(new LlmError("timeout", `${label}: no complete answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    const onCallerAbort = () => total.abort(signal?.reason);
    signal?.addEventListener("abort", onCallerAbort, { once: true });
    try {
      let lastFailure: LlmError | null = null;
      for (let retry = 0; ; retry++) {
        const refused = breaker.tryAcquire();
        if (refused) {
          if (lastFailure) throw lastFailure; // our own retries opened it: the real problem is more useful
          throw new LlmError(
            "circuit_open",
            `${label}: ${breaker.consecutiveFailures} requests in a row failed, so it is not called for another ${Math.ceil(refused.retryInMs / 1000)} s`,
          );
        }
        let streamed = false;
        try {
          const text = await attempt(system, turns, total.signal, (piece) => {
            streamed = true;
            try {
              onDelta?.(piece);
            } catch (error) {
              throw new CallbackFailure(error);
            }
          });
          breaker.recordSuccess();
          return text;
        } catch (error) {
          if (error instanceof CallbackFailure) {
            breaker.release();
            throw error.error;
          }
          if (signal?.aborted) {
            breaker.release();
            throw signal.reason;
          }
          const failure = error instanceof LlmError ? error : networkError(error);
          lastFailure = failure;
          if (countsAgainstProvider(failure)) breaker.recordFailure();
          else breaker.recordSuccess(); // it answered: the request or the key is what is wrong
          if (!failure.retryable || streamed || retry >= maxRetries || total.signal.aborted) throw failure;
          const delay = failure.retryAfterMs ?? backoffDelay(retry, random);
          if (delay > maxHonouredRetryAfterMs || Date.now() + delay >= deadline) throw failure;
          await sleep(delay, total.signal);
        }
      }
    } finally {
      clearTimeout(totalTimer);
      signal?.removeEventListener("abort", onCallerAbort);
    }
  };

  return {
    label,
    complete: async (turns, completeOptions) => {
      try {
        return await run(turns, completeOptions);
      } catch (error) {
        throw scrubSecret(error, config.apiKey);
      }
    },
  };
};

/** Providers echo parts of what they were sent; no error leaves this module with the key in it. */
const scrubSecret = (error: unknown, apiKey: string | null): unknown => {
  if (!(error instanceof LlmError) || !apiKey || apiKey.length < 4 || !error.message.includes(apiKey)) return error;
  return error.withMessage(error.message.split(apiKey).join("[redacted]"));
};
