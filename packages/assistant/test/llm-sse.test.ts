import { describe, expect, it } from "vitest";
import { readSseEvents, SseParser } from "../src/llm/sse.js";
import type { SseEvent } from "../src/llm/types.js";
import { fixture } from "./llm-test-server.js";

const parseAll = (chunks: (string | Uint8Array)[]): SseEvent[] => {
  const parser = new SseParser();
  return [...chunks.flatMap((chunk) => parser.push(chunk)), ...parser.end()];
};

const streamOf = (chunks: Uint8Array[]): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      controller.close();
    },
  });

describe("SseParser", () => {
  it("reads the documented Anthropic stream into named events", () => {
    const events = parseAll([fixture("anthropic-stream.sse")]);
    expect(events.map((e) => e.event)).toEqual([
      "message_start",
      "content_block_start",
      "ping",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(JSON.parse(events[3].data).delta.text).toBe("Hello");
  });

  it("gives the same events whatever byte the stream is split at", () => {
    const bytes = new TextEncoder().encode(fixture("openai-stream.sse").replace(/\n/g, "\r\n") + "é€");
    const whole = parseAll([bytes]);
    expect(whole).toHaveLength(6);
    expect(whole[5].data).toBe("[DONE]");
    for (let split = 1; split < bytes.length; split += 3) {
      expect(parseAll([bytes.subarray(0, split), bytes.subarray(split)])).toEqual(whole);
    }
    // byte by byte, including a split inside the UTF-8 of "é€" and between CR and LF
    const text = "data: caf\u00e9 \u20ac\r\n\r\n";
    const encoded = new TextEncoder().encode(text);
    expect(parseAll([...encoded].map((b) => Uint8Array.of(b)))).toEqual([{ event: "message", data: "caf\u00e9 \u20ac" }]);
  });

  it("handles CR-only line ends, comments, multi-line data, ids and a missing space after the colon", () => {
    const events = parseAll([": keep-alive\r", "event: update\rid: 7\rdata:line one\rdata: line two\r\r", ":another comment\n\n"]);
    expect(events).toEqual([{ event: "update", data: "line one\nline two", id: "7" }]);
  });

  it("does not dispatch events without data, and dispatches a last event with no blank line after it", () => {
    expect(parseAll(["event: ping\n\n", "data: tail"])).toEqual([{ event: "message", data: "tail" }]);
  });

  it("reads a fetch body and calls onChunk for every chunk", async () => {
    const encoder = new TextEncoder();
    let chunks = 0;
    const events: SseEvent[] = [];
    for await (const event of readSseEvents(streamOf([encoder.encode("data: a\n"), encoder.encode("\ndata: b\n\n")]), () => chunks++)) {
      events.push(event);
    }
    expect(events.map((e) => e.data)).toEqual(["a", "b"]);
    expect(chunks).toBe(2);
  });
});
