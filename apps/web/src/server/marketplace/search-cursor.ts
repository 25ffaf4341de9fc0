import { z } from "zod";
import { AppError } from "@tradelab/runner/errors";

/** The orders a buyer can sort search results by. */
export const SEARCH_SORTS = ["relevance", "sharpe", "profit", "drawdown", "rating", "newest", "price_asc", "price_desc"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];

/**
 * Where a page ended: the last row's sort key and id (keyset paging), and the sort it belongs to,
 * so a cursor is never applied to another order. `key` is a number (a metric, a price, a rank),
 * an ISO time (newest) or null (a listing without that metric, sorted last).
 */
export interface SearchCursor {
  sort: SearchSort;
  key: number | string | null;
  id: string;
}

const cursorSchema = z.object({
  s: z.enum(SEARCH_SORTS),
  k: z.union([z.number().finite(), z.iso.datetime(), z.null()]),
  i: z.string().min(1).max(64),
});

/** Opaque to clients: base64url of a small JSON object. */
export function encodeSearchCursor(cursor: SearchCursor): string {
  return Buffer.from(JSON.stringify({ s: cursor.sort, k: cursor.key, i: cursor.id })).toString("base64url");
}

/** The cursor a previous page handed out; BAD_REQUEST for anything else (edited, truncated, another sort's). */
export function decodeSearchCursor(text: string, sort: SearchSort): SearchCursor {
  let parsed: z.infer<typeof cursorSchema> | undefined;
  try {
    const result = cursorSchema.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    if (result.success) parsed = result.data;
  } catch {
    // not base64 JSON: reported below like any other malformed cursor
  }
  // Newest pages by time, every other order by a number.
  if (parsed && parsed.k !== null && (typeof parsed.k === "string") !== (parsed.s === "newest")) parsed = undefined;
  if (!parsed) throw new AppError("BAD_REQUEST", "the page cursor is malformed: start again from the first page");
  if (parsed.s !== sort) throw new AppError("BAD_REQUEST", `the page cursor belongs to the "${parsed.s}" order, not "${sort}": start again from the first page`);
  return { sort: parsed.s, key: parsed.k, id: parsed.i };
}
