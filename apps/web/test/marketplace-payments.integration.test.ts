/**
 * Purchases, the credit ledger, entitlements and Stripe, on a real PostgreSQL database. The Stripe
 * paths run against stripe-mock (Stripe's own mock of its API, built by scripts/ensure-stripe-mock.sh
 * and started here); webhook events are signed with the SDK's test helper and posted to the
 * route's own POST handler.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import type Stripe from "stripe";
import { createPrismaClient, type PrismaClient } from "@tradelab/db";
import { createTestDatabase, freeLoopbackPort } from "../../../test/helpers.js";
import { getWebDeps } from "../src/server/deps";
import { listingAccess, requireRunAccess, type ListingAccess } from "../src/server/marketplace/entitlements";
import { balanceOf, grantCredits, ledgerEntries, PLATFORM_REVENUE_ACCOUNT } from "../src/server/marketplace/ledger";
import { purchaseListing, sellerSales, type PurchaseDeps } from "../src/server/marketplace/purchases";
import { createStripeClient } from "../src/server/marketplace/stripe";
import { createCallerFactory, router, type WebContext } from "../src/server/trpc/init";
import { purchaseProcedures } from "../src/server/trpc/routers/marketplace-purchases";
import { createTestListing, createTestUser } from "./marketplace-fixtures";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const settings = { startingCreditsCents: 10_000, feeBps: 1000 };
const WEBHOOK_SECRET = `whsec_test_${randomBytes(8).toString("hex")}`;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let prisma: PrismaClient;
let stripeMock: ChildProcess | undefined;
let stripeMockUrl: string;
let stripeMockOutput = "";
let stripe: Stripe;

/** Purchases paid with credits (Stripe not configured). */
const ledgerDeps = (now = () => new Date()): PurchaseDeps => ({ prisma, stripe: null, settings, webUrl: "http://web.test", now });

async function startStripeMock(): Promise<void> {
  const { stdout } = await promisify(execFile)("bash", [path.join(repoRoot, "scripts/ensure-stripe-mock.sh")], { cwd: repoRoot, timeout: 900_000 });
  const bin = stdout.trim().split("\n").pop()!;
  const port = await freeLoopbackPort();
  stripeMockUrl = `http://127.0.0.1:${port}`;
  stripeMock = spawn(bin, ["-http-addr", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
  stripeMock.stdout!.on("data", (d) => (stripeMockOutput += d));
  stripeMock.stderr!.on("data", (d) => (stripeMockOutput += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (stripeMock.exitCode !== null) throw new Error(`stripe-mock exited (${stripeMock.exitCode}): ${stripeMockOutput}`);
    const up = await fetch(`${stripeMockUrl}/v1/customers`, { headers: { authorization: "Bearer sk_test_123" } }).then((r) => r.ok, () => false);
    if (up) break;
    if (Date.now() > deadline) throw new Error(`stripe-mock did not answer on ${stripeMockUrl}: ${stripeMockOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const savedEnv = { ...process.env };

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrismaClient(db.url);
  // What the server's getWebDeps() (the webhook route, the tRPC context) connects to.
  process.env.DATABASE_URL = db.url;
  await startStripeMock();
  stripe = createStripeClient({ secretKey: "sk_test_123", webhookSecret: WEBHOOK_SECRET, apiBase: stripeMockUrl });
}, 900_000);

afterAll(async () => {
  if (stripeMock && stripeMock.exitCode === null) {
    const exited = new Promise((r) => stripeMock!.once("exit", r));
    stripeMock.kill("SIGTERM");
    await exited;
  }
  await prisma?.$disconnect();
  await getWebDeps().prisma.$disconnect();
  await db?.drop();
  restoreEnv(["DATABASE_URL"]);
});

function restoreEnv(keys: string[]) {
  for (const key of keys) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
}

const balance = async (userId: string) => (await balanceOf(prisma, userId, settings)).balanceCents;
const platformRevenue = async () => (await prisma.ledgerAccount.findUnique({ where: { id: PLATFORM_REVENUE_ACCOUNT } }))?.balanceCents ?? 0;
const purchaseRows = (listingId: string) => prisma.purchase.findMany({ where: { listingId } });
const chargesOf = (listingId: string, buyerId: string) =>
  prisma.ledgerTransaction.findMany({ where: { idempotencyKey: { startsWith: `purchase:${listingId}:${buyerId}` } }, include: { entries: true } });

describe("buying with the credit ledger", () => {
  it("a free listing is active at once and costs nothing", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceModel: "FREE" });
    const { purchase, checkoutUrl } = await purchaseListing(ledgerDeps(), buyer.id, listing.id);
    expect(checkoutUrl).toBeNull();
    expect(purchase).toMatchObject({ status: "ACTIVE", paidWith: "free", priceCents: 0 });
    expect(await balance(buyer.id)).toBe(10_000);
    expect((await listingAccess(prisma, buyer.id, listing)).canRun).toBe(true);
  });

  it("a paid listing debits the buyer and credits seller (90 %) and platform (10 %) in one balanced transaction", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceModel: "ONE_TIME", priceCents: 2500 });
    expect(await balance(buyer.id)).toBe(10_000); // the starting credits, granted on first read
    const sellerBefore = await balance(listing.sellerId);
    const platformBefore = await platformRevenue();

    const { purchase } = await purchaseListing(ledgerDeps(), buyer.id, listing.id);
    expect(purchase).toMatchObject({ status: "ACTIVE", paidWith: "ledger", priceCents: 2500, currency: "usd", activeUntil: null });
    expect(await balance(buyer.id)).toBe(7_500);
    expect(await balance(listing.sellerId)).toBe(sellerBefore + 2_250);
    expect(await platformRevenue()).toBe(platformBefore + 250);

    const [charge] = await chargesOf(listing.id, buyer.id);
    expect(charge).toMatchObject({ kind: "purchase", purchaseId: purchase.id, memo: listing.title });
    expect(charge!.entries.map((e) => e.amountCents).sort((a, b) => a - b)).toEqual([-2500, 250, 2250]);
    expect(charge!.entries.reduce((s, e) => s + e.amountCents, 0)).toBe(0);
    expect((await prisma.listing.findUniqueOrThrow({ where: { id: listing.id } })).salesCount).toBe(1);

    const entries = await ledgerEntries(prisma, buyer.id, { limit: 10 });
    expect(entries.items.map((e) => [e.kind, e.amountCents, e.formatted])).toEqual([
      ["purchase", -2500, "-$25.00"],
      ["grant", 10_000, "$100.00"],
    ]);
  });

  it("an insufficient balance is a clear error and changes nothing", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceCents: 15_000 });
    expect(await balance(buyer.id)).toBe(10_000);
    const sellerBefore = await balance(listing.sellerId);
    const platformBefore = await platformRevenue();
    const transactionsBefore = await prisma.ledgerTransaction.count();

    await expect(purchaseListing(ledgerDeps(), buyer.id, listing.id)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "insufficient credits: your balance is $100.00 and this costs $150.00",
    });
    expect(await balance(buyer.id)).toBe(10_000);
    expect(await balance(listing.sellerId)).toBe(sellerBefore);
    expect(await platformRevenue()).toBe(platformBefore);
    expect(await prisma.ledgerTransaction.count()).toBe(transactionsBefore);
    expect(await purchaseRows(listing.id)).toEqual([]);
  });

  it("credits are dollars: a listing priced in another currency needs Stripe", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceCents: 1000, currency: "eur" });
    await expect(purchaseListing(ledgerDeps(), buyer.id, listing.id)).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "this listing is priced in EUR; credits are in USD, so it can only be bought with Stripe",
    });
    expect(await purchaseRows(listing.id)).toEqual([]);
  });

  it("ten concurrent purchases by one buyer charge once and make one purchase", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceCents: 1000 });
    const sellerBefore = await balance(listing.sellerId);
    const outcomes = await Promise.all(Array.from({ length: 10 }, () => purchaseListing(ledgerDeps(), buyer.id, listing.id)));
    expect(new Set(outcomes.map((o) => o.purchase.id)).size).toBe(1);
    expect(outcomes.every((o) => o.purchase.status === "ACTIVE")).toBe(true);
    expect(await chargesOf(listing.id, buyer.id)).toHaveLength(1);
    expect(await purchaseRows(listing.id)).toHaveLength(1);
    expect(await balance(buyer.id)).toBe(9_000);
    expect(await balance(listing.sellerId)).toBe(sellerBefore + 900);
    expect((await prisma.listing.findUniqueOrThrow({ where: { id: listing.id } })).salesCount).toBe(1);
    // The starting credits too were granted once, though every request asked for them.
    expect(await prisma.ledgerTransaction.count({ where: { idempotencyKey: { startsWith: `grant:${buyer.id}` } } })).toBe(1);
  });

  it("buying again what one owns returns the purchase without a second charge", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceCents: 1000 });
    const first = await purchaseListing(ledgerDeps(), buyer.id, listing.id);
    const again = await purchaseListing(ledgerDeps(), buyer.id, listing.id);
    expect(again.purchase.id).toBe(first.purchase.id);
    expect(await chargesOf(listing.id, buyer.id)).toHaveLength(1);
    expect(await balance(buyer.id)).toBe(9_000);
  });

  it("the seller cannot buy their own listing", async () => {
    const listing = await createTestListing(prisma);
    await expect(purchaseListing(ledgerDeps(), listing.sellerId, listing.id)).rejects.toMatchObject({ code: "BAD_REQUEST", message: "this is your own listing" });
    await expect(purchaseListing(ledgerDeps(), listing.sellerId, "no-such-listing")).rejects.toMatchObject({ code: "NOT_FOUND", message: "listing not found" });
  });

  it("hidden and unpublished listings are sold to nobody new, and their buyers keep them", async () => {
    for (const change of [{ hiddenAt: new Date(), hiddenReason: "spam" }, { status: "UNPUBLISHED" as const }]) {
      const buyer = await createTestUser(prisma);
      const newcomer = await createTestUser(prisma);
      const listing = await createTestListing(prisma, { priceCents: 1000 });
      await purchaseListing(ledgerDeps(), buyer.id, listing.id);
      const changed = await prisma.listing.update({ where: { id: listing.id }, data: change });

      await expect(purchaseListing(ledgerDeps(), newcomer.id, listing.id)).rejects.toMatchObject({ code: "NOT_FOUND", message: "listing not found" });
      expect(await balance(newcomer.id)).toBe(10_000);
      expect(await listingAccess(prisma, newcomer.id, changed)).toMatchObject({ canView: false, canRun: false });

      expect(await listingAccess(prisma, buyer.id, changed)).toMatchObject({ canView: true, canRun: true, isBuyer: true });
      expect((await requireRunAccess(prisma, buyer.id, listing.id)).listing.strategyVersionId).toBe(listing.strategyVersionId);
      expect((await purchaseListing(ledgerDeps(), buyer.id, listing.id)).purchase.status).toBe("ACTIVE");
      expect(await chargesOf(listing.id, buyer.id)).toHaveLength(1);
    }
  });

  it("a monthly purchase runs for a month; once expired it is renewed by a new period's charge", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceModel: "MONTHLY", priceCents: 500 });
    const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000);
    const first = await purchaseListing(ledgerDeps(() => fortyDaysAgo), buyer.id, listing.id);
    expect(first.purchase.activeUntil!.getTime()).toBeLessThan(Date.now());
    expect(await listingAccess(prisma, buyer.id, listing)).toMatchObject({ canView: true, canRun: false, isBuyer: false });
    await expect(requireRunAccess(prisma, buyer.id, listing.id)).rejects.toMatchObject({ code: "FORBIDDEN", message: `buy "${listing.title}" to run it` });

    const renewed = await purchaseListing(ledgerDeps(), buyer.id, listing.id);
    expect(renewed.purchase.id).toBe(first.purchase.id);
    expect(renewed.purchase.activeUntil!.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);
    expect((await listingAccess(prisma, buyer.id, listing)).canRun).toBe(true);
    const charges = await chargesOf(listing.id, buyer.id);
    expect(charges.map((c) => c.kind).sort()).toEqual(["purchase", "renewal"]);
    expect(await balance(buyer.id)).toBe(9_000);
    // A renewal is not a new buyer.
    expect((await prisma.listing.findUniqueOrThrow({ where: { id: listing.id } })).salesCount).toBe(1);
    // Within the period, buying again charges nothing.
    await purchaseListing(ledgerDeps(), buyer.id, listing.id);
    expect(await chargesOf(listing.id, buyer.id)).toHaveLength(2);
  });

  it("admins grant credits; nobody else may", async () => {
    const admin = await createTestUser(prisma, { role: "ADMIN" });
    const user = await createTestUser(prisma);
    await expect(grantCredits(prisma, user.id, user.id, 5000, "self-service")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(grantCredits(prisma, admin.id, "no-such-user", 5000, "x")).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await grantCredits(prisma, admin.id, user.id, 5000, "contest prize")).balanceCents).toBe(15_000);
    const [latest] = (await ledgerEntries(prisma, user.id, { limit: 1 })).items;
    expect(latest).toMatchObject({ kind: "grant", amountCents: 5000, memo: `contest prize (by admin ${admin.id})` });
  });
});

describe("entitlements", () => {
  it("anonymous, seller, buyer, other user and admin × OPEN and RUN_ONLY", async () => {
    const admin = await createTestUser(prisma, { role: "ADMIN" });
    const other = await createTestUser(prisma);
    const buyer = await createTestUser(prisma);
    const expected = (licence: "OPEN" | "RUN_ONLY"): Record<string, Omit<ListingAccess, "isSeller" | "isBuyer" | "isAdmin">> => ({
      anonymous: { canView: true, canRun: false, canReadSource: false },
      seller: { canView: true, canRun: true, canReadSource: true },
      buyer: { canView: true, canRun: true, canReadSource: licence === "OPEN" },
      other: { canView: true, canRun: false, canReadSource: false },
      admin: { canView: true, canRun: false, canReadSource: licence === "OPEN" },
    });
    for (const licence of ["OPEN", "RUN_ONLY"] as const) {
      const listing = await createTestListing(prisma, { licence, priceCents: 100 });
      await purchaseListing(ledgerDeps(), buyer.id, listing.id);
      const who = { anonymous: null, seller: listing.sellerId, buyer: buyer.id, other: other.id, admin: admin.id };
      const actual = Object.fromEntries(
        await Promise.all(
          Object.entries(who).map(async ([name, id]) => {
            const { canView, canRun, canReadSource } = await listingAccess(prisma, id, listing);
            return [name, { canView, canRun, canReadSource }] as const;
          }),
        ),
      );
      expect({ licence, ...actual }).toEqual({ licence, ...expected(licence) });

      // Hidden by an admin: only the seller, the buyer and admins still see it.
      const hidden = await prisma.listing.update({ where: { id: listing.id }, data: { hiddenAt: new Date() } });
      const canView = Object.fromEntries(await Promise.all(Object.entries(who).map(async ([name, id]) => [name, (await listingAccess(prisma, id, hidden)).canView] as const)));
      expect(canView).toEqual({ anonymous: false, seller: true, buyer: true, other: false, admin: true });
      await expect(requireRunAccess(prisma, other.id, listing.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
  });
});

describe("Stripe Checkout (stripe-mock)", () => {
  const stripeDeps = (): PurchaseDeps => ({ prisma, stripe, settings, webUrl: "http://web.test", now: () => new Date() });

  it("a paid listing opens a Checkout Session; the purchase waits, PENDING, and nothing is charged", async () => {
    const buyer = await createTestUser(prisma);
    for (const priceModel of ["ONE_TIME", "MONTHLY"] as const) {
      const listing = await createTestListing(prisma, { priceModel, priceCents: 1900 });
      const { purchase, checkoutUrl } = await purchaseListing(stripeDeps(), buyer.id, listing.id);
      expect(checkoutUrl).toMatch(/^https:\/\/checkout\.stripe\.com\//);
      expect(purchase).toMatchObject({ status: "PENDING", paidWith: "stripe", priceCents: 1900, priceModel });
      const row = await prisma.purchase.findUniqueOrThrow({ where: { id: purchase.id } });
      expect(row.stripeSessionId).toMatch(/^cs_/);
      expect(await listingAccess(prisma, buyer.id, listing)).toMatchObject({ canRun: false, isBuyer: false });
      expect(await chargesOf(listing.id, buyer.id)).toEqual([]);
    }
    expect(await balance(buyer.id)).toBe(10_000);
  });

  it("free listings need no Stripe at all", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceModel: "FREE" });
    expect(await purchaseListing(stripeDeps(), buyer.id, listing.id)).toMatchObject({ checkoutUrl: null, purchase: { status: "ACTIVE", paidWith: "free" } });
  });
});

describe("Stripe webhook (POST /api/stripe/webhook)", () => {
  let POST: (req: Request) => Promise<Response>;
  const stripeEnv = { STRIPE_SECRET_KEY: "sk_test_123", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, STRIPE_API_BASE: "" };

  beforeAll(async () => {
    // The route reads its configuration like the server does: from the environment.
    Object.assign(process.env, { ...stripeEnv, STRIPE_API_BASE: stripeMockUrl });
    ({ POST } = await import("../app/api/stripe/webhook/route"));
  });
  afterAll(() => restoreEnv(Object.keys(stripeEnv)));

  const event = (type: string, object: object) =>
    JSON.stringify({ id: `evt_${randomBytes(8).toString("hex")}`, object: "event", api_version: "2026-10-28.endive", created: Math.floor(Date.now() / 1000), livemode: false, pending_webhooks: 1, request: null, type, data: { object } });
  const sessionCompleted = (listingId: string, buyerId: string, mode: "payment" | "subscription", amount: number) =>
    event("checkout.session.completed", { id: `cs_test_${randomBytes(6).toString("hex")}`, object: "checkout.session", mode, payment_status: "paid", amount_total: amount, currency: "usd", metadata: { listingId, buyerId } });
  const post = (payload: string, signature: string | null = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET })) =>
    POST(new Request("http://web.test/api/stripe/webhook", { method: "POST", body: payload, headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) } }));

  /** A buyer who started a checkout through stripe-mock. */
  async function pendingCheckout(priceModel: "ONE_TIME" | "MONTHLY") {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceModel, priceCents: 1900 });
    await purchaseListing({ prisma, stripe, settings, webUrl: "http://web.test", now: () => new Date() }, buyer.id, listing.id);
    return { buyer, listing };
  }
  const purchaseOf = (listingId: string, buyerId: string) => prisma.purchase.findUniqueOrThrow({ where: { listingId_buyerId: { listingId, buyerId } } });
  const salesCount = async (listingId: string) => (await prisma.listing.findUniqueOrThrow({ where: { id: listingId } })).salesCount;

  it("a correctly signed checkout.session.completed activates the purchase once; a replay grants nothing", async () => {
    const { buyer, listing } = await pendingCheckout("ONE_TIME");
    const payload = sessionCompleted(listing.id, buyer.id, "payment", 1900);
    const res = await post(payload);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ received: true, outcome: "applied" });
    expect(await purchaseOf(listing.id, buyer.id)).toMatchObject({ status: "ACTIVE", paidWith: "stripe", priceCents: 1900, activeUntil: null });
    expect((await listingAccess(prisma, buyer.id, listing)).canRun).toBe(true);
    expect(await salesCount(listing.id)).toBe(1);

    // Stripe redelivers: once later, and several times at once.
    const replays = await Promise.all([post(payload), post(payload), post(payload), post(payload)]);
    for (const r of replays) {
      expect(r.status).toBe(200);
      expect(await r.json()).toMatchObject({ outcome: "duplicate" });
    }
    expect(await salesCount(listing.id)).toBe(1);
    expect(await prisma.stripeEvent.count({ where: { id: JSON.parse(payload).id } })).toBe(1);
  });

  it("concurrent first deliveries of one event apply it exactly once", async () => {
    const { buyer, listing } = await pendingCheckout("ONE_TIME");
    const payload = sessionCompleted(listing.id, buyer.id, "payment", 1900);
    const outcomes = await Promise.all(Array.from({ length: 5 }, async () => (await (await post(payload)).json()).outcome));
    expect(outcomes.sort()).toEqual(["applied", "duplicate", "duplicate", "duplicate", "duplicate"]);
    expect(await salesCount(listing.id)).toBe(1);
  });

  it("a forged, tampered or missing signature is rejected with 400 and grants nothing", async () => {
    const { buyer, listing } = await pendingCheckout("ONE_TIME");
    const payload = sessionCompleted(listing.id, buyer.id, "payment", 1900);
    const forged = stripe.webhooks.generateTestHeaderString({ payload, secret: "whsec_not_ours" });
    const otherPayload = sessionCompleted(listing.id, buyer.id, "payment", 1);
    const signedForOther = stripe.webhooks.generateTestHeaderString({ payload: otherPayload, secret: WEBHOOK_SECRET });
    const stale = stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: Math.floor(Date.now() / 1000) - 3600 });
    for (const [signature, message] of [
      [forged, /^Stripe signature verification failed: /],
      [signedForOther, /^Stripe signature verification failed: /],
      [stale, /^Stripe signature verification failed: .*tolerance/i],
      ["garbage", /^Stripe signature verification failed: /],
      [null, /^missing Stripe-Signature header$/],
    ] as const) {
      const res = await post(payload, signature);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toMatch(message);
    }
    expect(await purchaseOf(listing.id, buyer.id)).toMatchObject({ status: "PENDING" });
    expect(await prisma.stripeEvent.count({ where: { id: JSON.parse(payload).id } })).toBe(0);
    expect(await salesCount(listing.id)).toBe(0);
  });

  it("monthly: the session starts the period, invoice.paid extends it, subscription.deleted expires it", async () => {
    const { buyer, listing } = await pendingCheckout("MONTHLY");
    expect((await post(sessionCompleted(listing.id, buyer.id, "subscription", 1900))).status).toBe(200);
    const started = await purchaseOf(listing.id, buyer.id);
    expect(started).toMatchObject({ status: "ACTIVE", priceModel: "MONTHLY" });
    expect(started.activeUntil!.getTime()).toBeGreaterThan(Date.now() + 27 * 86_400_000);

    const metadata = { listingId: listing.id, buyerId: buyer.id };
    const periodEnd = Math.floor(Date.now() / 1000) + 60 * 86_400;
    const invoicePaid = event("invoice.paid", {
      id: `in_${randomBytes(6).toString("hex")}`,
      object: "invoice",
      amount_paid: 1900,
      currency: "usd",
      parent: { type: "subscription_details", quote_details: null, subscription_details: { subscription: "sub_123", metadata } },
      lines: { object: "list", data: [{ id: "il_1", object: "line_item", period: { start: periodEnd - 30 * 86_400, end: periodEnd } }], has_more: false },
    });
    expect(await (await post(invoicePaid)).json()).toMatchObject({ outcome: "applied" });
    expect((await purchaseOf(listing.id, buyer.id)).activeUntil!.getTime()).toBe(periodEnd * 1000);
    expect(await salesCount(listing.id)).toBe(1);

    const deleted = event("customer.subscription.deleted", { id: "sub_123", object: "subscription", status: "canceled", metadata });
    expect(await (await post(deleted)).json()).toMatchObject({ outcome: "applied" });
    expect(await purchaseOf(listing.id, buyer.id)).toMatchObject({ status: "EXPIRED" });
    expect((await listingAccess(prisma, buyer.id, listing)).canRun).toBe(false);
  });

  it("events that are not about our purchases are acknowledged and ignored", async () => {
    const res = await post(event("checkout.session.completed", { id: "cs_x", object: "checkout.session", mode: "payment", payment_status: "paid", amount_total: 100, currency: "usd", metadata: {} }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: "ignored" });
    expect(await (await post(event("charge.refunded", { id: "ch_1", object: "charge" }))).json()).toMatchObject({ outcome: "ignored" });
  });
});

describe("seller dashboard and the tRPC procedures", () => {
  const callerFor = (userId: string | null) => {
    const ctx: WebContext = {
      // The server's own deps, built from the environment (DATABASE_URL is this file's database).
      deps: getWebDeps(),
      user: userId ? { sessionId: "s", userId, email: "", name: null } : null,
      userAgent: null,
      setCookie: () => {},
      secure: false,
    };
    return createCallerFactory(router(purchaseProcedures))(ctx);
  };

  it("shows per listing the buyers and revenue (ledger net of fee, Stripe gross), recent sales, balance and ledger", async () => {
    const seller = await createTestUser(prisma, { name: "dashboard-seller" });
    const credits = await createTestListing(prisma, { sellerId: seller.id, title: "Credits strategy", priceCents: 2000 });
    const viaStripe = await createTestListing(prisma, { sellerId: seller.id, title: "Stripe strategy", priceCents: 3000 });
    await createTestListing(prisma, { sellerId: seller.id, title: "Free strategy", priceModel: "FREE", status: "UNPUBLISHED" });
    const [a, b] = [await createTestUser(prisma), await createTestUser(prisma)];
    await callerFor(a.id).buy({ listingId: credits.id });
    await callerFor(b.id).buy({ listingId: credits.id });
    await prisma.purchase.create({ data: { listingId: viaStripe.id, buyerId: a.id, status: "ACTIVE", priceModel: "ONE_TIME", priceCents: 3000, currency: "usd", paidWith: "stripe" } });

    const sales = await callerFor(seller.id).sales();
    expect(sales.balance).toMatchObject({ balanceCents: 10_000 + 2 * 1800, formatted: "$136.00" });
    const byTitle = Object.fromEntries(sales.listings.map((l) => [l.title, l]));
    expect(byTitle["Credits strategy"]).toMatchObject({ status: "PUBLISHED", buyers: 2, liveBuyers: 2, revenue: [{ source: "ledger", currency: "usd", cents: 3600, formatted: "$36.00" }] });
    expect(byTitle["Stripe strategy"]).toMatchObject({ buyers: 1, revenue: [{ source: "stripe", currency: "usd", cents: 3000, formatted: "$30.00" }] });
    expect(byTitle["Free strategy"]).toMatchObject({ status: "UNPUBLISHED", buyers: 0, revenue: [] });
    expect(sales.recentSales.map((s) => s.title).sort()).toEqual(["Credits strategy", "Credits strategy", "Stripe strategy"]);
    expect(sales.ledger.items.map((e) => [e.kind, e.amountCents])).toEqual([["purchase", 1800], ["purchase", 1800], ["grant", 10_000]]);
  });

  it("buy, balance, ledger and myPurchases answer the signed-in user; anonymous callers are refused", async () => {
    const buyer = await createTestUser(prisma);
    const listing = await createTestListing(prisma, { priceCents: 1234 });
    const api = callerFor(buyer.id);
    expect(await api.balance()).toEqual({ balanceCents: 10_000, currency: "usd", formatted: "$100.00" });
    expect(await api.buy({ listingId: listing.id })).toMatchObject({ checkoutUrl: null, purchase: { status: "ACTIVE", priceCents: 1234 } });
    expect((await api.balance()).formatted).toBe("$87.66");
    expect((await api.ledger({ limit: 1 })).items).toMatchObject([{ kind: "purchase", amountCents: -1234 }]);
    expect((await api.myPurchases({})).items).toMatchObject([{ listingId: listing.id, live: true, formattedPrice: "$12.34", listing: { title: listing.title } }]);
    await expect(callerFor(buyer.id).buy({ listingId: "" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerFor(null).balance()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(callerFor(buyer.id).grantCredits({ userId: buyer.id, amountCents: 100, reason: "me" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
