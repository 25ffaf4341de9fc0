import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaClient, type PrismaClient } from "@tradelab/db";
import { createTestDatabase } from "../../../test/helpers.js";
import { searchListings, type SearchListingsInput } from "../src/server/marketplace/search";
import { encodeSearchCursor } from "../src/server/marketplace/search-cursor";

/**
 * searchListings against real PostgreSQL (the migrated schema: generated search document, GIN
 * index) on a small hand-made marketplace whose right answers are known. Ids are chosen so that
 * ties (listing2 and listing5 share a Sharpe and a publication day) have a known order.
 */
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let prisma: PrismaClient;

type Seed = {
  id: string; title: string; description: string; tags: string[]; timeframe: string; licence: "OPEN" | "RUN_ONLY";
  priceModel: "FREE" | "ONE_TIME" | "MONTHLY"; priceCents: number; sharpe: number | null; profitRatio: number | null;
  maxDrawdownRatio: number | null; totalTrades: number | null; ratingAvg: number | null; ratingCount: number; publishedAt: string;
  status?: "VERIFYING" | "PUBLISHED" | "VERIFICATION_FAILED" | "UNPUBLISHED"; hidden?: boolean;
};

const visible: Seed[] = [
  { id: "listing1", title: "RSI Breakout Hunter", description: "## How it trades\n\nBuys **strength** after a quiet consolidation, confirmed by [RSI](https://example.com/rsi).", tags: ["rsi", "breakout"], timeframe: "1h", licence: "OPEN", priceModel: "FREE", priceCents: 0, sharpe: 2.1, profitRatio: 0.8, maxDrawdownRatio: 0.1, totalTrades: 300, ratingAvg: 4.5, ratingCount: 2, publishedAt: "2025-01-05T10:00:00.000Z" },
  { id: "listing2", title: "Calm Trend Rider", description: "Follows the daily trend and waits for a breakout of the weekly range before it adds to a position.", tags: ["trend"], timeframe: "4h", licence: "RUN_ONLY", priceModel: "ONE_TIME", priceCents: 1999, sharpe: 1.2, profitRatio: 0.4, maxDrawdownRatio: 0.25, totalTrades: 120, ratingAvg: 3.9, ratingCount: 7, publishedAt: "2025-02-01T09:30:00.000Z" },
  { id: "listing3", title: "Mean Reversion Scalper", description: "Scalping small moves on ETH with Bollinger bands. ".repeat(8), tags: ["scalping", "eth"], timeframe: "5m", licence: "OPEN", priceModel: "MONTHLY", priceCents: 999, sharpe: 0.5, profitRatio: 0.1, maxDrawdownRatio: 0.05, totalTrades: 2500, ratingAvg: null, ratingCount: 0, publishedAt: "2025-03-01T12:00:00.000Z" },
  { id: "listing4", title: "Momentum Swing", description: "EMA momentum on the daily chart, held for days.", tags: ["momentum"], timeframe: "1d", licence: "RUN_ONLY", priceModel: "ONE_TIME", priceCents: 4999, sharpe: null, profitRatio: null, maxDrawdownRatio: null, totalTrades: null, ratingAvg: 5, ratingCount: 1, publishedAt: "2024-12-01T08:00:00.000Z" },
  { id: "listing5", title: "Ichimoku Cloud", description: "Trades the cloud on BTC with a wide stop.", tags: ["trend", "btc"], timeframe: "1h", licence: "OPEN", priceModel: "FREE", priceCents: 0, sharpe: 1.2, profitRatio: -0.05, maxDrawdownRatio: 0.4, totalTrades: 45, ratingAvg: 2, ratingCount: 3, publishedAt: "2025-02-01T09:30:00.000Z" },
];
/** Each would match "breakout" and every filter below, but no buyer may find it. */
const invisible: Seed[] = (["hidden", "VERIFYING", "UNPUBLISHED", "VERIFICATION_FAILED"] as const).map((kind, i) => ({
  ...visible[0]!,
  id: `secret${i + 1}`,
  title: `Breakout ${kind}`,
  status: kind === "hidden" ? "PUBLISHED" : kind,
  hidden: kind === "hidden",
}));
const ALL_VISIBLE = visible.map((l) => l.id);

const ids = async (input: SearchListingsInput) => (await searchListings(prisma, input)).items.map((i) => i.id);

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  const seller = await prisma.user.create({ data: { email: "seller@example.com", name: "Ada Seller" } });
  const strategy = await prisma.strategy.create({ data: { ownerId: seller.id, name: "Seeded" } });
  const version = await prisma.strategyVersion.create({
    data: { strategyId: strategy.id, contentHash: "seeded", source: "# seeded", fileName: "Seeded.py", className: "Seeded" },
  });
  for (const { hidden, status, publishedAt, ...listing } of [...visible, ...invisible]) {
    await prisma.listing.create({
      data: {
        ...listing,
        sellerId: seller.id,
        strategyVersionId: version.id,
        status: status ?? "PUBLISHED",
        hiddenAt: hidden ? new Date() : null,
        publishedAt: status === "VERIFYING" ? null : new Date(publishedAt),
      },
    });
  }
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe("text search", () => {
  it("finds a word in any form (English stemming) and ranks a title match above a description match", async () => {
    const page = await searchListings(prisma, { q: "breakouts" });
    expect(page.items.map((i) => i.id)).toEqual(["listing1", "listing2"]);
    expect(page.total).toBe(2);
    expect(page.totalIsEstimate).toBe(false);
  });

  it("understands search-engine syntax: quoted phrases, excluded words, or", async () => {
    expect(await ids({ q: '"mean reversion"' })).toEqual(["listing3"]);
    expect(await ids({ q: "breakout -rsi" })).toEqual(["listing2"]);
    expect(new Set(await ids({ q: "ichimoku or scalper" }))).toEqual(new Set(["listing3", "listing5"]));
  });

  it("finds tags", async () => {
    expect(await ids({ q: "btc" })).toEqual(["listing5"]);
  });

  it("shows the matching passage of the description as plain text without headings, or its beginning without a query", async () => {
    const [, calm] = (await searchListings(prisma, { q: "breakout" })).items;
    expect(calm!.snippet).toContain("breakout of the weekly range");
    const hunter = (await searchListings(prisma, { q: "hunter" })).items[0]!;
    // Headings are left out of the passage, which could otherwise start inside one.
    expect(hunter.snippet).toBe("Buys strength after a quiet consolidation, confirmed by RSI.");
    const scalper = (await searchListings(prisma, { tags: ["scalping"] })).items[0]!;
    expect(scalper.snippet.length).toBeLessThanOrEqual(161);
    expect(scalper.snippet).toMatch(/^Scalping small moves on ETH with Bollinger bands\. .*…$/);
  });

  it("returns what a result card shows", async () => {
    const [item] = (await searchListings(prisma, { q: "ichimoku" })).items;
    expect(item).toEqual({
      id: "listing5", title: "Ichimoku Cloud", snippet: "Trades the cloud on BTC with a wide stop.", tags: ["trend", "btc"], timeframe: "1h",
      licence: "OPEN", priceModel: "FREE", priceCents: 0, currency: "usd", sharpe: 1.2, profitRatio: -0.05, maxDrawdownRatio: 0.4,
      totalTrades: 45, ratingAvg: 2, ratingCount: 3, sellerName: "Ada Seller", publishedAt: "2025-02-01T09:30:00.000Z",
    });
  });

  it("treats an empty or blank query as no text filter, newest first", async () => {
    const newest = ["listing3", "listing5", "listing2", "listing1", "listing4"];
    expect(await ids({})).toEqual(newest);
    expect(await ids({ q: "   " })).toEqual(newest);
    expect((await searchListings(prisma, { q: "" })).total).toBe(5);
  });

  it("finds nothing for words no listing has", async () => {
    expect(await searchListings(prisma, { q: "martingale" })).toEqual({ items: [], nextCursor: null, total: 0, totalIsEstimate: false });
  });

  it("treats SQL in the query and the filters as text", async () => {
    expect(await ids({ q: "breakout' OR 1=1 --" })).toEqual(["listing1", "listing2"]);
    expect(await ids({ q: `'); DROP TABLE "Listing"; --` })).toEqual([]);
    expect(await ids({ tags: [`trend'] OR TRUE --`] })).toEqual([]);
    expect(await prisma.listing.count()).toBe(visible.length + invisible.length);
  });
});

describe("visibility", () => {
  it("never returns hidden, unverified, failed or unpublished listings", async () => {
    expect(await ids({ q: "breakout", limit: 50 })).toEqual(["listing1", "listing2"]);
    expect(new Set(await ids({ limit: 50 }))).toEqual(new Set(ALL_VISIBLE));
    expect(await ids({ q: "verifying" })).toEqual([]);
  });
});

describe("filters", () => {
  const cases: [string, SearchListingsInput, string[]][] = [
    ["all of the given tags", { tags: ["trend"] }, ["listing2", "listing5"]],
    ["all of the given tags, case-insensitively", { tags: ["Trend", "BTC"] }, ["listing5"]],
    ["timeframe", { timeframe: "1h" }, ["listing1", "listing5"]],
    ["licence", { licence: "RUN_ONLY" }, ["listing2", "listing4"]],
    ["price range, inclusive", { priceMinCents: 999, priceMaxCents: 1999 }, ["listing2", "listing3"]],
    ["minimum price", { priceMinCents: 1 }, ["listing2", "listing3", "listing4"]],
    ["free only", { freeOnly: true }, ["listing1", "listing5"]],
    ["minimum Sharpe, inclusive; no Sharpe never passes", { minSharpe: 1.2 }, ["listing1", "listing2", "listing5"]],
    ["maximum drawdown, inclusive", { maxDrawdownRatio: 0.1 }, ["listing1", "listing3"]],
    ["minimum trades", { minTrades: 300 }, ["listing1", "listing3"]],
    ["a text query with two filters", { q: "trend", timeframe: "1h", minSharpe: 1 }, ["listing5"]],
  ];
  it.each(cases)("%s", async (_name, input, expected) => {
    const page = await searchListings(prisma, { ...input, sort: "price_asc", limit: 50 });
    expect(new Set(page.items.map((i) => i.id))).toEqual(new Set(expected));
    expect(page.total).toBe(expected.length);
  });

  it("refuses a price range whose minimum is above its maximum", async () => {
    await expect(searchListings(prisma, { priceMinCents: 2000, priceMaxCents: 1000 })).rejects.toThrow(/minimum price is above the maximum/);
  });
});

describe("sort orders", () => {
  // listing2 and listing5 tie on Sharpe and publication time: the larger id comes first in a
  // descending order, the smaller in an ascending one. Listings without the metric come last.
  const orders: [SearchListingsInput["sort"], string[]][] = [
    ["sharpe", ["listing1", "listing5", "listing2", "listing3", "listing4"]],
    ["profit", ["listing1", "listing2", "listing3", "listing5", "listing4"]],
    ["drawdown", ["listing3", "listing1", "listing2", "listing5", "listing4"]],
    ["rating", ["listing4", "listing1", "listing2", "listing5", "listing3"]],
    ["newest", ["listing3", "listing5", "listing2", "listing1", "listing4"]],
    ["price_asc", ["listing1", "listing5", "listing3", "listing2", "listing4"]],
    ["price_desc", ["listing4", "listing2", "listing3", "listing5", "listing1"]],
  ];
  it.each(orders)("%s", async (sort, expected) => {
    expect(await ids({ sort, limit: 50 })).toEqual(expected);
  });

  it("relevance is the default with a query and means newest without one", async () => {
    expect(await ids({ q: "breakout" })).toEqual(await ids({ q: "breakout", sort: "relevance" }));
    expect(await ids({ sort: "relevance" })).toEqual(await ids({ sort: "newest" }));
  });

  it("a sort order keeps the text filter", async () => {
    expect(await ids({ q: "breakout", sort: "price_desc" })).toEqual(["listing2", "listing1"]);
  });
});

describe("paging", () => {
  /** Every page of `input`, `limit` at a time. */
  async function walk(input: SearchListingsInput, limit: number) {
    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await searchListings(prisma, { ...input, limit, cursor });
      pages.push(page);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 20);
    return pages;
  }

  const walks: [string, SearchListingsInput][] = [
    ...(["sharpe", "profit", "drawdown", "rating", "newest", "price_asc", "price_desc"] as const).map((sort): [string, SearchListingsInput] => [sort, { sort }]),
    ["relevance", { q: "trend or breakout or scalping or momentum" }],
  ];
  it.each(walks)("walks every result exactly once, in order (%s)", async (_name, input) => {
    const everything = await ids({ ...input, limit: 50 });
    for (const limit of [1, 2, 3]) {
      const pages = await walk(input, limit);
      expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(everything);
      expect(pages.map((p) => p.total)).toEqual([everything.length, ...pages.slice(1).map(() => null)]);
      expect(pages.at(-1)!.nextCursor).toBeNull();
    }
  });

  it("pages through a published listing without a publication time (the app never makes one) exactly once", async () => {
    await prisma.listing.update({ where: { id: "listing1" }, data: { publishedAt: null } });
    try {
      const everything = await ids({ sort: "newest", limit: 50 });
      expect(everything).toEqual(["listing1", "listing3", "listing5", "listing2", "listing4"]); // NULLS FIRST: see sortOrder
      expect((await walk({ sort: "newest" }, 1)).flatMap((p) => p.items.map((i) => i.id))).toEqual(everything);
    } finally {
      await prisma.listing.update({ where: { id: "listing1" }, data: { publishedAt: new Date(visible[0]!.publishedAt) } });
    }
  });

  it("the last page has no next cursor, also when it is full", async () => {
    const page = await searchListings(prisma, { limit: 5 });
    expect(page.items).toHaveLength(5);
    expect(page.nextCursor).toBeNull();
  });

  it("rejects a malformed cursor, or one of another sort order, with BAD_REQUEST", async () => {
    const bad = [
      "not a cursor",
      Buffer.from("{").toString("base64url"),
      Buffer.from(JSON.stringify({ s: "sharpe", k: "1; DROP TABLE x", i: "listing1" })).toString("base64url"),
    ];
    for (const cursor of bad) {
      await expect(searchListings(prisma, { sort: "sharpe", cursor })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/cursor is malformed/) });
    }
    const sharpeCursor = encodeSearchCursor({ sort: "sharpe", key: 1.2, id: "listing2" });
    await expect(searchListings(prisma, { sort: "price_asc", cursor: sharpeCursor })).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/"sharpe" order/) });
  });
});

describe("the total of a broad search", () => {
  const bulk = Array.from({ length: 150 }, (_, i) => ({ ...visible[2]!, id: `bulk${String(i).padStart(3, "0")}`, title: `Bulkword Scalper ${i}`, timeframe: i < 100 ? "15m" : "30m" }));
  beforeAll(async () => {
    const { sellerId, strategyVersionId } = (await prisma.listing.findUniqueOrThrow({ where: { id: "listing3" } }));
    await prisma.listing.createMany({
      data: bulk.map(({ publishedAt, ...l }) => ({ ...l, sellerId, strategyVersionId, status: "PUBLISHED" as const, publishedAt: new Date(publishedAt) })),
    });
    await prisma.$executeRaw`ANALYZE "Listing"`;
  });
  afterAll(async () => {
    await prisma.listing.deleteMany({ where: { id: { in: bulk.map((l) => l.id) } } });
  });

  it("is exact up to 100 matches and PostgreSQL's estimate beyond", async () => {
    const narrow = await searchListings(prisma, { q: "bulkword", timeframe: "15m" });
    expect([narrow.total, narrow.totalIsEstimate]).toEqual([100, false]);
    const broad = await searchListings(prisma, { q: "bulkword" });
    expect(broad.totalIsEstimate).toBe(true);
    expect(broad.total).toBeGreaterThan(100);
  });
});
