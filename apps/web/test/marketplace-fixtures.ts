import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@tradelab/db";

/**
 * Marketplace rows made directly with Prisma, for tests of what comes after a listing exists
 * (purchases, entitlements, search). Each call makes its own user or listing with a unique name.
 */

const unique = () => randomBytes(5).toString("hex");

export async function createTestUser(prisma: PrismaClient, opts: { role?: "USER" | "ADMIN"; name?: string } = {}) {
  const tag = unique();
  return prisma.user.create({ data: { email: `${opts.name ?? "user"}-${tag}@example.test`, name: opts.name ?? `User ${tag}`, role: opts.role ?? "USER" } });
}

export interface TestListingOptions {
  /** A new seller when not given. */
  sellerId?: string;
  title?: string;
  description?: string;
  tags?: string[];
  timeframe?: string;
  priceModel?: "FREE" | "ONE_TIME" | "MONTHLY";
  /** 0 for FREE; default 1500 for paid ones. */
  priceCents?: number;
  currency?: string;
  licence?: "OPEN" | "RUN_ONLY";
  status?: "VERIFYING" | "PUBLISHED" | "VERIFICATION_FAILED" | "UNPUBLISHED";
  hiddenAt?: Date | null;
  /** Strategy source of the frozen version. */
  source?: string;
  sharpe?: number | null;
  profitRatio?: number | null;
  maxDrawdownRatio?: number | null;
  totalTrades?: number | null;
}

/** A listing over a new strategy version of its seller; PUBLISHED, ONE_TIME at $15.00, OPEN unless told otherwise. */
export async function createTestListing(prisma: PrismaClient, opts: TestListingOptions = {}) {
  const sellerId = opts.sellerId ?? (await createTestUser(prisma, { name: "seller" })).id;
  const tag = unique();
  const className = `Listed${tag}`;
  const source = opts.source ?? `from freqtrade.strategy import IStrategy\n\nclass ${className}(IStrategy):\n    timeframe = "5m"\n`;
  const strategy = await prisma.strategy.create({
    data: {
      ownerId: sellerId,
      name: `listed-${tag}`,
      versions: { create: { contentHash: tag, source, fileName: `${className}.py`, className } },
    },
    include: { versions: true },
  });
  const priceModel = opts.priceModel ?? "ONE_TIME";
  const status = opts.status ?? "PUBLISHED";
  return prisma.listing.create({
    data: {
      sellerId,
      strategyVersionId: strategy.versions[0]!.id,
      title: opts.title ?? `Strategy ${tag}`,
      description: opts.description ?? "A test listing.",
      tags: opts.tags ?? [],
      timeframe: opts.timeframe ?? "5m",
      priceModel,
      priceCents: opts.priceCents ?? (priceModel === "FREE" ? 0 : 1500),
      currency: opts.currency ?? "usd",
      licence: opts.licence ?? "OPEN",
      status,
      hiddenAt: opts.hiddenAt ?? null,
      publishedAt: status === "PUBLISHED" ? new Date() : null,
      sharpe: opts.sharpe ?? null,
      profitRatio: opts.profitRatio ?? null,
      maxDrawdownRatio: opts.maxDrawdownRatio ?? null,
      totalTrades: opts.totalTrades ?? null,
    },
  });
}
