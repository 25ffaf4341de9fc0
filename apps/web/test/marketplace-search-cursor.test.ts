import { describe, expect, it } from "vitest";
import { AppError } from "@tradelab/runner/errors";
import { decodeSearchCursor, encodeSearchCursor, type SearchCursor } from "../src/server/marketplace/search-cursor";
import { markdownToPlainText } from "../src/server/marketplace/search";

const base64 = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

describe("search cursor", () => {
  const cursors: SearchCursor[] = [
    { sort: "sharpe", key: 1.234567890123, id: "listing1" },
    { sort: "drawdown", key: null, id: "listing2" },
    { sort: "relevance", key: 0.0607927, id: "listing3" },
    { sort: "newest", key: "2025-02-01T09:30:00.000Z", id: "listing4" },
    { sort: "price_asc", key: 0, id: "listing5" },
  ];
  it.each(cursors)("decodes what it encoded ($sort)", (cursor) => {
    const text = encodeSearchCursor(cursor);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/); // safe in a URL as it is
    expect(decodeSearchCursor(text, cursor.sort)).toEqual(cursor);
  });

  const malformed: [string, SearchCursor["sort"], string][] = [
    ["not base64 JSON", "sharpe", "%%%"],
    ["base64 of text that is not JSON", "sharpe", base64("hello")],
    ["JSON of the wrong shape", "sharpe", base64({ sort: "sharpe", key: 1, id: "x" })],
    ["an unknown sort", "sharpe", base64({ s: "cheapest", k: 1, i: "x" })],
    ["a text key for a numeric order", "sharpe", base64({ s: "sharpe", k: "1 OR 1=1", i: "x" })],
    ["a time key that is not a time", "newest", base64({ s: "newest", k: "yesterday", i: "x" })],
    ["a number key for newest", "newest", base64({ s: "newest", k: 5, i: "x" })],
    ["an empty id", "sharpe", base64({ s: "sharpe", k: 1, i: "" })],
  ];
  it.each(malformed)("refuses %s with BAD_REQUEST", (_name, sort, text) => {
    expect(() => decodeSearchCursor(text, sort)).toThrow(new AppError("BAD_REQUEST", "the page cursor is malformed: start again from the first page"));
  });

  it("refuses a cursor of another sort order", () => {
    const text = encodeSearchCursor({ sort: "sharpe", key: 1, id: "x" });
    expect(() => decodeSearchCursor(text, "newest")).toThrow(/belongs to the "sharpe" order, not "newest"/);
  });
});

describe("markdownToPlainText", () => {
  it("keeps the words and drops the markup", () => {
    expect(markdownToPlainText("## Entry\n\n**RSI** below _30_, see [the docs](https://x.test/a) and `ema(20)`.\n> quoted | custom_stoploss when RSI > 70 #1")).toBe(
      "Entry RSI below 30, see the docs and ema(20). quoted custom_stoploss when RSI > 70 #1",
    );
  });
});
