import type Stripe from "stripe";
import { AppError } from "@tradelab/runner/errors";
import type { Prisma, PrismaClient } from "@tradelab/db/client";
import { hasBought, isLivePurchase, isPublicListing } from "./entitlements";
import { balanceOf, ensureCreditAccount, ledgerEntries, platformAccounts, postTransaction, userAccountId } from "./ledger";
import { formatCents, LEDGER_CURRENCY, marketplaceSettings, splitPrice, type MarketplaceSettings } from "./money";
import { createCheckoutSession, stripeFromEnv } from "./stripe";

/**
 * Buying a listing: free ones at once; paid ones through Stripe Checkout when Stripe is configured,
 * otherwise with the credit ledger. A buyer holds one Purchase per listing, so buying again while
 * it is live charges nothing; concurrent attempts charge once (the ledger's idempotency key).
 */

export interface PurchaseDeps {
  prisma: PrismaClient;
  /** null: paid listings are bought with ledger credits. */
  stripe: Stripe | null;
  settings: MarketplaceSettings;
  /** The web app's public address, for Stripe's return URLs. */
  webUrl: string;
  /** When a monthly period starts (tests move it to reach a later period). */
  now: () => Date;
}

/** Stripe from STRIPE_*, the marketplace settings from MARKETPLACE_*, the address from WEB_PUBLIC_URL. */
export function purchaseDepsFromEnv(prisma: PrismaClient): PurchaseDeps {
  const webUrl = process.env.WEB_PUBLIC_URL || `http://localhost:${process.env.WEB_PORT || 3000}`;
  return { prisma, stripe: stripeFromEnv(), settings: marketplaceSettings(), webUrl: webUrl.replace(/\/+$/, ""), now: () => new Date() };
}

const purchaseSelect = {
  id: true,
  listingId: true,
  status: true,
  priceModel: true,
  priceCents: true,
  currency: true,
  paidWith: true,
  activeUntil: true,
  createdAt: true,
} satisfies Prisma.PurchaseSelect;

export type PurchaseView = Prisma.PurchaseGetPayload<{ select: typeof purchaseSelect }>;

export interface PurchaseOutcome {
  purchase: PurchaseView;
  /** Set when the buyer must pay on Stripe's page; the purchase is PENDING until Stripe confirms. */
  checkoutUrl: string | null;
}

/** The end of a monthly period that starts at `start`: the same day next month, or that month's last day (Jan 31 → Feb 28). */
export function addOneMonth(start: Date): Date {
  const end = new Date(start);
  end.setUTCDate(1);
  end.setUTCMonth(end.getUTCMonth() + 1);
  const lastDay = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() + 1, 0)).getUTCDate();
  end.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  return end;
}

/** One ledger charge per buyer and listing, and for MONTHLY one per period (named by the month it starts in). */
export function purchaseIdempotencyKey(listingId: string, buyerId: string, periodStart: Date | null): string {
  const base = `purchase:${listingId}:${buyerId}`;
  return periodStart ? `${base}:${periodStart.toISOString().slice(0, 7)}` : base;
}

interface Terms {
  listingId: string;
  buyerId: string;
  priceModel: "FREE" | "ONE_TIME" | "MONTHLY";
  priceCents: number;
  currency: string;
  paidWith: "free" | "ledger" | "stripe";
  activeUntil: Date | null;
  stripeSessionId?: string;
}

/**
 * Makes the buyer's purchase ACTIVE on these terms, creating it if needed, inside the caller's
 * transaction; the listing's sales count goes up only for a new buyer (not a renewal).
 */
export async function activatePurchase(tx: Prisma.TransactionClient, terms: Terms): Promise<PurchaseView> {
  const { listingId, buyerId, ...rest } = terms;
  const data = { ...rest, status: "ACTIVE" as const };
  const inserted = (await tx.purchase.createMany({ data: [{ listingId, buyerId, ...data }], skipDuplicates: true })).count === 1;
  let newBuyer = inserted;
  if (!inserted) {
    // Conditional on PENDING, so that of two concurrent activations exactly one counts the sale.
    newBuyer = (await tx.purchase.updateMany({ where: { listingId, buyerId, status: "PENDING" }, data })).count === 1;
    if (!newBuyer) await tx.purchase.update({ where: { listingId_buyerId: { listingId, buyerId } }, data });
  }
  if (newBuyer) await tx.listing.update({ where: { id: listingId }, data: { salesCount: { increment: 1 } } });
  return tx.purchase.findUniqueOrThrow({ where: { listingId_buyerId: { listingId, buyerId } }, select: purchaseSelect });
}

const listingForSale = {
  id: true,
  sellerId: true,
  title: true,
  status: true,
  hiddenAt: true,
  licence: true,
  priceModel: true,
  priceCents: true,
  currency: true,
} satisfies Prisma.ListingSelect;
type ListingForSale = Prisma.ListingGetPayload<{ select: typeof listingForSale }>;

export async function purchaseListing(deps: PurchaseDeps, buyerId: string, listingId: string): Promise<PurchaseOutcome> {
  const { prisma } = deps;
  const listing = await prisma.listing.findUnique({ where: { id: listingId }, select: listingForSale });
  if (!listing) throw new AppError("NOT_FOUND", "listing not found");
  if (listing.sellerId === buyerId) throw new AppError("BAD_REQUEST", "this is your own listing");
  const existing = await prisma.purchase.findUnique({ where: { listingId_buyerId: { listingId, buyerId } }, select: purchaseSelect });
  // Unpublished and hidden listings are sold to nobody new; their buyers keep them (and may renew).
  if (!isPublicListing(listing) && !hasBought(existing)) throw new AppError("NOT_FOUND", "listing not found");
  if (existing && isLivePurchase(existing, deps.now())) return { purchase: existing, checkoutUrl: null };

  if (listing.priceModel === "FREE") {
    const terms: Terms = { listingId, buyerId, priceModel: "FREE", priceCents: 0, currency: listing.currency, paidWith: "free", activeUntil: null };
    return { purchase: await prisma.$transaction((tx) => activatePurchase(tx, terms)), checkoutUrl: null };
  }
  const paid = { ...listing, priceModel: listing.priceModel };
  if (deps.stripe) return startCheckout(deps, deps.stripe, buyerId, paid);
  return { purchase: await buyWithCredits(deps, buyerId, paid, existing !== null && existing.status !== "PENDING"), checkoutUrl: null };
}

type PaidListing = ListingForSale & { priceModel: "ONE_TIME" | "MONTHLY" };

/** Debits the buyer and credits the seller and the platform's fee in one transaction; nothing is written when the balance is short. */
async function buyWithCredits(deps: PurchaseDeps, buyerId: string, listing: PaidListing, renewal: boolean): Promise<PurchaseView> {
  if (listing.currency !== LEDGER_CURRENCY) {
    throw new AppError("BAD_REQUEST", `this listing is priced in ${listing.currency.toUpperCase()}; credits are in ${LEDGER_CURRENCY.toUpperCase()}, so it can only be bought with Stripe`);
  }
  const { prisma, settings } = deps;
  // Both get their starting credits first, so that the grant comes before the sale in their ledgers.
  await ensureCreditAccount(prisma, buyerId, settings);
  await ensureCreditAccount(prisma, listing.sellerId, settings);
  const now = deps.now();
  const monthly = listing.priceModel === "MONTHLY";
  const { feeCents, sellerCents } = splitPrice(listing.priceCents, settings.feeBps);
  return prisma.$transaction(async (tx) => {
    const buyerAccount = await userAccountId(tx, buyerId);
    const sellerAccount = await userAccountId(tx, listing.sellerId);
    const { revenue } = await platformAccounts(tx);
    const posted = await postTransaction(tx, {
      kind: renewal ? "renewal" : "purchase",
      idempotencyKey: purchaseIdempotencyKey(listing.id, buyerId, monthly ? now : null),
      memo: listing.title,
      entries: [
        { accountId: buyerAccount, amountCents: -listing.priceCents },
        { accountId: sellerAccount, amountCents: sellerCents },
        { accountId: revenue, amountCents: feeCents },
      ].filter((e) => e.amountCents !== 0),
    });
    // Someone else's identical request charged first: theirs is the purchase.
    if (!posted.created) return tx.purchase.findUniqueOrThrow({ where: { listingId_buyerId: { listingId: listing.id, buyerId } }, select: purchaseSelect });
    const purchase = await activatePurchase(tx, {
      listingId: listing.id,
      buyerId,
      priceModel: listing.priceModel,
      priceCents: listing.priceCents,
      currency: listing.currency,
      paidWith: "ledger",
      activeUntil: monthly ? addOneMonth(now) : null,
    });
    await tx.ledgerTransaction.update({ where: { id: posted.transactionId }, data: { purchaseId: purchase.id } });
    return purchase;
  });
}

/** A Stripe Checkout Session and a PENDING purchase (an earlier buyer's row keeps its status); the webhook activates it. */
async function startCheckout(deps: PurchaseDeps, stripe: Stripe, buyerId: string, listing: PaidListing): Promise<PurchaseOutcome> {
  const { sessionId, url } = await createCheckoutSession(stripe, { listing, buyerId, returnUrl: `${deps.webUrl}/marketplace/${listing.id}` });
  const purchase = await deps.prisma.purchase.upsert({
    where: { listingId_buyerId: { listingId: listing.id, buyerId } },
    create: {
      listingId: listing.id,
      buyerId,
      status: "PENDING",
      priceModel: listing.priceModel,
      priceCents: listing.priceCents,
      currency: listing.currency,
      paidWith: "stripe",
      stripeSessionId: sessionId,
    },
    update: { stripeSessionId: sessionId },
    select: purchaseSelect,
  });
  return { purchase, checkoutUrl: url };
}

/** The buyer's purchases (not checkouts still open), newest first, with whether each is live now. */
export async function myPurchases(prisma: PrismaClient, buyerId: string, opts: { cursor?: string; limit: number }) {
  const rows = await prisma.purchase.findMany({
    where: { buyerId, status: { not: "PENDING" } },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    select: { ...purchaseSelect, listing: { select: { title: true, licence: true, status: true, timeframe: true } } },
  });
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((p) => ({ ...p, live: isLivePurchase(p), formattedPrice: formatCents(p.priceCents, p.currency) })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

interface Revenue {
  /** "ledger": credits the seller received, net of the platform fee; "stripe": what buyers paid (gross). */
  source: "ledger" | "stripe";
  currency: string;
  cents: number;
  formatted: string;
}

/**
 * The seller's dashboard: per listing its status, buyers (all, and live now) and revenue; the
 * latest sales; the seller's credit balance and latest ledger entries.
 */
export async function sellerSales(prisma: PrismaClient, sellerId: string) {
  const now = new Date();
  const listings = await prisma.listing.findMany({
    where: { sellerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, title: true, status: true, hiddenAt: true, priceModel: true, priceCents: true, currency: true },
  });
  const sold = { listing: { sellerId }, status: { not: "PENDING" as const } };
  const [buyers, liveBuyers, stripeGross, ledgerNet, recent, balance, ledger] = await Promise.all([
    prisma.purchase.groupBy({ by: ["listingId"], where: sold, _count: { _all: true } }),
    prisma.purchase.groupBy({
      by: ["listingId"],
      where: { listing: { sellerId }, status: "ACTIVE", OR: [{ activeUntil: null }, { activeUntil: { gt: now } }] },
      _count: { _all: true },
    }),
    prisma.purchase.groupBy({ by: ["listingId", "currency"], where: { ...sold, paidWith: "stripe" }, _sum: { priceCents: true } }),
    // Every credit the seller's account received for a purchase (renewals included), per listing.
    prisma.$queryRaw<{ listingId: string; cents: bigint }[]>`
      SELECT p."listingId", SUM(e."amountCents") AS cents
      FROM "LedgerEntry" e
      JOIN "LedgerAccount" a ON a."id" = e."accountId" AND a."userId" = ${sellerId} AND a."kind" = 'user'
      JOIN "LedgerTransaction" t ON t."id" = e."transactionId"
      JOIN "Purchase" p ON p."id" = t."purchaseId"
      JOIN "Listing" l ON l."id" = p."listingId" AND l."sellerId" = ${sellerId}
      GROUP BY p."listingId"`,
    prisma.purchase.findMany({
      where: sold,
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
      take: 20,
      select: { id: true, listingId: true, status: true, priceModel: true, priceCents: true, currency: true, paidWith: true, activeUntil: true, updatedAt: true, listing: { select: { title: true } } },
    }),
    balanceOf(prisma, sellerId),
    ledgerEntries(prisma, sellerId, { limit: 20 }),
  ]);
  const countOf = (rows: { listingId: string; _count: { _all: number } }[], id: string) => rows.find((r) => r.listingId === id)?._count._all ?? 0;
  const revenueOf = (id: string): Revenue[] => [
    ...ledgerNet.filter((r) => r.listingId === id).map((r) => ({ source: "ledger" as const, currency: LEDGER_CURRENCY, cents: Number(r.cents) })),
    ...stripeGross.filter((r) => r.listingId === id).map((r) => ({ source: "stripe" as const, currency: r.currency, cents: r._sum.priceCents ?? 0 })),
  ].map((r) => ({ ...r, formatted: formatCents(r.cents, r.currency) }));
  return {
    balance,
    listings: listings.map((l) => ({
      ...l,
      hidden: l.hiddenAt !== null,
      formattedPrice: formatCents(l.priceCents, l.currency),
      buyers: countOf(buyers, l.id),
      liveBuyers: countOf(liveBuyers, l.id),
      revenue: revenueOf(l.id),
    })),
    recentSales: recent.map(({ listing, ...p }) => ({ ...p, title: listing.title, formattedPrice: formatCents(p.priceCents, p.currency) })),
    ledger,
  };
}
