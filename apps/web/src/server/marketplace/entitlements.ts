import { AppError } from "@tradelab/runner/errors";
import type { PrismaClient } from "@tradelab/db/client";

/**
 * Who may do what with a listing. The seller may do everything; a buyer with a live purchase may
 * run it, and read its code only under the OPEN licence; an admin sees every listing (hidden ones
 * too) but reads run-only code no more than anyone else. Unpublishing or hiding a listing takes
 * nothing from its existing buyers.
 */

export interface ListingAccess {
  canView: boolean;
  canRun: boolean;
  canReadSource: boolean;
  isSeller: boolean;
  /** Holds a live purchase: ACTIVE, and for MONTHLY paid up to a time in the future. */
  isBuyer: boolean;
  isAdmin: boolean;
}

export interface AccessListing {
  id: string;
  sellerId: string;
  status: string;
  hiddenAt: Date | null;
  licence: "OPEN" | "RUN_ONLY";
}

export interface PurchaseState {
  status: "PENDING" | "ACTIVE" | "EXPIRED";
  activeUntil: Date | null;
}

/** Listed in the marketplace for everyone: published and not hidden by an admin. */
export const isPublicListing = (listing: Pick<AccessListing, "status" | "hiddenAt">) => listing.status === "PUBLISHED" && listing.hiddenAt === null;

/** A purchase that grants access now. */
export const isLivePurchase = (p: PurchaseState | null, now = new Date()): boolean =>
  p !== null && p.status === "ACTIVE" && (p.activeUntil === null || p.activeUntil > now);

/** A buyer who paid at some point (not a checkout still open) keeps seeing the listing. */
export const hasBought = (p: PurchaseState | null): boolean => p !== null && p.status !== "PENDING";

export async function listingAccess(prisma: PrismaClient, userId: string | null, listing: AccessListing): Promise<ListingAccess> {
  if (!userId) {
    const canView = isPublicListing(listing);
    return { canView, canRun: false, canReadSource: false, isSeller: false, isBuyer: false, isAdmin: false };
  }
  const [user, purchase] = await Promise.all([
    prisma.user.findUnique({ where: { id: userId }, select: { role: true } }),
    prisma.purchase.findUnique({ where: { listingId_buyerId: { listingId: listing.id, buyerId: userId } }, select: { status: true, activeUntil: true } }),
  ]);
  const isSeller = listing.sellerId === userId;
  const isAdmin = user?.role === "ADMIN";
  const isBuyer = isLivePurchase(purchase);
  const open = listing.licence === "OPEN";
  return {
    canView: isSeller || isAdmin || hasBought(purchase) || isPublicListing(listing),
    canRun: isSeller || isBuyer,
    canReadSource: isSeller || (open && (isBuyer || isAdmin)),
    isSeller,
    isBuyer,
    isAdmin,
  };
}

/**
 * The listing (with its frozen strategy version) if the user may run it: NOT_FOUND when they may
 * not even see it, FORBIDDEN naming what to do when they may see but not run it.
 */
export async function requireRunAccess(prisma: PrismaClient, userId: string, listingId: string) {
  const listing = await prisma.listing.findUnique({
    where: { id: listingId },
    select: { id: true, sellerId: true, status: true, hiddenAt: true, licence: true, strategyVersionId: true, title: true, timeframe: true },
  });
  if (!listing) throw new AppError("NOT_FOUND", "listing not found");
  const access = await listingAccess(prisma, userId, listing);
  if (!access.canView) throw new AppError("NOT_FOUND", "listing not found");
  if (!access.canRun) throw new AppError("FORBIDDEN", `buy "${listing.title}" to run it`);
  return { listing, access };
}
