import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForBacktestEnd } from "@tradelab/runner/client";
import { startWebTestEnv, failure, type Api } from "./web-helpers";
import { NOT_OWNED_STRATEGY_BACKTEST, OWNER_EXPECT, outcome, proceduresOf, runCalls, strategyAndBacktestCalls, type Call } from "./authorization-matrix";
import { buyWithCredits, MARKERS, markerSource, publishVerified, userId } from "./marketplace-helpers";
import { createTestListing } from "./marketplace-fixtures";
import { artifactResponse, chartResponse } from "../src/server/backtest/http-routes";

process.env.TRADELAB_ADMIN_EMAILS = "admin@example.com";

const ROLES = ["anonymous", "other", "admin", "buyer", "seller"] as const;
type Role = (typeof ROLES)[number];
type Row = { call: Call; expect: Record<Role, string> };

const SHORT_RUN = { pairs: ["BTC/USDT", "ETH/USDT"], timeframe: "5m" as const, timerange: "20240101-20240103" };

/** Lines of the run-only source that say something (not blank, not a bare bracket or keyword). */
const distinctiveLines = (source: string) => [...new Set(source.split("\n").map((l) => l.trim()).filter((l) => l.length >= 20))];

describe("marketplace authorization: every marketplace, strategy and backtest procedure × anonymous, seller, buyer, another user, admin; a run-only strategy's code never reaches its buyer", () => {
  let t: Awaited<ReturnType<typeof startWebTestEnv>>;
  const api = {} as Record<Role, Api>;
  const token = {} as Record<Exclude<Role, "anonymous">, string>;
  let strategyId: string, versionId: string, sellerRunId: string;
  let listingId: string, firstVerificationId: string, freeListingId: string, reviewId: string;
  let buyerRunId: string, buyerFailedRunId: string;
  const source = markerSource();

  beforeAll(async () => {
    t = await startWebTestEnv();
    for (const role of ["seller", "buyer", "other", "admin"] as const) {
      const b = await t.signUp(`${role}@example.com`);
      api[role] = b.api;
      token[role] = b.token;
    }
    api.anonymous = t.anonymous().api;
    ({ id: strategyId, versionId } = await api.seller.strategy.create({ upload: { fileName: "MarkerStrategy.py", source } }));
    sellerRunId = (await api.seller.backtest.start({ strategyVersionId: versionId, settings: SHORT_RUN })).id;
    const listing = await publishVerified(api.seller, {
      strategyVersionId: versionId,
      title: "Run-only RSI",
      description: "Run it, do not read it.",
      tags: ["rsi"],
      priceModel: "ONE_TIME",
      priceCents: 2500,
      licence: "RUN_ONLY",
    });
    expect(listing.status).toBe("PUBLISHED");
    listingId = listing.id;
    firstVerificationId = listing.verifications[0]!.id;
    await buyWithCredits(t.deps.prisma, api.admin, api.buyer, "buyer@example.com", listingId);
    freeListingId = (await createTestListing(t.deps.prisma, { sellerId: await userId(t.deps.prisma, "seller@example.com"), priceModel: "FREE" })).id;
    reviewId = (await api.buyer.marketplace.addReview({ listingId, rating: 5, body: "Works for me." })).id;
    buyerRunId = (await api.buyer.marketplace.runBacktest({ listingId, settings: SHORT_RUN })).id;
    buyerFailedRunId = (await api.buyer.marketplace.runBacktest({ listingId, settings: { ...SHORT_RUN, params: { buy_fail_probe: true } } })).id;
    for (const [id, status] of [[sellerRunId, "SUCCEEDED"], [buyerRunId, "SUCCEEDED"], [buyerFailedRunId, "FAILED"]] as const) {
      expect((await waitForBacktestEnd(t.deps.runner, id, { timeoutMs: 300_000 })).status).toBe(status);
    }
  });
  afterAll(() => t?.stop());

  /** Same answer for every role but these. */
  const only = (allowed: Partial<Record<Role, string>>, otherwise: string): Record<Role, string> =>
    Object.fromEntries(ROLES.map((r) => [r, r === "anonymous" ? (allowed.anonymous ?? "UNAUTHORIZED") : (allowed[r] ?? otherwise)])) as Record<Role, string>;
  const signedIn = only({}, "OK");
  const everyone = only({ anonymous: "OK" }, "OK");

  function matrix(): Record<string, Row> {
    const rows: Record<string, Row> = {};
    // The seller's own strategy, version and run: only the seller (an admin is no exception).
    for (const [name, call] of Object.entries(strategyAndBacktestCalls(() => ({ strategyId, versionId, runId: sellerRunId })))) {
      rows[name] = { call, expect: NOT_OWNED_STRATEGY_BACKTEST.includes(name) ? signedIn : only({ seller: OWNER_EXPECT[name] ?? "OK" }, "NOT_FOUND") };
    }
    // The buyer's run of the listing: the buyer's, and no one else's (not even the seller's).
    for (const [name, call] of Object.entries(runCalls(() => buyerRunId))) {
      rows[`${name} (buyer's run)`] = { call, expect: only({ buyer: OWNER_EXPECT[name] ?? "OK" }, "NOT_FOUND") };
    }
    const seller = (ok = "OK") => only({ seller: ok }, "NOT_FOUND");
    const runners = only({ seller: "OK", buyer: "OK" }, "FORBIDDEN");
    Object.assign(rows, {
      "marketplace.search": { call: (a) => a.marketplace.search({}), expect: everyone },
      "marketplace.get": { call: (a) => a.marketplace.get({ id: listingId }), expect: everyone },
      "marketplace.publish": {
        call: (a) => a.marketplace.publish({ strategyVersionId: versionId, title: "Daily", description: "", priceModel: "FREE", licence: "OPEN", timeframe: "1d" }),
        expect: seller(),
      },
      "marketplace.mine": { call: (a) => a.marketplace.mine(), expect: signedIn },
      "marketplace.updateText": { call: (a) => a.marketplace.updateText({ id: listingId, title: "Run-only RSI, edited" }), expect: seller() },
      "marketplace.unpublish": { call: (a) => a.marketplace.unpublish({ id: listingId }), expect: seller() },
      "marketplace.republish": { call: (a) => a.marketplace.republish({ id: listingId }), expect: seller() },
      "marketplace.reverify": { call: (a) => a.marketplace.reverify({ id: listingId }), expect: signedIn },
      "marketplace.verification": { call: (a) => a.marketplace.verification({ id: firstVerificationId }), expect: everyone },
      "marketplace.hide": { call: (a) => a.marketplace.hide({ id: listingId, reason: "checking the matrix" }), expect: only({ admin: "OK" }, "FORBIDDEN") },
      "marketplace.unhide": { call: (a) => a.marketplace.unhide({ id: listingId }), expect: only({ admin: "OK" }, "FORBIDDEN") },
      "marketplace.runBacktest": { call: (a) => a.marketplace.runBacktest({ listingId, settings: { ...SHORT_RUN, timerange: "20240101-20240102" } }), expect: runners },
      "marketplace.runs": { call: (a) => a.marketplace.runs({ listingId }), expect: runners },
      "marketplace.reviews": { call: (a) => a.marketplace.reviews({ listingId }), expect: everyone },
      "marketplace.addReview": { call: (a) => a.marketplace.addReview({ listingId, rating: 3, body: "again" }), expect: only({ buyer: "CONFLICT" }, "FORBIDDEN") },
      "marketplace.editReview": { call: (a) => a.marketplace.editReview({ id: reviewId, rating: 4 }), expect: only({ buyer: "OK" }, "NOT_FOUND") },
      "marketplace.replyToReview": { call: (a) => a.marketplace.replyToReview({ id: reviewId, reply: "Thanks!" }), expect: only({ seller: "OK" }, "FORBIDDEN") },
      "marketplace.buy": { call: (a) => a.marketplace.buy({ listingId: freeListingId }), expect: only({ seller: "BAD_REQUEST" }, "OK") },
      "marketplace.myPurchases": { call: (a) => a.marketplace.myPurchases({}), expect: signedIn },
      "marketplace.balance": { call: (a) => a.marketplace.balance(), expect: signedIn },
      "marketplace.ledger": { call: (a) => a.marketplace.ledger({}), expect: signedIn },
      "marketplace.sales": { call: (a) => a.marketplace.sales(), expect: signedIn },
      "marketplace.grantCredits": {
        call: async (a) => a.marketplace.grantCredits({ userId: await userId(t.deps.prisma, "other@example.com"), amountCents: 100, reason: "matrix" }),
        expect: only({ admin: "OK" }, "FORBIDDEN"),
      },
    } satisfies Record<string, Row>);
    return rows;
  }

  it("the matrix covers every marketplace, strategy and backtest procedure", () => {
    const named = [...new Set(Object.keys(matrix()).map((k) => k.split(" ")[0]!))].sort();
    expect(named).toEqual(proceduresOf(["marketplace", "strategy", "backtest"]));
  });

  it("each role gets exactly what the matrix says", async () => {
    const rows = matrix();
    const got: string[] = [];
    const want: string[] = [];
    for (const role of ROLES) {
      for (const [name, row] of Object.entries(rows)) {
        got.push(`${role} ${name}: ${await outcome(() => row.call(api[role]))}`);
        want.push(`${role} ${name}: ${row.expect[role]}`);
      }
    }
    expect(got).toEqual(want);
    // The state the matrix went through is back where it was.
    const l = await api.anonymous.marketplace.get({ id: listingId });
    expect([l.status, l.hidden, l.title]).toEqual(["PUBLISHED", false, "Run-only RSI, edited"]);
  });

  it("the buyer's run downloads and chart: the buyer only; of the files, only the result and the trades", async () => {
    const req = (path: string, tok: string) => new Request(`http://web.test${path}`, { headers: { cookie: `tradelab_session=${tok}` } });
    const chartPath = `/api/backtests/${buyerRunId}/chart?pair=BTC%2FUSDT`;
    expect((await chartResponse(t.deps, req(chartPath, token.buyer), buyerRunId)).status).toBe(200);
    expect((await chartResponse(t.deps, req(chartPath, token.seller), buyerRunId)).status).toBe(404);
    const stored = await storedArtifactNames(buyerRunId);
    expect(stored).toEqual(expect.arrayContaining(["result.json", "trades.csv", "log.txt", "freqtrade-result.json"]));
    for (const name of stored) {
      const res = await artifactResponse(t.deps, req(`/api/backtests/${buyerRunId}/artifacts/${name}`, token.buyer), buyerRunId, name);
      expect([name, res.status]).toEqual([name, ["result.json", "trades.csv"].includes(name) ? 200 : 404]);
    }
    expect(Object.keys((await api.buyer.backtest.get({ id: buyerRunId })).artifacts).sort()).toEqual(["result.json", "trades.csv"]);
  });

  async function storedArtifactNames(id: string) {
    const bt = await t.deps.prisma.backtest.findUniqueOrThrow({ where: { id }, select: { artifactUris: true } });
    return Object.keys(bt.artifactUris as Record<string, string>).sort();
  }

  it("the code is in what the platform stores and shows its seller, so the checks below can see a leak", async () => {
    // Freqtrade's result zip holds a copy of the strategy file; the log has the traceback with the raising line.
    const zipName = (await storedArtifactNames(buyerRunId)).find((n) => n.endsWith(".zip"))!;
    const zip = await t.deps.runner.backtest.artifact.query({ id: buyerRunId, name: zipName });
    expect(Buffer.from(zip.base64, "base64").includes("MarkerStrategy.py")).toBe(true); // the file's name in the zip's directory
    const failedLog = await t.deps.runner.backtest.artifact.query({ id: buyerFailedRunId, name: "log.txt" });
    expect(Buffer.from(failedLog.base64, "base64").toString()).toContain('raise RuntimeError(f"zq-secret-raise {EDGE_MULTIPLIER_ZQ91}")');
    // The seller running the same failing settings sees the full error.
    const own = await api.seller.backtest.start({ strategyVersionId: versionId, settings: { ...SHORT_RUN, params: { buy_fail_probe: true } } });
    await waitForBacktestEnd(t.deps.runner, own.id, { timeoutMs: 300_000 });
    const run = await api.seller.backtest.get({ id: own.id });
    expect(run.error).toMatchObject({ kind: "runtime", message: "RuntimeError: zq-secret-raise 1.0371", file: "MarkerStrategy.py" });
    expect((await api.seller.marketplace.get({ id: listingId })).source?.text).toBe(source);
  });

  it("nothing a run-only buyer can reach contains the code: no marker, no line of it", async () => {
    const buyer = api.buyer;
    const texts: [string, string][] = [];
    const keep = async (what: string, call: () => Promise<unknown>) => {
      try {
        const r = await call();
        if (r && typeof r === "object" && Symbol.asyncIterator in r) {
          const lines: unknown[] = [];
          for await (const l of r as AsyncIterable<unknown>) lines.push(l);
          texts.push([what, JSON.stringify(lines)]);
        } else texts.push([what, typeof r === "string" ? r : JSON.stringify(r)]);
      } catch (e) {
        texts.push([`${what} (error)`, e instanceof Error ? `${e.message} ${JSON.stringify((e as { data?: unknown }).data ?? null)}` : String(e)]);
      }
    };
    await keep("listing", () => buyer.marketplace.get({ id: listingId }));
    await keep("search", () => buyer.marketplace.search({}));
    await keep("search by text", () => buyer.marketplace.search({ q: "rsi" }));
    await keep("reviews", () => buyer.marketplace.reviews({ listingId }));
    await keep("runs of the listing", () => buyer.marketplace.runs({ listingId }));
    await keep("verification", () => buyer.marketplace.verification({ id: firstVerificationId }));
    await keep("purchases", () => buyer.marketplace.myPurchases({}));
    await keep("run list", () => buyer.backtest.list({}));
    await keep("run with bad parameters", () => buyer.marketplace.runBacktest({ listingId, settings: { ...SHORT_RUN, params: { buy_rsi: 999, nope: 1 } } }));
    for (const id of [buyerRunId, buyerFailedRunId]) {
      await keep(`run ${id}`, () => buyer.backtest.get({ id }));
      await keep(`result ${id}`, () => buyer.backtest.result({ id }));
      await keep(`chart ${id}`, () => buyer.backtest.chart({ id, pair: "BTC/USDT" }));
      await keep(`logs ${id}`, () => buyer.backtest.logs({ id }));
      await keep(`compare ${id}`, () => buyer.backtest.compare({ ids: [id, buyerRunId] }));
      for (const name of [...(await storedArtifactNames(id)), "MarkerStrategy.py", "../strategy/MarkerStrategy.py"]) {
        await keep(`artifact ${name} of ${id}`, () => buyer.backtest.artifact({ id, name }));
        const res = await artifactResponse(t.deps, new Request(`http://web.test/x`, { headers: { cookie: `tradelab_session=${token.buyer}` } }), id, name);
        texts.push([`download ${name} of ${id}`, Buffer.from(await res.arrayBuffer()).toString("latin1")]);
      }
      const chart = await chartResponse(t.deps, new Request(`http://web.test/api/backtests/${id}/chart?pair=BTC%2FUSDT`, { headers: { cookie: `tradelab_session=${token.buyer}` } }), id);
      texts.push([`chart route ${id}`, await chart.text()]);
    }
    // The seller's strategy itself, its versions and its chat: not the buyer's.
    await keep("strategy", () => buyer.strategy.get({ id: strategyId }));
    await keep("strategy versions", () => buyer.strategy.versions({ id: strategyId }));
    await keep("strategy version", () => buyer.strategy.version({ versionId }));
    await keep("start the version", () => buyer.backtest.start({ strategyVersionId: versionId, settings: SHORT_RUN }));
    await keep("chat conversations", () => buyer.chat.conversations({ strategyId }));
    await keep("chat conversation", () => buyer.chat.conversation({ strategyId }));
    await keep("chat send", () => buyer.chat.send({ strategyId, text: "show me the code of this strategy" }));

    // The failed run says what failed, in the platform's words.
    const failed = await buyer.backtest.get({ id: buyerFailedRunId });
    expect(failed.error).toEqual({ kind: "runtime", message: "RuntimeError raised in the strategy MarkerStrategy (runtime); the details are shown to its seller only", file: null, line: null });
    expect(failed.strategy).toEqual({ id: null, name: "Run-only RSI, edited", className: "MarkerStrategy", versionNumber: null });
    expect(await failure(buyer.backtest.artifact({ id: buyerRunId, name: "log.txt" }))).toMatch(/^NOT_FOUND: "log.txt" is not available/);
    expect(texts.length).toBeGreaterThan(40);

    const secrets = [...MARKERS, ...distinctiveLines(source)];
    const leaks = texts.flatMap(([what, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${what}: ${s}`));
    expect(leaks).toEqual([]);
  });
});
