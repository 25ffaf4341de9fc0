import { LlmError, type LlmErrorKind } from "./resilience.js";
import {
  describeBaseUrl,
  type ChatTurn,
  type GenerationSettings,
  type LlmProviderConfig,
  type ProviderAdapter,
  type ProviderRequest,
  type SseEvent,
  type StreamStep,
} from "./types.js";

export const anthropicVersion = "2023-06-01";

/**
 * Anthropic's Messages API: POST `<baseUrl>/v1/messages` with `x-api-key` and `anthropic-version`;
 * the streamed answer is named SSE events — message_start, content_block_start, content_block_delta
 * (`text_delta`), content_block_stop, message_delta, message_stop, any number of `ping`s, and an
 * `error` event (e.g. `overloaded_error`) that may arrive after the HTTP 200.
 */
export const createAnthropicAdapter = (config: LlmProviderConfig): ProviderAdapter => {
  const label = `Anthropic at ${describeBaseUrl(config.baseUrl)} (model ${config.model})`;
  // Users paste "https://api.anthropic.com/v1" as often as the documented root.
  const root = config.baseUrl.replace(/\/+$/, "").replace(/\/v1$/, "");

  const request = (system: string, turns: ChatTurn[], settings: GenerationSettings): ProviderRequest => {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "text/event-stream",
      "anthropic-version": anthropicVersion,
    };
    if (config.apiKey) headers["x-api-key"] = config.apiKey;
    const body: Record<string, unknown> = {
      model: config.model,
      max_tokens: settings.maxTokens,
      system,
      messages: alternatingTurns(turns),
      stream: true,
    };
    if (settings.temperature !== null) body.temperature = settings.temperature;
    return { url: `${root}/v1/messages`, headers, body };
  };

  const readEvent = (event: SseEvent): StreamStep => {
    let data: AnthropicEvent;
    try {
      data = JSON.parse(event.data) as AnthropicEvent;
    } catch {
      throw new LlmError("bad_response", `${label}: the stream carried data that is not JSON`);
    }
    const type = data.type ?? event.event;
    switch (type) {
      case "content_block_delta":
        return data.delta?.type === "text_delta" && typeof data.delta.text === "string" && data.delta.text.length > 0
          ? { type: "text", text: data.delta.text }
          : { type: "skip" }; // thinking, signature and tool-input deltas are not part of the answer
      case "message_stop":
        return { type: "done" };
      case "error": {
        const { kind, retryable } = errorKindOf(data.error?.type ?? null);
        const detail = `${data.error?.type ?? "error"}: ${data.error?.message ?? "no message"}`;
        throw new LlmError(kind, `${label}: the stream ended with an error (${detail})`, { retryable });
      }
      default:
        // message_start, content_block_start/stop, message_delta, ping, and events added later.
        return { type: "skip" };
    }
  };

  const readJsonAnswer = (body: unknown): string => {
    const content = (body as { content?: { type?: string; text?: string }[] } | null)?.content;
    if (!Array.isArray(content)) throw new LlmError("bad_response", `${label}: the answer had no content blocks`);
    return content.map((block) => (block.type === "text" && typeof block.text === "string" ? block.text : "")).join("");
  };

  const describeError = (_status: number, body: string) => {
    try {
      const parsed = JSON.parse(body) as { error?: { type?: string; message?: string } };
      if (parsed.error) return { detail: `${parsed.error.type ?? "error"}: ${parsed.error.message ?? "no message"}`.slice(0, 300) };
    } catch {
      // not JSON: fall through to the raw text
    }
    return { detail: body.trim().slice(0, 300) || "no details" };
  };

  return { label, request, readEvent, readJsonAnswer, describeError };
};

interface AnthropicEvent {
  type?: string;
  delta?: { type?: string; text?: string };
  error?: { type?: string; message?: string };
}

/** Anthropic's documented error types, for errors that arrive inside the stream. */
const errorKindOf = (type: string | null): { kind: LlmErrorKind; retryable: boolean } => {
  switch (type) {
    case "authentication_error":
    case "permission_error":
      return { kind: "auth", retryable: false };
    case "rate_limit_error":
      return { kind: "rate_limited", retryable: true };
    case "invalid_request_error":
    case "not_found_error":
    case "request_too_large":
      return { kind: "bad_request", retryable: false };
    default: // overloaded_error, api_error, timeouts and anything new
      return { kind: "unavailable", retryable: true };
  }
};

/**
 * The Messages API wants the conversation to start with the user and alternate; empty turns are
 * refused. Merges neighbours with the same role and drops empty ones.
 */
export const alternatingTurns = (turns: ChatTurn[]): ChatTurn[] => {
  const out: ChatTurn[] = [];
  for (const turn of turns) {
    if (turn.content.trim() === "") continue;
    const last = out[out.length - 1];
    if (last && last.role === turn.role) last.content = `${last.content}\n\n${turn.content}`;
    else out.push({ role: turn.role, content: turn.content });
  }
  if (out[0]?.role === "assistant") out.unshift({ role: "user", content: "(The conversation so far follows.)" });
  return out;
};
