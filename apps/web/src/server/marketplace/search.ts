/**
 * Marketplace search: full-text search over published listings with filters, sort orders and
 * keyset paging, in parameterised SQL (one query for the page, one for the count).
 *
 * - Text: `websearch_to_tsquery('english', q)` (quotes, `or`, `-word` as on a search engine; English
 *   stemming, so "breakouts" finds "breakout") against the generated column "searchDocument",
 *   where the title weighs A, tags B and the description C. Relevance is `ts_rank_cd` with length
 *   normalisation (1), so a long description repeating a word does not outrank a title.
 *   A query of stop words only ("the") matches nothing; an empty or blank one is no text filter.
 * - Only listings a buyer may see: status PUBLISHED and not hidden by an admin.
 * - Sorting: one key per order, NULLS LAST (a listing without a metric comes after those with one),
 *   ties broken by id in the same direction, so every row has one place and paging is stable.
 *   Each order's key has a partial index over the visible listings, so a broad query's first
 *   page walks that index and stops after `limit` rows instead of sorting every match.
 * - Paging: the cursor holds the last row's (key, id); the next page is the rows after it in that
 *   order (`(key, id) < (last key, last id)` for a descending order). No OFFSET, so page 100 costs
 *   what page 1 costs, and rows added meanwhile neither repeat nor shift the pages.
 */
import { z } from "zod";
import { TIMEFRAMES } from "@tradelab/contracts";
import { Prisma, type PrismaClient } from "@tradelab/db/client";
import { decodeSearchCursor, encodeSearchCursor, SEARCH_SORTS, type SearchCursor, type SearchSort } from "./search-cursor";

export const searchListingsInput = z
  .object({
    q: z.string().max(200, "a search has at most 200 characters").optional(),
    /** Listings carrying all of these tags. */
    tags: z.array(z.string().trim().toLowerCase().min(1).max(40)).max(10, "filter by at most 10 tags").optional(),
    timeframe: z.enum(TIMEFRAMES).optional(),
    licence: z.enum(["OPEN", "RUN_ONLY"]).optional(),
    priceMinCents: z.number().int().min(0).optional(),
    priceMaxCents: z.number().int().min(0).optional(),
    freeOnly: z.boolean().optional(),
    minSharpe: z.number().finite().optional(),
    /** Drawdown as a positive ratio: 0.2 = at most a 20 % drawdown. */
    maxDrawdownRatio: z.number().min(0).max(1).optional(),
    minTrades: z.number().int().min(0).optional(),
    /** Default: relevance with a text query, newest without. */
    sort: z.enum(SEARCH_SORTS).optional(),
    limit: z.number().int().min(1).max(50).default(20),
    cursor: z.string().min(1).max(500).optional(),
  })
  .refine((i) => i.priceMinCents === undefined || i.priceMaxCents === undefined || i.priceMinCents <= i.priceMaxCents, {
    message: "the minimum price is above the maximum price",
    path: ["priceMinCents"],
  });
export type SearchListingsInput = z.input<typeof searchListingsInput>;

export interface ListingSearchItem {
  id: string;
  title: string;
  /** Plain text: the passage of the description that matches the query, or its beginning. */
  snippet: string;
  tags: string[];
  timeframe: string;
  licence: "OPEN" | "RUN_ONLY";
  priceModel: "FREE" | "ONE_TIME" | "MONTHLY";
  priceCents: number;
  currency: string;
  sharpe: number | null;
  profitRatio: number | null;
  maxDrawdownRatio: number | null;
  totalTrades: number | null;
  ratingAvg: number | null;
  ratingCount: number;
  sellerName: string | null;
  /** ISO 8601. */
  publishedAt: string | null;
}

export interface ListingSearchPage {
  items: ListingSearchItem[];
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  /** How many listings match, on the first page only (null on later pages); see countMatches. */
  total: number | null;
  /** True when `total` is PostgreSQL's estimate (show "about 6,400"). */
  totalIsEstimate: boolean;
}

interface SortOrder {
  /** The sort key, an expression over the listing `l` (and the query for relevance). */
  key: Prisma.Sql;
  descending: boolean;
  /** Where listings without the key go; "first" only to match an index (see newest). */
  nulls: "first" | "last" | "none";
  /** The SQL type of the key, so a cursor's value compares exactly (ranks are `real`). */
  type: Prisma.Sql;
}

const SNIPPET_CHARS = 160;
const EXACT_COUNT_UP_TO = 100;

function sortOrder(sort: SearchSort, tsquery: Prisma.Sql | null): SortOrder {
  const double = Prisma.sql`double precision`;
  switch (sort) {
    case "relevance":
      if (!tsquery) throw new Error("relevance needs a text query"); // resolveSort never asks for it without one
      return { key: Prisma.sql`ts_rank_cd(l."searchDocument", ${tsquery}, 1)`, descending: true, nulls: "none", type: Prisma.sql`real` };
    case "sharpe":
      return { key: Prisma.sql`l."sharpe"`, descending: true, nulls: "last", type: double };
    case "profit":
      return { key: Prisma.sql`l."profitRatio"`, descending: true, nulls: "last", type: double };
    case "drawdown":
      return { key: Prisma.sql`l."maxDrawdownRatio"`, descending: false, nulls: "last", type: double };
    case "rating":
      return { key: Prisma.sql`l."ratingAvg"`, descending: true, nulls: "last", type: double };
    case "newest":
      // A published listing always has publishedAt; NULLS FIRST is DESC's default and so the
      // order of "Listing_public_published_idx", which then serves the browse page's default.
      return { key: Prisma.sql`l."publishedAt"`, descending: true, nulls: "first", type: Prisma.sql`timestamp(3)` };
    case "price_asc":
      return { key: Prisma.sql`l."priceCents"`, descending: false, nulls: "none", type: Prisma.sql`integer` };
    case "price_desc":
      return { key: Prisma.sql`l."priceCents"`, descending: true, nulls: "none", type: Prisma.sql`integer` };
  }
}

/** The rows after the cursor's row in `order`: NULL keys form one block, first or last, ordered by id. */
function afterCursor(order: SortOrder, cursor: SearchCursor): Prisma.Sql {
  const cmp = Prisma.raw(order.descending ? "<" : ">");
  if (cursor.key === null) {
    const nullsAfter = Prisma.sql`(${order.key} IS NULL AND l."id" ${cmp} ${cursor.id})`;
    return order.nulls === "first" ? Prisma.sql`(${nullsAfter} OR ${order.key} IS NOT NULL)` : nullsAfter;
  }
  const after = Prisma.sql`(${order.key}, l."id") ${cmp} (${cursor.key}::${order.type}, ${cursor.id})`;
  return order.nulls === "last" ? Prisma.sql`(${order.key} IS NULL OR ${after})` : after;
}

function filters(input: z.output<typeof searchListingsInput>, tsquery: Prisma.Sql | null): Prisma.Sql[] {
  const where = [Prisma.sql`l."status" = 'PUBLISHED'`, Prisma.sql`l."hiddenAt" IS NULL`];
  if (tsquery) where.push(Prisma.sql`l."searchDocument" @@ ${tsquery}`);
  if (input.tags?.length) where.push(Prisma.sql`l."tags" @> ${input.tags}::text[]`);
  if (input.timeframe) where.push(Prisma.sql`l."timeframe" = ${input.timeframe}`);
  if (input.licence) where.push(Prisma.sql`l."licence" = ${input.licence}::"Licence"`);
  // The same as priceModel = 'FREE' (Listing_price_check), but the price index can answer it.
  if (input.freeOnly) where.push(Prisma.sql`l."priceCents" = 0`);
  if (input.priceMinCents !== undefined) where.push(Prisma.sql`l."priceCents" >= ${input.priceMinCents}::integer`);
  if (input.priceMaxCents !== undefined) where.push(Prisma.sql`l."priceCents" <= ${input.priceMaxCents}::integer`);
  if (input.minSharpe !== undefined) where.push(Prisma.sql`l."sharpe" >= ${input.minSharpe}::double precision`);
  if (input.maxDrawdownRatio !== undefined) where.push(Prisma.sql`l."maxDrawdownRatio" <= ${input.maxDrawdownRatio}::double precision`);
  if (input.minTrades !== undefined) where.push(Prisma.sql`l."totalTrades" >= ${input.minTrades}::integer`);
  return where;
}

/** Relevance is the default with a text query and means nothing without one (then: newest). */
const resolveSort = (sort: SearchSort | undefined, hasQuery: boolean): SearchSort =>
  sort === "relevance" || sort === undefined ? (hasQuery ? "relevance" : "newest") : sort;

/** Markdown as a line of plain text: no headings, emphasis, code fences, link targets or line breaks. */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s*(#{1,6}|>+)\s*/gm, "") // headings, quotes
    .replace(/[*`~]+/g, "")
    .replace(/\b_+\B|\B_+\b/g, "") // emphasis, not the underscores inside custom_stoploss
    .replace(/[\s|]+/g, " ")
    .trim();
}

/** The first ~`SNIPPET_CHARS` characters, cut at a word boundary. */
function leadingSnippet(text: string): string {
  if (text.length <= SNIPPET_CHARS) return text;
  const cut = text.lastIndexOf(" ", SNIPPET_CHARS);
  return `${text.slice(0, cut > SNIPPET_CHARS / 2 ? cut : SNIPPET_CHARS)}…`;
}

interface ListingRow extends Omit<ListingSearchItem, "snippet" | "publishedAt"> {
  snippetSource: string;
  publishedAt: Date | null;
  sortKey: number | Date | null;
}

/**
 * Exact up to EXACT_COUNT_UP_TO matches, PostgreSQL's estimate beyond (`totalIsEstimate`).
 * Counting a broad query exactly ("breakout": a fifth of 100k listings) would read every match
 * from the heap, while its first page in a metric order comes from that metric's index and stops
 * after `limit` rows; counting up to the cap stops early too.
 */
async function countMatches(prisma: PrismaClient, where: Prisma.Sql[]): Promise<{ total: number; totalIsEstimate: boolean }> {
  const condition = Prisma.join(where, " AND ");
  const [{ n }] = await prisma.$queryRaw<[{ n: number }]>`
    SELECT count(*)::integer AS n FROM (SELECT 1 FROM "Listing" l WHERE ${condition} LIMIT ${EXACT_COUNT_UP_TO + 1}::integer) capped`;
  if (n <= EXACT_COUNT_UP_TO) return { total: n, totalIsEstimate: false };
  const [{ "QUERY PLAN": [plan] }] = await prisma.$queryRaw<[{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }]>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM "Listing" l WHERE ${condition}`;
  return { total: Math.max(n, Math.round(plan.Plan["Plan Rows"])), totalIsEstimate: true };
}

export async function searchListings(prisma: PrismaClient, rawInput: SearchListingsInput): Promise<ListingSearchPage> {
  const input = searchListingsInput.parse(rawInput);
  const q = input.q?.trim() ?? "";
  const tsquery = q ? Prisma.sql`websearch_to_tsquery('english', ${q})` : null;
  const sort = resolveSort(input.sort, tsquery !== null);
  const cursor = input.cursor === undefined ? null : decodeSearchCursor(input.cursor, sort);
  const order = sortOrder(sort, tsquery);
  const where = filters(input, tsquery);
  if (cursor) where.push(afterCursor(order, cursor));
  const direction = Prisma.raw(order.descending ? "DESC" : "ASC");
  const keyOrder = Prisma.raw(`${order.descending ? "DESC" : "ASC"} NULLS ${order.nulls === "first" ? "FIRST" : "LAST"}`);
  // The description is only read for the page's rows: the passage around the match (ts_headline
  // is costly, so after LIMIT) or the beginning. Heading lines are left out of the passage, or it
  // could start with the tail of one ("trades A zephyrcross…" from "## How it trades").
  const snippetSource = tsquery
    ? Prisma.sql`ts_headline('english', regexp_replace(l."description", '^#{1,6} [^\n]*$', '', 'gn'), ${tsquery}, 'MaxWords=35, MinWords=15, MaxFragments=1, StartSel="", StopSel=""')`
    : Prisma.sql`left(l."description", ${SNIPPET_CHARS * 3}::integer)`;

  const rowsQuery = prisma.$queryRaw<ListingRow[]>`
    SELECT page."id", l."title", ${snippetSource} AS "snippetSource", l."tags", l."timeframe", l."licence"::text AS "licence",
           l."priceModel"::text AS "priceModel", l."priceCents", l."currency", l."sharpe", l."profitRatio", l."maxDrawdownRatio",
           l."totalTrades", l."ratingAvg", l."ratingCount", u."name" AS "sellerName", l."publishedAt", page."sortKey"
      FROM (SELECT l."id", ${order.key} AS "sortKey"
              FROM "Listing" l
             WHERE ${Prisma.join(where, " AND ")}
             ORDER BY 2 ${keyOrder}, 1 ${direction}
             LIMIT ${input.limit + 1}::integer) page
      JOIN "Listing" l ON l."id" = page."id"
      JOIN "User" u ON u."id" = l."sellerId"
     ORDER BY page."sortKey" ${keyOrder}, page."id" ${direction}`;
  const countQuery = cursor ? null : countMatches(prisma, where);
  const [rows, counted] = await Promise.all([rowsQuery, countQuery]);

  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > input.limit && last
      ? encodeSearchCursor({ sort, id: last.id, key: last.sortKey instanceof Date ? last.sortKey.toISOString() : last.sortKey })
      : null;
  const items = page.map(({ snippetSource: text, sortKey: _sortKey, publishedAt, ...row }) => {
    const plain = markdownToPlainText(text);
    return { ...row, snippet: tsquery ? plain : leadingSnippet(plain), publishedAt: publishedAt?.toISOString() ?? null };
  });
  return { items, nextCursor, total: counted?.total ?? null, totalIsEstimate: counted?.totalIsEstimate ?? false };
}
