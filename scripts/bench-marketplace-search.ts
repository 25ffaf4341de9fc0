/**
 * Benchmark of marketplace search: latency of `searchListings` (through Prisma, as the API calls
 * it, including the first page's count) for a text query with two filters and a sort, on 100,000
 * generated listings, with the same queries on 1,000 listings as the baseline. An embedded
 * PostgreSQL of its own; generated data from a seeded PRNG, so every run searches the same rows.
 *
 *   npx tsx scripts/bench-marketplace-search.ts      (also run by `npm run bench`)
 */
import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations, createPrismaClient, startDatabase } from "@tradelab/db";
import { searchListings, type SearchListingsInput } from "../apps/web/src/server/marketplace/search";

const LISTINGS = Number(process.env.BENCH_SEARCH_LISTINGS ?? 100_000);
const BASELINE_LISTINGS = 1_000;
const SELLERS = 300;
const QUERIES = 200;
const WARM_UP = 20;
const TARGET_P95_MS = 50;
const log = (m: string) => console.error(`[bench:search] ${m}`);

/** mulberry32: a small seeded PRNG, so the data and the queries are the same in every run. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const some = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];
  /** Roughly normal (sum of uniforms). */
  const normal = (mean: number, sd: number) => mean + sd * (next() + next() + next() + next() - 2) * 1.73;
  return { next, pick, some, normal };
}

const INDICATORS = ["RSI", "EMA", "SMA", "MACD", "Bollinger", "Stochastic", "ATR", "VWAP", "Ichimoku", "ADX", "Supertrend", "Keltner", "OBV", "Donchian", "Fibonacci", "CCI", "Williams %R", "Parabolic SAR", "Heikin Ashi", "Hull MA", "KAMA", "TEMA", "MFI", "Aroon", "Pivot Points"];
const STYLES = ["Breakout", "Mean Reversion", "Momentum", "Scalping", "Trend Following", "Swing", "Grid", "Crossover", "Divergence", "Squeeze", "Pullback", "Range", "Arbitrage", "DCA", "Volatility Harvest", "Channel"];
const ADJECTIVES = ["Adaptive", "Fast", "Conservative", "Aggressive", "Smart", "Dual", "Triple", "Volatility-Adjusted", "Simple", "Robust", "Quiet", "Night", "Lazy", "Quantum", "Steady", "Hybrid"];
const ASSETS = ["BTC", "ETH", "SOL", "BNB", "XRP", "ADA", "DOGE", "AVAX", "LINK", "DOT", "MATIC", "LTC", "ATOM", "NEAR", "altcoins", "majors"];
const TAGS = ["rsi", "ema", "macd", "bollinger", "momentum", "breakout", "mean-reversion", "scalping", "trend", "swing", "grid", "btc", "eth", "altcoins", "low-risk", "high-frequency", "volatility", "dca", "futures", "spot"];
const TIMEFRAMES = ["5m", "15m", "30m", "1h", "4h", "1d"] as const;
/** What one listing is about: its description talks about these, as a seller's would. */
interface Theme { indicators: string[]; style: string; assets: string[]; timeframe: string }
const SENTENCES = [
  (r: Rng, t: Theme) => `Enters long when the ${r.pick(t.indicators)} crosses above its signal line and the ${r.pick(t.indicators)} confirms ${r.pick(["momentum", "the direction", "volume", "strength"])}.`,
  (r: Rng, t: Theme) => `Built for ${t.assets.join(" and ")} on the ${t.timeframe} chart, it trades ${t.style.toLowerCase()} setups with a trailing stop.`,
  (r: Rng, t: Theme) => `Exits when ${r.pick(t.indicators)} turns ${r.pick(["overbought", "oversold", "flat", "negative"])} or the stoploss of ${r.pick([2, 3, 5, 8, 10])}% is hit.`,
  (r: Rng, t: Theme) => `A ${t.style.toLowerCase()} approach that filters entries with ${r.pick(t.indicators)} and avoids ${r.pick(["choppy markets", "low volume hours", "news spikes", "weekends"])}.`,
  (r: Rng) => `Position sizing uses ${r.pick(["volatility", "a fixed stake", "the Kelly fraction", "equal weights"])}; ${r.pick(["no leverage", "2x leverage on futures", "spot only"])}.`,
  (r: Rng) => `Tested on ${r.pick(["2021 to 2024", "the 2022 bear market", "two years of data", "the last bull run"])} with ${r.pick(["steady", "uneven", "strong", "modest"])} results in ${r.pick(["calm", "ranging", "volatile"])} markets.`,
  (r: Rng, t: Theme) => `Uses ${r.pick(t.indicators)} ${r.pick([9, 14, 21, 50, 100, 200])} to time ${r.pick(["entries", "exits", "re-entries", "scale-ins"])}.`,
  (r: Rng) => r.pick(["Works best with a handful of liquid pairs.", "Parameters were hyperopted and then rounded.", "Please backtest on your own pairs first.", "Updated for the latest Freqtrade release."]),
];
type Rng = ReturnType<typeof prng>;

interface GeneratedListing {
  id: string; sellerId: string; title: string; description: string; tags: string; timeframe: string;
  priceModel: string; priceCents: number; licence: string; status: string; hidden: boolean;
  sharpe: number | null; profitRatio: number | null; maxDrawdownRatio: number | null; totalTrades: number;
  ratingAvg: number | null; ratingCount: number; publishedAt: string;
}

function generateListing(r: Rng, n: number): GeneratedListing {
  const theme: Theme = { indicators: r.some(INDICATORS, 1 + Math.floor(r.next() * 2)), style: r.pick(STYLES), assets: r.some(ASSETS, 1 + Math.floor(r.next() * 2)), timeframe: r.pick(TIMEFRAMES) };
  const title = `${r.pick(ADJECTIVES)} ${theme.indicators[0]} ${theme.style} ${r.pick(["for", "on"])} ${theme.assets[0]} ${theme.timeframe}`;
  const description = [
    `## ${title}`,
    Array.from({ length: 3 + Math.floor(r.next() * 5) }, () => r.pick(SENTENCES)(r, theme)).join(" "),
    `**Pairs:** ${theme.assets.join(", ")}. See the verification for details.`,
  ].join("\n\n");
  const priceModel = r.next() < 0.3 ? "FREE" : r.next() < 0.7 ? "ONE_TIME" : "MONTHLY";
  const statusDraw = r.next();
  const rated = r.next() < 0.4;
  const ratingCount = rated ? 1 + Math.floor(r.next() * 60) : 0;
  return {
    id: `bench${String(n).padStart(7, "0")}`,
    sellerId: `seller${String(Math.floor(r.next() * SELLERS)).padStart(4, "0")}`,
    title,
    description,
    tags: r.some(TAGS, 2 + Math.floor(r.next() * 4)).join(","),
    timeframe: theme.timeframe,
    priceModel,
    priceCents: priceModel === "FREE" ? 0 : r.pick([499, 999, 1499, 1999, 2999, 4999, 9999]),
    licence: r.next() < 0.5 ? "OPEN" : "RUN_ONLY",
    status: statusDraw < 0.9 ? "PUBLISHED" : statusDraw < 0.95 ? "VERIFYING" : statusDraw < 0.98 ? "UNPUBLISHED" : "VERIFICATION_FAILED",
    hidden: r.next() < 0.01,
    sharpe: r.next() < 0.05 ? null : Math.round(r.normal(0.8, 0.9) * 100) / 100,
    profitRatio: Math.round(r.normal(0.15, 0.4) * 1000) / 1000,
    maxDrawdownRatio: Math.round(Math.min(0.95, Math.max(0.01, r.normal(0.2, 0.12))) * 1000) / 1000,
    totalTrades: 5 + Math.floor(r.next() * 2000),
    ratingAvg: rated ? Math.round((1 + r.next() * 4) * 10) / 10 : null,
    ratingCount,
    publishedAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(r.next() * 700 * 86_400_000)).toISOString(),
  };
}

/** Sellers, one strategy and version each (a version backs all of a seller's listings). */
async function insertSellers(db: pg.Client) {
  const ids = Array.from({ length: SELLERS }, (_, i) => `seller${String(i).padStart(4, "0")}`);
  await db.query(
    `INSERT INTO "User" (id, email, name) SELECT id, id || '@bench.local', 'Trader ' || id FROM unnest($1::text[]) AS id`,
    [ids],
  );
  await db.query(`INSERT INTO "Strategy" (id, "ownerId", name, "updatedAt") SELECT 's-' || id, id, 'Bench', now() FROM unnest($1::text[]) AS id`, [ids]);
  await db.query(
    `INSERT INTO "StrategyVersion" (id, "strategyId", "contentHash", source, "fileName", "className")
     SELECT 'v-' || id, 's-' || id, md5(id), '# bench', 'Bench.py', 'Bench' FROM unnest($1::text[]) AS id`,
    [ids],
  );
}

/** Batches of 2,000 rows as column arrays through unnest: one statement per batch. */
async function insertListings(db: pg.Client, listings: GeneratedListing[]) {
  const columns = ["id", "sellerId", "title", "description", "tags", "timeframe", "priceModel", "priceCents", "licence", "status", "hidden", "sharpe", "profitRatio", "maxDrawdownRatio", "totalTrades", "ratingAvg", "ratingCount", "publishedAt"] as const;
  for (let start = 0; start < listings.length; start += 2_000) {
    const batch = listings.slice(start, start + 2_000);
    await db.query(
      `INSERT INTO "Listing" (id, "sellerId", "strategyVersionId", title, description, tags, timeframe, "priceModel", "priceCents", licence, status,
                              "hiddenAt", sharpe, "profitRatio", "maxDrawdownRatio", "totalTrades", "ratingAvg", "ratingCount", "publishedAt", "updatedAt")
       SELECT id, "sellerId", 'v-' || "sellerId", title, description, string_to_array(tags, ','), timeframe, "priceModel"::"PriceModel", "priceCents",
              licence::"Licence", status::"ListingStatus", CASE WHEN hidden THEN now() END, sharpe, "profitRatio", "maxDrawdownRatio", "totalTrades",
              "ratingAvg", "ratingCount", CASE WHEN status <> 'VERIFYING' THEN "publishedAt" END, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[], $11::bool[],
                     $12::float8[], $13::float8[], $14::float8[], $15::int[], $16::float8[], $17::int[], $18::timestamp[])
           AS t(id, "sellerId", title, description, tags, timeframe, "priceModel", "priceCents", licence, status, hidden,
                sharpe, "profitRatio", "maxDrawdownRatio", "totalTrades", "ratingAvg", "ratingCount", "publishedAt")`,
      columns.map((c) => batch.map((l) => l[c])),
    );
  }
}

const QUERY_WORDS = ["rsi breakout", "ema crossover", "mean reversion btc", "momentum eth", "scalping", "bollinger squeeze", "trend following", "macd divergence", "atr trailing stop", "pullback sol", "vwap range", "oversold rsi", "supertrend", "grid altcoins", "breakouts"];
const FILTER_PAIRS: ((r: Rng) => Partial<SearchListingsInput>)[] = [
  (r) => ({ timeframe: r.pick(TIMEFRAMES), minSharpe: 1 }),
  (r) => ({ licence: r.pick(["OPEN", "RUN_ONLY"] as const), maxDrawdownRatio: 0.25 }),
  (r) => ({ tags: [r.pick(TAGS)], minTrades: 100 }),
  (r) => ({ priceMaxCents: 2_000, timeframe: r.pick(TIMEFRAMES) }),
  () => ({ freeOnly: true, minSharpe: 0.5 }),
];
const SORTS = ["sharpe", "relevance", "profit", "drawdown", "rating", "newest", "price_asc"] as const;

/** The same searches every time (for a seed): words, two filters and a sort, varied. */
function benchQueries(count: number, seed: number): SearchListingsInput[] {
  const r = prng(seed);
  return Array.from({ length: count }, (_, i) => ({ q: QUERY_WORDS[i % QUERY_WORDS.length], ...r.pick(FILTER_PAIRS)(r), sort: r.pick(SORTS) }));
}

/**
 * CPU time (ms) used so far by the PostgreSQL server (the postmaster and its backends, from /proc;
 * 10 ms ticks, so only meaningful summed over many searches) and by this Node process. Unlike wall
 * time it barely moves when other work loads the machine, so it tells what a search costs.
 */
async function cpuMs(postmasterPid: number) {
  const ticksPerMs = 100 / 1000; // USER_HZ
  let ticks = 0;
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => null);
    if (!stat) continue;
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) ": state ppid … utime stime
    if (Number(entry) === postmasterPid || Number(fields[1]) === postmasterPid) ticks += Number(fields[11]) + Number(fields[12]);
  }
  const node = process.cpuUsage();
  return { postgres: ticks / ticksPerMs, node: (node.user + node.system) / 1000 };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function timeQueries(prisma: ReturnType<typeof createPrismaClient>, queries: SearchListingsInput[], postmasterPid: number) {
  for (const q of benchQueries(WARM_UP, 8)) await searchListings(prisma, q);
  const cpuBefore = await cpuMs(postmasterPid);
  const ms: number[] = [];
  let matches = 0;
  for (const q of queries) {
    const t = performance.now();
    const page = await searchListings(prisma, q);
    ms.push(performance.now() - t);
    matches += page.total ?? 0;
  }
  const cpuAfter = await cpuMs(postmasterPid);
  const cpu = { postgres: (cpuAfter.postgres - cpuBefore.postgres) / queries.length, node: (cpuAfter.node - cpuBefore.node) / queries.length };
  const slowest = ms.map((t, i) => ({ t, i })).sort((a, b) => b.t - a.t).slice(0, 3);
  for (const { t, i } of slowest) log(`slow: ${t.toFixed(1)} ms ${JSON.stringify(queries[i])}`);
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), meanMatches: Math.round(matches / queries.length), cpu };
}

export async function benchMarketplaceSearch() {
  const tmp = await mkdtemp(path.join(os.tmpdir(), "tradelab-bench-search-"));
  await chmod(tmp, 0o755); // PostgreSQL runs as its own user and must reach its data dir
  const server = await startDatabase({ dataDir: path.join(tmp, "pg"), port: 0, log: () => {}, serverLogs: false, env: {} });
  const db = new pg.Client({ connectionString: server.url });
  const prisma = createPrismaClient(server.url);
  try {
    await applyMigrations(server.url);
    await db.connect();
    const r = prng(42);
    const listings = Array.from({ length: Math.max(LISTINGS, BASELINE_LISTINGS) }, (_, n) => generateListing(r, n));
    await insertSellers(db);
    const queries = benchQueries(QUERIES, 7);

    await insertListings(db, listings.slice(0, BASELINE_LISTINGS));
    await db.query('VACUUM ANALYZE "Listing"');
    log(`baseline: ${BASELINE_LISTINGS} listings, ${QUERIES} queries`);
    const loadAt = () => os.loadavg()[0]!.toFixed(1);
    const baselineLoad = loadAt();
    const baseline = await timeQueries(prisma, queries, server.pid!);

    let t = performance.now();
    await insertListings(db, listings.slice(BASELINE_LISTINGS));
    log(`inserted ${listings.length - BASELINE_LISTINGS} more listings in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    t = performance.now();
    await db.query('VACUUM ANALYZE "Listing"');
    log(`VACUUM ANALYZE in ${((performance.now() - t) / 1000).toFixed(1)} s; ${QUERIES} queries`);
    const bigLoad = loadAt();
    const big = await timeQueries(prisma, queries, server.pid!);
    const load = `load average ${baselineLoad} / ${bigLoad} / ${loadAt()} at the baseline's, the big run's start and the end`;
    const f = (x: number) => x.toFixed(1);
    const line = (s: typeof big) => `p50 ${f(s.p50)} ms  p95 ${f(s.p95)} ms  p99 ${f(s.p99)} ms  (${s.meanMatches} matches per query on average; estimated above 100)\n` +
      `      CPU per search ${f(s.cpu.postgres + s.cpu.node)} ms (PostgreSQL ${f(s.cpu.postgres)}, Node ${f(s.cpu.node)})`;
    console.log(`marketplace search, text query + two filters + a sort, first page with total (${QUERIES} queries after ${WARM_UP} warm-up; ${load}):`);
    console.log(`  ${listings.length.toLocaleString("en")} listings:       ${line(big)}`);
    console.log(`  ${BASELINE_LISTINGS.toLocaleString("en")} listings (baseline): ${line(baseline)}`);
    console.log(`search_p95_ms=${f(big.p95)} (target < ${TARGET_P95_MS}: ${big.p95 < TARGET_P95_MS ? "met" : "NOT met"})  big/baseline=${(big.p95 / baseline.p95).toFixed(2)}`);
  } finally {
    await prisma.$disconnect();
    await db.end().catch(() => {});
    await server.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchMarketplaceSearch().catch((e: Error) => {
    console.error(e.stack ?? e.message);
    process.exit(1);
  });
}
