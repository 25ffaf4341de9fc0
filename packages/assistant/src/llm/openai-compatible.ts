import { LlmError } from "./resilience.js";
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

/**
 * OpenAI's Chat Completions wire format, which OpenAI, Azure-style gateways, Ollama, llama.cpp's
 * server, LM Studio and vLLM all speak: POST `<baseUrl>/chat/completions` with `stream: true`;
 * the answer is data-only SSE, one `chat.completion.chunk` per `data:` line with the text in
 * `choices[0].delta.content`, ended by `data: [DONE]`. Errors are `{ error: { message, type, code } }`.
 */
export const createOpenAiCompatibleAdapter = (config: LlmProviderConfig): ProviderAdapter => {
  const label = `OpenAI-compatible server at ${describeBaseUrl(config.baseUrl)} (model ${config.model})`;

  const request = (system: string, turns: ChatTurn[], settings: GenerationSettings): ProviderRequest => {
    const headers: Record<string, string> = {
      "content-type": "application/json",
      accept: "text/event-stream",
    };
    if (config.apiKey) headers.authorization = `Bearer ${config.apiKey}`;
    const body: Record<string, unknown> = {
      model: config.model,
      messages: [{ role: "system", content: system }, ...turns.map(({ role, content }) => ({ role, content }))],
      stream: true,
    };
    if (settings.temperature !== null) body.temperature = settings.temperature;
    return { url: `${config.baseUrl.replace(/\/+$/, "")}/chat/completions`, headers, body };
  };

  const readEvent = (event: SseEvent): StreamStep => {
    const data = event.data.trim();
    if (data === "[DONE]") return { type: "done" };
    if (data === "") return { type: "skip" };
    let chunk: OpenAiChunk;
    try {
      chunk = JSON.parse(data) as OpenAiChunk;
    } catch {
      throw new LlmError("bad_response", `${label}: the stream carried data that is not JSON`);
    }
    if (chunk.error) {
      // vLLM, Ollama and some gateways report a failure mid-stream as a data line.
      const { detail } = readErrorObject(chunk.error);
      throw new LlmError("unavailable", `${label}: the stream ended with an error: ${detail}`, { retryable: true });
    }
    const text = chunk.choices?.[0]?.delta?.content;
    return typeof text === "string" && text.length > 0 ? { type: "text", text } : { type: "skip" };
  };

  const readJsonAnswer = (body: unknown): string => {
    const content = (body as OpenAiCompletion | null)?.choices?.[0]?.message?.content;
    if (typeof content !== "string") throw new LlmError("bad_response", `${label}: the answer had no choices[0].message.content`);
    return content;
  };

  const describeError = (_status: number, body: string) => {
    try {
      const parsed = JSON.parse(body) as { error?: OpenAiErrorObject | string };
      if (parsed.error !== undefined) {
        const { detail, code } = readErrorObject(parsed.error);
        return code === "insufficient_quota" ? { detail, retryable: false } : { detail };
      }
    } catch {
      // not JSON: fall through to the raw text
    }
    return { detail: body.trim().slice(0, 300) || "no details" };
  };

  return { label, request, readEvent, readJsonAnswer, describeError };
};

interface OpenAiErrorObject {
  message?: string;
  type?: string | null;
  code?: string | number | null;
}

interface OpenAiChunk {
  choices?: { delta?: { content?: string | null } }[];
  error?: OpenAiErrorObject | string;
}

interface OpenAiCompletion {
  choices?: { message?: { content?: string | null } }[];
}

/** `insufficient_quota` arrives as a 429 but no retry will help: the account has no credit. */
const readErrorObject = (error: OpenAiErrorObject | string) => {
  if (typeof error === "string") return { detail: error.slice(0, 300), code: null };
  const code = error.code === null || error.code === undefined ? (error.type ?? null) : String(error.code);
  const parts = [error.message?.trim() || "no message", code ? `(${code})` : ""].filter(Boolean);
  return { detail: parts.join(" ").slice(0, 300), code };
};
