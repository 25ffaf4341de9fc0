import { z } from "zod";
import { declaredTimeframe, parseStrategyParameters, timeframeSchema } from "@tradelab/contracts";
import type { PrismaClient } from "@tradelab/db/client";
import { AppError } from "@tradelab/runner/errors";
import type { WebDeps } from "../deps";
import { listingAccess } from "./entitlements";
import { renderMarkdown } from "./markdown";
import { finalizePendingVerifications, startVerification, type FrozenVerification } from "./verification";

const idSchema = z.string().min(1).max(64);

const MIN_PRICE_CENTS = 100;
const MAX_PRICE_CENTS = 1_000_000;

const titleSchema = z.string().trim().min(3, "a title has at least 3 characters").max(120, "a title has at most 120 characters");
const descriptionSchema = z.string().max(20_000, "a description has at most 20,000 characters");
const tagsSchema = z
  .array(z.string().trim().toLowerCase().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "a tag is a lower-case slug like mean-reversion").max(32, "a tag has at most 32 characters"))
  .max(8, "at most 8 tags")
  .transform((tags) => [...new Set(tags)]);
const priceModelSchema = z.enum(["FREE", "ONE_TIME", "MONTHLY"]);

/** FREE costs 0; a paid listing costs 1.00 to 10,000.00. */
function checkPrice(p: { priceModel?: "FREE" | "ONE_TIME" | "MONTHLY"; priceCents?: number }, ctx: z.RefinementCtx) {
  if (p.priceModel === undefined) {
    if (p.priceCents !== undefined) ctx.addIssue({ code: "custom", path: ["priceModel"], message: "give the price model with the price" });
    return;
  }
  const cents = p.priceCents ?? 0;
  if (p.priceModel === "FREE" && cents !== 0) ctx.addIssue({ code: "custom", path: ["priceCents"], message: "a free listing has the price 0" });
  if (p.priceModel !== "FREE" && (cents < MIN_PRICE_CENTS || cents > MAX_PRICE_CENTS)) {
    ctx.addIssue({ code: "custom", path: ["priceCents"], message: `a paid listing costs from ${MIN_PRICE_CENTS} to ${MAX_PRICE_CENTS} cents` });
  }
}

export const publishListingInput = z
  .object({
    strategyVersionId: idSchema,
    title: titleSchema,
    description: descriptionSchema,
    tags: tagsSchema.default([]),
    /** Default: the timeframe the strategy declares. */
    timeframe: timeframeSchema.optional(),
    priceModel: priceModelSchema,
    priceCents: z.number().int().default(0),
    currency: z.literal("usd", "the currency is usd").default("usd"),
    licence: z.enum(["OPEN", "RUN_ONLY"]),
  })
  .superRefine(checkPrice);

/** What a seller may change after publishing: the text and the price. Never the verification. */
export const updateListingTextInput = z
  .strictObject({
    id: idSchema,
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    tags: tagsSchema.optional(),
    priceModel: priceModelSchema.optional(),
    priceCents: z.number().int().optional(),
  })
  .superRefine(checkPrice);

const listingAccessFields = { id: true, sellerId: true, status: true, hiddenAt: true, licence: true } as const;

/** A listing of `sellerId`'s; NOT_FOUND for anyone else's, so ids reveal nothing. */
async function ownListing(prisma: PrismaClient, sellerId: string, id: string) {
  const listing = await prisma.listing.findUnique({ where: { id } });
  if (!listing || listing.sellerId !== sellerId) throw new AppError("NOT_FOUND", `listing ${id} was not found`);
  return listing;
}

/** A listing the user may view (see entitlements); NOT_FOUND otherwise. */
async function viewableListing(prisma: PrismaClient, userId: string | null, id: string) {
  const listing = await prisma.listing.findUnique({ where: { id }, select: listingAccessFields });
  const access = listing && (await listingAccess(prisma, userId, listing));
  if (!listing || !access?.canView) throw new AppError("NOT_FOUND", `listing ${id} was not found`);
  return { listing, access };
}

async function requireAdmin(prisma: PrismaClient, userId: string) {
  const user = await prisma.user.findUnique({ where: { id: userId }, select: { role: true } });
  if (user?.role !== "ADMIN") throw new AppError("FORBIDDEN", "only an administrator may do this");
}

/** Lists a version of the seller's strategy and starts its verification; it is published when that succeeds. */
export async function publishListing(deps: WebDeps, sellerId: string, input: z.infer<typeof publishListingInput>) {
  const version = await deps.prisma.strategyVersion.findUnique({ where: { id: input.strategyVersionId }, include: { strategy: true } });
  if (!version || version.strategy.ownerId !== sellerId || version.strategy.deletedAt) {
    throw new AppError("NOT_FOUND", `strategy version ${input.strategyVersionId} was not found`);
  }
  if (version.draft) throw new AppError("BAD_REQUEST", "this version is an assistant's draft: accept it into the strategy before publishing it");
  const timeframe = input.timeframe ?? declaredTimeframe(version.source);
  if (!timeframe) throw new AppError("BAD_REQUEST", "the strategy declares no timeframe: choose the timeframe to verify it on");
  const listing = await deps.prisma.listing.create({
    data: {
      sellerId,
      strategyVersionId: version.id,
      title: input.title,
      description: input.description,
      tags: input.tags,
      timeframe,
      priceModel: input.priceModel,
      priceCents: input.priceCents,
      currency: input.currency,
      licence: input.licence,
      status: "VERIFYING",
    },
  });
  await startVerification(deps, listing, sellerId);
  return { id: listing.id, status: (await deps.prisma.listing.findUniqueOrThrow({ where: { id: listing.id }, select: { status: true } })).status };
}

/** One listing as its page shows it; the code only to those who may read it, failures only to the seller. */
export async function getListing(deps: WebDeps, userId: string | null, id: string) {
  await finalizePendingVerifications(deps, { listingId: id });
  const { access } = await viewableListing(deps.prisma, userId, id);
  const l = await deps.prisma.listing.findUniqueOrThrow({
    where: { id },
    include: {
      seller: { select: { id: true, name: true } },
      strategyVersion: { select: { source: true, fileName: true, className: true } },
      verifications: { orderBy: { createdAt: "desc" }, take: 10 },
    },
  });
  const seesModeration = access.isSeller || access.isAdmin;
  return {
    id: l.id,
    title: l.title,
    description: l.description,
    descriptionHtml: renderMarkdown(l.description),
    tags: l.tags,
    timeframe: l.timeframe,
    priceModel: l.priceModel,
    priceCents: l.priceCents,
    currency: l.currency,
    licence: l.licence,
    status: l.status,
    hidden: l.hiddenAt !== null,
    hiddenReason: seesModeration ? l.hiddenReason : null,
    publishedAt: l.publishedAt?.toISOString() ?? null,
    seller: { id: l.seller.id, name: l.seller.name ?? "TradeLab seller" },
    className: l.strategyVersion.className,
    ratingAvg: l.ratingAvg,
    ratingCount: l.ratingCount,
    salesCount: l.salesCount,
    verification: l.verification as FrozenVerification | null,
    verificationHash: l.verificationHash,
    /** Every verification, newest first: the first one and each re-verification. */
    verifications: l.verifications.map((v) => ({
      id: v.id,
      status: v.status as "RUNNING" | "SUCCEEDED" | "FAILED",
      hash: v.hash,
      matchesListing: v.matchesListing,
      error: access.isSeller ? v.error : null,
      createdAt: v.createdAt.toISOString(),
      finishedAt: v.finishedAt?.toISOString() ?? null,
    })),
    access,
    /** The parameters a buyer may set when running it (declarations only, no code). */
    parameters: access.canRun ? parseStrategyParameters(l.strategyVersion.source).parameters : null,
    source: access.canReadSource ? { fileName: l.strategyVersion.fileName, text: l.strategyVersion.source } : null,
  };
}

/** The seller's listings with their status, newest first. */
export async function myListings(deps: WebDeps, sellerId: string) {
  await finalizePendingVerifications(deps, { listing: { sellerId } });
  const rows = await deps.prisma.listing.findMany({
    where: { sellerId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    include: { verifications: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, error: true } } },
  });
  return rows.map((l) => ({
    id: l.id,
    title: l.title,
    status: l.status,
    hidden: l.hiddenAt !== null,
    hiddenReason: l.hiddenReason,
    licence: l.licence,
    priceModel: l.priceModel,
    priceCents: l.priceCents,
    currency: l.currency,
    sharpe: l.sharpe,
    profitRatio: l.profitRatio,
    maxDrawdownRatio: l.maxDrawdownRatio,
    totalTrades: l.totalTrades,
    ratingAvg: l.ratingAvg,
    ratingCount: l.ratingCount,
    salesCount: l.salesCount,
    verificationError: l.status === "VERIFICATION_FAILED" ? (l.verifications[0]?.error ?? null) : null,
    createdAt: l.createdAt.toISOString(),
    publishedAt: l.publishedAt?.toISOString() ?? null,
  }));
}

/** Withdraws a listing from the marketplace; existing buyers keep their access. */
export async function unpublishListing(deps: WebDeps, sellerId: string, id: string) {
  await ownListing(deps.prisma, sellerId, id);
  const moved = await deps.prisma.listing.updateMany({ where: { id, status: "PUBLISHED" }, data: { status: "UNPUBLISHED" } });
  if (moved.count === 0) throw new AppError("CONFLICT", "only a published listing can be unpublished");
  return { id, status: "UNPUBLISHED" as const };
}

/** Lists an unpublished listing again, with the figures it was verified with. */
export async function republishListing(deps: WebDeps, sellerId: string, id: string) {
  await ownListing(deps.prisma, sellerId, id);
  const moved = await deps.prisma.listing.updateMany({ where: { id, status: "UNPUBLISHED" }, data: { status: "PUBLISHED" } });
  if (moved.count === 0) throw new AppError("CONFLICT", "only an unpublished listing can be published again");
  return { id, status: "PUBLISHED" as const };
}

export async function updateListingText(deps: WebDeps, sellerId: string, input: z.infer<typeof updateListingTextInput>) {
  await ownListing(deps.prisma, sellerId, input.id);
  const { id, ...text } = input;
  const updated = await deps.prisma.listing.update({
    where: { id },
    data: { ...text, ...(text.priceModel === "FREE" ? { priceCents: 0 } : {}) },
    select: { id: true, title: true, description: true, tags: true, priceModel: true, priceCents: true },
  });
  return { ...updated, descriptionHtml: renderMarkdown(updated.description) };
}

const hideReasonSchema = z.string().trim().min(3, "give the reason for hiding it (at least 3 characters)").max(1000);
export const hideListingInput = z.object({ id: idSchema, reason: hideReasonSchema });

/** An administrator hides a listing from everyone but its seller and buyers, saying why (hideListingInput checks the reason). */
export async function hideListing(deps: WebDeps, adminId: string, id: string, reason: string) {
  await requireAdmin(deps.prisma, adminId);
  const moved = await deps.prisma.listing.updateMany({ where: { id }, data: { hiddenAt: new Date(), hiddenReason: reason } });
  if (moved.count === 0) throw new AppError("NOT_FOUND", `listing ${id} was not found`);
  return { id, hidden: true };
}

export async function unhideListing(deps: WebDeps, adminId: string, id: string) {
  await requireAdmin(deps.prisma, adminId);
  const moved = await deps.prisma.listing.updateMany({ where: { id }, data: { hiddenAt: null, hiddenReason: null } });
  if (moved.count === 0) throw new AppError("NOT_FOUND", `listing ${id} was not found`);
  return { id, hidden: false };
}

/**
 * Runs the verification again on the same data set and records whether it reproduced the
 * listing's frozen figures and hash. Anyone signed in who can see the listing may ask; one
 * re-verification of a listing runs at a time (asking again returns the running one).
 */
export async function reverifyListing(deps: WebDeps, userId: string, id: string) {
  await finalizePendingVerifications(deps, { listingId: id });
  await viewableListing(deps.prisma, userId, id);
  const listing = await deps.prisma.listing.findUniqueOrThrow({ where: { id } });
  if (!listing.verificationHash) throw new AppError("CONFLICT", "this listing has no verified figures to reproduce yet");
  const running = await deps.prisma.listingVerification.findFirst({ where: { listingId: id, status: "RUNNING" } });
  const v = running ?? (await startVerification(deps, listing, userId));
  return { verificationId: v.id, status: v.status as "RUNNING" | "SUCCEEDED" | "FAILED" };
}

/** One verification of a listing: running, or its figures and whether they reproduced the listing's. */
export async function getVerification(deps: WebDeps, userId: string | null, verificationId: string) {
  const found = await deps.prisma.listingVerification.findUnique({ where: { id: verificationId }, select: { listingId: true } });
  if (!found) throw new AppError("NOT_FOUND", `verification ${verificationId} was not found`);
  await finalizePendingVerifications(deps, { id: verificationId });
  const { access } = await viewableListing(deps.prisma, userId, found.listingId);
  const v = await deps.prisma.listingVerification.findUniqueOrThrow({ where: { id: verificationId } });
  return {
    id: v.id,
    listingId: v.listingId,
    status: v.status as "RUNNING" | "SUCCEEDED" | "FAILED",
    hash: v.hash,
    matchesListing: v.matchesListing,
    result: v.result as FrozenVerification | null,
    error: access.isSeller ? v.error : v.error && "the verification failed",
    createdAt: v.createdAt.toISOString(),
    finishedAt: v.finishedAt?.toISOString() ?? null,
  };
}
