import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { expect } from "vitest";
import { createLlmClient, type LlmClientOptions } from "../src/llm/client.js";
import { BreakerRegistry, LlmError } from "../src/llm/resilience.js";
import type { LlmProviderConfig } from "../src/llm/types.js";

/**
 * A local HTTP server that plays a provider: it records every request and answers with the next
 * scripted responder (documented SSE bodies and error bodies from fixtures/llm).
 */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export type Responder = (request: RecordedRequest, response: ServerResponse) => void | Promise<void>;

export interface FixtureServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Responders used once each, in order; after them the fallback (or a 599). */
  enqueue(...responders: Responder[]): void;
  setFallback(responder: Responder): void;
  close(): Promise<void>;
}

export const startFixtureServer = async (): Promise<FixtureServer> => {
  const requests: RecordedRequest[] = [];
  const queue: Responder[] = [];
  let fallback: Responder | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const recorded: RecordedRequest = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      requests.push(recorded);
      const responder = queue.shift() ?? fallback;
      if (!responder) {
        res.writeHead(599).end("no scripted response");
        return;
      }
      void Promise.resolve(responder(recorded, res)).catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    enqueue: (...responders) => queue.push(...responders),
    setFallback: (responder) => {
      fallback = responder;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

export const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/llm/${name}`, import.meta.url), "utf8");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 200 text/event-stream with `body`, written in pieces of `pieceSize` bytes when given. */
export const sseResponse =
  (body: string, options: { pieceSize?: number; pauseMs?: number; hang?: boolean } = {}): Responder =>
  async (_request, response) => {
    response.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    const bytes = Buffer.from(body, "utf8");
    const size = options.pieceSize ?? bytes.length;
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (response.destroyed) return;
      response.write(bytes.subarray(offset, offset + size));
      if (options.pauseMs !== undefined) await sleep(options.pauseMs);
    }
    if (!options.hang) response.end();
  };

export const jsonResponse =
  (status: number, body: string, headers: Record<string, string> = {}): Responder =>
  (_request, response) => {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(body);
  };

/** An OpenAI-compatible stream that says `pieces`. */
export const openAiStream = (pieces: string[]): string =>
  [
    ...pieces.map(
      (content) =>
        `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`,
    ),
    `data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`,
    "data: [DONE]\n\n",
  ].join("");

/** An Anthropic stream that says `pieces`. */
export const anthropicStream = (pieces: string[]): string =>
  [
    `event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude","stop_reason":null,"usage":{"input_tokens":1,"output_tokens":1}}}\n\n`,
    `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n`,
    ...pieces.map(
      (text) =>
        `event: content_block_delta\ndata: ${JSON.stringify({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text } })}\n\n`,
    ),
    `event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n`,
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":9}}\n\n`,
    `event: message_stop\ndata: {"type":"message_stop"}\n\n`,
  ].join("");

/**
 * A client for the fixture server with its own breakers, waits recorded in `sleeps` instead of
 * slept, and no jitter.
 */
export const fixtureClient = (
  base: LlmProviderConfig,
  sleeps: number[],
  config: Partial<LlmProviderConfig> = {},
  options: LlmClientOptions = {},
) =>
  createLlmClient(
    { ...base, ...config },
    {
      breakers: new BreakerRegistry(),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0,
      ...options,
    },
  );

/** What the call threw, after checking it is an LlmError with the key nowhere in its text. */
export const llmFailure = async (promise: Promise<unknown>, apiKey: string): Promise<LlmError> => {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  for (const text of [String(error), (error as Error).stack ?? "", JSON.stringify(error), inspect(error, { depth: 5 })]) {
    expect(text).not.toContain(apiKey);
  }
  return error as LlmError;
};
