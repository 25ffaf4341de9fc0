import { z } from "zod";
import { balanceOf, grantCredits, ledgerEntries } from "../../marketplace/ledger";
import { myPurchases, purchaseDepsFromEnv, purchaseListing, sellerSales } from "../../marketplace/purchases";
import { protectedProcedure } from "../init";

/**
 * Purchases, credits and the seller's sales. A plain object of procedures: the marketplace router
 * spreads it in beside the listing procedures, so the names are flat and unique there.
 */

const id = z.string().min(1).max(64);
const page = z.object({ cursor: id.optional(), limit: z.number().int().min(1).max(100).default(24) });

export const purchaseProcedures = {
  /** Free: active at once. Paid: `checkoutUrl` to Stripe when configured, else paid with credits. */
  buy: protectedProcedure
    .input(z.object({ listingId: id }))
    .mutation(({ ctx, input }) => purchaseListing(purchaseDepsFromEnv(ctx.deps.prisma), ctx.user.userId, input.listingId)),
  myPurchases: protectedProcedure.input(page).query(({ ctx, input }) => myPurchases(ctx.deps.prisma, ctx.user.userId, input)),
  balance: protectedProcedure.query(({ ctx }) => balanceOf(ctx.deps.prisma, ctx.user.userId)),
  ledger: protectedProcedure.input(page).query(({ ctx, input }) => ledgerEntries(ctx.deps.prisma, ctx.user.userId, input)),
  sales: protectedProcedure.query(({ ctx }) => sellerSales(ctx.deps.prisma, ctx.user.userId)),
  /** Admins only (checked in the domain function). */
  grantCredits: protectedProcedure
    .input(z.object({ userId: id, amountCents: z.number().int().min(1).max(100_000_000), reason: z.string().trim().min(1).max(200) }))
    .mutation(({ ctx, input }) => grantCredits(ctx.deps.prisma, ctx.user.userId, input.userId, input.amountCents, input.reason)),
};
