import { z } from "zod";

/** The two wire formats the platform speaks: any OpenAI-compatible server, and Anthropic's Messages API. */
export const llmProviderKinds = ["openai", "anthropic"] as const;
export type LlmProviderKind = (typeof llmProviderKinds)[number];

/** What the settings form offers when the user leaves the base URL at its default. */
export const defaultLlmBaseUrls: Readonly<Record<LlmProviderKind, string>> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com",
};

const httpUrl = z
  .string()
  .trim()
  .min(1, "Base URL is required")
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "http:" || url.protocol === "https:") && url.username === "" && url.password === "";
    } catch {
      return false;
    }
  }, "Base URL must be an http:// or https:// URL without credentials in it")
  .transform((value) => value.replace(/\/+$/, ""));

/**
 * A provider as the user configures it. The key is optional: local servers (Ollama, llama.cpp,
 * LM Studio, vLLM) usually need none; an empty string counts as no key.
 */
export const llmProviderConfigSchema = z.object({
  kind: z.enum(llmProviderKinds),
  baseUrl: httpUrl,
  apiKey: z
    .string()
    .trim()
    .nullable()
    .transform((key) => (key ? key : null)),
  model: z.string().trim().min(1, "Model is required").max(200),
  /** Whole call, retries included. */
  timeoutMs: z.number().int().min(1_000).max(900_000).optional(),
  maxRetries: z.number().int().min(0).max(8).optional(),
});

export interface LlmProviderConfig {
  kind: LlmProviderKind;
  baseUrl: string;
  apiKey: string | null;
  model: string;
  timeoutMs?: number;
  maxRetries?: number;
}

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

/** One event of a text/event-stream body (WHATWG server-sent events). */
export interface SseEvent {
  /** The `event:` field; "message" when the server sent none. */
  event: string;
  /** The `data:` lines joined with "\n". */
  data: string;
  id?: string;
}

/** What an adapter makes of one stream event. */
export type StreamStep = { type: "text"; text: string } | { type: "done" } | { type: "skip" };

/** What an adapter puts on the wire for one attempt. */
export interface ProviderRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface GenerationSettings {
  /** Sampling temperature; null leaves it to the server (some reasoning models accept no other value). */
  temperature: number | null;
  /** Anthropic requires a cap on the answer's length. */
  maxTokens: number;
}

/**
 * One provider's wire format: how to ask, how to read the stream, how to read an error body.
 * Transport, timeouts, retries and the circuit breaker live in client.ts and resilience.ts.
 */
export interface ProviderAdapter {
  /** "OpenAI-compatible server at localhost:11434/v1 (model llama3.1)" — used in every error. */
  readonly label: string;
  request(system: string, turns: ChatTurn[], settings: GenerationSettings): ProviderRequest;
  /** Reads one SSE event; throws an LlmError for an error event. */
  readEvent(event: SseEvent): StreamStep;
  /** A 200 answer that is plain JSON (a server that ignored `stream: true`). */
  readJsonAnswer(body: unknown): string;
  /**
   * The problem an error status and body describe, in the provider's words; `retryable` set when
   * the body overrides what the status suggests (OpenAI's 429 `insufficient_quota`).
   */
  describeError(status: number, body: string): { detail: string; retryable?: boolean };
}

/** "api.openai.com/v1", "localhost:11434/v1": where the user's requests go, without scheme noise. */
export const describeBaseUrl = (baseUrl: string): string => {
  try {
    const url = new URL(baseUrl);
    return `${url.host}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return baseUrl;
  }
};
