import type { SseEvent } from "./types.js";

/**
 * Incremental parser for text/event-stream, after the WHATWG rules: lines end in LF, CRLF or CR
 * (a CR at the end of one chunk and an LF at the start of the next are one line end), `:` starts a
 * comment, `field: value` drops one space after the colon, several `data:` lines join with "\n",
 * a blank line dispatches the event, and an event without data is not dispatched. UTF-8 split across
 * chunks is decoded correctly. Unlike browsers, an event still pending when the body ends is
 * dispatched: some servers close the connection right after the last `data:` line.
 */
export class SseParser {
  private readonly decoder = new TextDecoder("utf-8");
  private buffer = "";
  private skipLeadingLf = false;
  private eventType = "";
  private dataLines: string[] = [];
  private lastId: string | undefined;

  /** Feeds one chunk; returns the events it completed. */
  push(chunk: Uint8Array | string): SseEvent[] {
    const text = typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true });
    return this.consume(text, false);
  }

  /** Ends the stream; returns a last event that had no blank line after it. */
  end(): SseEvent[] {
    const events = this.consume(this.decoder.decode(), true);
    return events;
  }

  private consume(text: string, final: boolean): SseEvent[] {
    let input = this.buffer + text;
    this.buffer = "";
    if (this.skipLeadingLf && input.startsWith("\n")) input = input.slice(1);
    if (input.length > 0) this.skipLeadingLf = false;
    const events: SseEvent[] = [];
    let start = 0;
    for (let i = 0; i < input.length; i++) {
      const ch = input.charCodeAt(i);
      if (ch !== 10 && ch !== 13) continue;
      this.line(input.slice(start, i), events);
      if (ch === 13) {
        if (i + 1 < input.length) {
          if (input.charCodeAt(i + 1) === 10) i++;
        } else {
          this.skipLeadingLf = true; // the LF of a CRLF may arrive in the next chunk
        }
      }
      start = i + 1;
    }
    this.buffer = input.slice(start);
    if (final) {
      if (this.buffer.length > 0) this.line(this.buffer, events);
      this.buffer = "";
      this.line("", events);
    }
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line === "") {
      if (this.dataLines.length > 0) {
        const event: SseEvent = { event: this.eventType || "message", data: this.dataLines.join("\n") };
        if (this.lastId !== undefined) event.id = this.lastId;
        events.push(event);
      }
      this.eventType = "";
      this.dataLines = [];
      return;
    }
    if (line.startsWith(":")) return; // comment, e.g. ": OPENROUTER PROCESSING" keep-alives
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.dataLines.push(value);
    else if (field === "event") this.eventType = value;
    else if (field === "id" && !value.includes("\0")) this.lastId = value;
    // "retry" and unknown fields are ignored: reconnection is the caller's business here.
  }
}

/**
 * The events of a fetch Response body, in order. `onChunk` runs for every chunk read (the caller's
 * idle timer). Reading stops, and the body is cancelled, when the consumer stops iterating.
 */
export async function* readSseEvents(
  body: ReadableStream<Uint8Array>,
  onChunk?: () => void,
): AsyncGenerator<SseEvent> {
  const parser = new SseParser();
  const reader = body.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      onChunk?.();
      for (const event of parser.push(value)) yield event;
    }
    for (const event of parser.end()) yield event;
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
