import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitForBacktestEnd } from "@tradelab/runner/client";
import { failure, sampleSource, startWebTestEnv, type Api } from "./web-helpers";
import { buyWithCredits, publishVerified, verificationEnd } from "./marketplace-helpers";
import { VERIFICATION_DATASET, verificationRanges } from "../src/server/marketplace/verification";

process.env.TRADELAB_ADMIN_EMAILS = "admin@example.com";

describe("listings: publishing with a frozen verification, re-verification, reviews, hiding and unpublishing", () => {
  let t: Awaited<ReturnType<typeof startWebTestEnv>>;
  let seller: Api, buyer: Api, other: Api, admin: Api, anonymous: Api;
  let versionId: string;
  let listing: Awaited<ReturnType<typeof publishVerified>>;

  beforeAll(async () => {
    t = await startWebTestEnv();
    seller = (await t.signUp("seller@example.com")).api;
    buyer = (await t.signUp("buyer@example.com")).api;
    other = (await t.signUp("other@example.com")).api;
    admin = (await t.signUp("admin@example.com")).api;
    anonymous = t.anonymous().api;
    versionId = (await seller.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() } })).versionId;
    listing = await publishVerified(seller, {
      strategyVersionId: versionId,
      title: "RSI mean reversion",
      description: "# How it works\n\nBuys **oversold** dips.<script>alert(1)</script>",
      tags: ["mean-reversion", "RSI"],
      priceModel: "ONE_TIME",
      priceCents: 1500,
      licence: "OPEN",
    });
    await buyWithCredits(t.deps.prisma, admin, buyer, "buyer@example.com", listing.id);
  });
  afterAll(() => t?.stop());

  it("publishing runs the platform's verification and freezes its figures on the listing", async () => {
    expect(listing.status).toBe("PUBLISHED");
    expect(listing.timeframe).toBe("5m"); // read from the strategy's source
    expect(listing.tags).toEqual(["mean-reversion", "rsi"]);
    expect(listing.descriptionHtml).toContain("<strong>oversold</strong>");
    expect(listing.descriptionHtml).not.toContain("<script");
    const v = listing.verification!;
    const ranges = verificationRanges();
    expect(ranges).toEqual({ inSample: "20240701-20241106", outOfSample: "20241106-20241231" });
    expect(v.dataset).toMatchObject({ pairs: VERIFICATION_DATASET.pairs, timeframe: "5m", timerange: VERIFICATION_DATASET.timerange });
    expect(v.dataset.data.map((d) => [d.pair, d.source, d.seed])).toEqual([["BTC/USDT", "generated", 20230101], ["ETH/USDT", "generated", 20230101]]);
    expect(v.inSample.timerange).toBe(ranges.inSample);
    expect(v.outOfSample.timerange).toBe(ranges.outOfSample);
    expect(v.inSample.totalTrades).toBeGreaterThan(0);
    expect(v.outOfSample.totalTrades).toBeGreaterThan(0);
    expect(v.inSample.equity.length).toBeGreaterThan(1);
    expect(v.inSample.equity[0]!.v).toBe(VERIFICATION_DATASET.dryRunWallet);
    expect(v.freqtradeVersion).toMatch(/^\d{4}\./);
    expect(v.imageTag).toMatch(/^tradelab\/freqtrade:/);
    expect(v.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(listing.verificationHash).toBe(v.hash);
    expect(v.drop.rule).toContain("less than half");
    expect(v.drop.flagged).toBe(v.drop.reasons.length > 0);
    // The sortable headline figures are the in-sample ones.
    const row = await t.deps.prisma.listing.findUniqueOrThrow({ where: { id: listing.id } });
    expect([row.sharpe, row.profitRatio, row.maxDrawdownRatio, row.totalTrades]).toEqual([v.inSample.sharpe, v.inSample.profitTotalRatio, v.inSample.maxDrawdownRatio, v.inSample.totalTrades]);
    // The verification backtests are the platform's: in nobody's run list.
    expect((await seller.backtest.list({})).items).toEqual([]);
    // Anyone may see a published listing; the OPEN code only the seller and buyers.
    expect((await anonymous.marketplace.get({ id: listing.id })).source).toBeNull();
    expect((await other.marketplace.get({ id: listing.id })).source).toBeNull();
    expect((await buyer.marketplace.get({ id: listing.id })).source?.text).toBe(sampleSource());
  });

  it("re-verifying reproduces the frozen metrics and hash exactly", async () => {
    const { verificationId } = await other.marketplace.reverify({ id: listing.id });
    // Asking again while it runs returns the same verification.
    expect((await buyer.marketplace.reverify({ id: listing.id })).verificationId).toBe(verificationId);
    const v = await verificationEnd(other, verificationId);
    expect(v.status).toBe("SUCCEEDED");
    expect(v.result!.inSample).toEqual(listing.verification!.inSample);
    expect(v.result!.outOfSample).toEqual(listing.verification!.outOfSample);
    expect(v.result!.dataset).toEqual(listing.verification!.dataset);
    expect([v.result!.freqtradeVersion, v.result!.imageTag]).toEqual([listing.verification!.freqtradeVersion, listing.verification!.imageTag]);
    expect(v.hash).toBe(listing.verificationHash);
    expect(v.matchesListing).toBe(true);
    // The listing's figures did not move.
    expect((await anonymous.marketplace.get({ id: listing.id })).verification).toEqual(listing.verification);
    expect(await failure(anonymous.marketplace.reverify({ id: listing.id }))).toMatch(/^UNAUTHORIZED/);
  });

  it("no procedure lets the seller change the verification", async () => {
    const figures = { id: listing.id, title: "Better title", sharpe: 99, verification: { inSample: {} }, verificationHash: "0".repeat(64) };
    expect(await failure(seller.marketplace.updateText(figures as never))).toMatch(/^BAD_REQUEST: .*Unrecognized key/);
    const updated = await seller.marketplace.updateText({ id: listing.id, title: "Better title", tags: ["trend"], priceModel: "MONTHLY", priceCents: 900 });
    expect(updated).toMatchObject({ title: "Better title", tags: ["trend"], priceModel: "MONTHLY", priceCents: 900 });
    const after = await anonymous.marketplace.get({ id: listing.id });
    expect(after.verification).toEqual(listing.verification);
    expect(after.verificationHash).toBe(listing.verificationHash);
    expect(await failure(seller.marketplace.updateText({ id: listing.id, priceModel: "ONE_TIME", priceCents: 5 }))).toMatch(/^BAD_REQUEST: priceCents: a paid listing costs from 100/);
    expect(await failure(other.marketplace.updateText({ id: listing.id, title: "Mine now" }))).toMatch(/^NOT_FOUND/);
    // Publishing checks its input and the version's owner.
    expect(await failure(other.marketplace.publish({ strategyVersionId: versionId, title: "Stolen", description: "", priceModel: "FREE", licence: "OPEN" }))).toMatch(/^NOT_FOUND/);
    expect(await failure(seller.marketplace.publish({ strategyVersionId: versionId, title: "x", description: "", priceModel: "FREE", priceCents: 100, tags: ["Not A Slug"], licence: "OPEN" })))
      .toMatch(/^BAD_REQUEST: .*title: a title has at least 3 characters.*tags\.0: a tag is a lower-case slug.*priceCents: a free listing has the price 0/);
  });

  it("reviews: only buyers, one each, 1–5 stars; the seller replies; the rating follows", async () => {
    expect(await failure(other.marketplace.addReview({ listingId: listing.id, rating: 5, body: "great" }))).toBe("FORBIDDEN: only buyers of this listing can review it");
    expect(await failure(seller.marketplace.addReview({ listingId: listing.id, rating: 5, body: "great" }))).toBe("FORBIDDEN: sellers cannot review their own listing");
    expect(await failure(buyer.marketplace.addReview({ listingId: listing.id, rating: 6, body: "great" }))).toMatch(/^BAD_REQUEST: rating: a rating is 1 to 5 stars/);
    expect(await failure(buyer.marketplace.addReview({ listingId: listing.id, rating: 4, body: "  " }))).toMatch(/^BAD_REQUEST: body: write a few words/);
    const { id } = await buyer.marketplace.addReview({ listingId: listing.id, rating: 4, body: "Solid on BTC." });
    expect(await failure(buyer.marketplace.addReview({ listingId: listing.id, rating: 2, body: "again" }))).toMatch(/^CONFLICT: you have reviewed this listing already/);
    expect((await anonymous.marketplace.get({ id: listing.id })).ratingAvg).toBe(4);
    await buyer.marketplace.editReview({ id, rating: 2 });
    expect(await failure(other.marketplace.editReview({ id, rating: 5 }))).toMatch(/^NOT_FOUND/);
    expect(await failure(buyer.marketplace.replyToReview({ id, reply: "thanks me" }))).toBe("FORBIDDEN: only the seller can reply to a review");
    await seller.marketplace.replyToReview({ id, reply: "Try the 1h data." });
    const reviews = await anonymous.marketplace.reviews({ listingId: listing.id });
    expect(reviews.items).toHaveLength(1);
    expect(reviews.items[0]).toMatchObject({ rating: 2, body: "Solid on BTC.", sellerReply: "Try the 1h data.", mine: false });
    const after = await anonymous.marketplace.get({ id: listing.id });
    expect([after.ratingAvg, after.ratingCount]).toEqual([2, 1]);
  });

  it("an admin hides a listing with a reason: gone for everyone but its seller, buyers and admins", async () => {
    expect(await failure(other.marketplace.hide({ id: listing.id, reason: "spam" }))).toMatch(/^FORBIDDEN/);
    expect(await failure(admin.marketplace.hide({ id: listing.id, reason: "" }))).toMatch(/^BAD_REQUEST: reason: give the reason/);
    await admin.marketplace.hide({ id: listing.id, reason: "misleading description" });
    expect((await anonymous.marketplace.search({})).items.map((i) => i.id)).not.toContain(listing.id);
    expect(await failure(anonymous.marketplace.get({ id: listing.id }))).toMatch(/^NOT_FOUND/);
    expect(await failure(other.marketplace.get({ id: listing.id }))).toMatch(/^NOT_FOUND/);
    expect(await failure(other.marketplace.reviews({ listingId: listing.id }))).toMatch(/^NOT_FOUND/);
    const forBuyer = await buyer.marketplace.get({ id: listing.id });
    expect([forBuyer.hidden, forBuyer.hiddenReason, forBuyer.source?.text]).toEqual([true, null, sampleSource()]);
    expect((await seller.marketplace.get({ id: listing.id })).hiddenReason).toBe("misleading description");
    expect((await seller.marketplace.mine()).find((l) => l.id === listing.id)).toMatchObject({ hidden: true, hiddenReason: "misleading description" });
    await admin.marketplace.unhide({ id: listing.id });
    expect((await anonymous.marketplace.search({})).items.map((i) => i.id)).toContain(listing.id);
  });

  it("unpublishing withdraws the listing; its buyers keep access; republishing brings it back", async () => {
    await seller.marketplace.unpublish({ id: listing.id });
    expect((await anonymous.marketplace.search({})).items.map((i) => i.id)).not.toContain(listing.id);
    expect(await failure(other.marketplace.get({ id: listing.id }))).toMatch(/^NOT_FOUND/);
    const forBuyer = await buyer.marketplace.get({ id: listing.id });
    expect([forBuyer.status, forBuyer.access.canRun, forBuyer.source?.text]).toEqual(["UNPUBLISHED", true, sampleSource()]);
    const run = await buyer.marketplace.runBacktest({ listingId: listing.id, settings: { pairs: ["BTC/USDT"], timeframe: "5m", timerange: "20240101-20240103" } });
    expect((await buyer.marketplace.runs({ listingId: listing.id })).map((r) => r.id)).toEqual([run.id]);
    expect((await waitForBacktestEnd(t.deps.runner, run.id, { timeoutMs: 240_000 })).status).toBe("SUCCEEDED");
    expect(await failure(seller.marketplace.unpublish({ id: listing.id }))).toMatch(/^CONFLICT/);
    await seller.marketplace.republish({ id: listing.id });
    expect((await anonymous.marketplace.get({ id: listing.id })).status).toBe("PUBLISHED");
    expect((await seller.marketplace.mine()).map((l) => [l.id, l.status])).toEqual([[listing.id, "PUBLISHED"]]);
  });

  it("a verification that fails is shown to the seller with its reason, and the listing is not published", async () => {
    const created = await seller.strategy.create({ upload: { fileName: "SampleStrategy.py", source: sampleSource() }, name: "No data" });
    const failed = await publishVerified(seller, { strategyVersionId: created.versionId, title: "Weekly", description: "", priceModel: "FREE", licence: "OPEN", timeframe: "1m" });
    expect(failed.status).toBe("VERIFICATION_FAILED");
    expect(failed.verifications[0]!.error).toMatch(/could not start: .*1m/);
    expect(await failure(other.marketplace.get({ id: failed.id }))).toMatch(/^NOT_FOUND/);
  });
});
