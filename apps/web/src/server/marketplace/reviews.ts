import { z } from "zod";
import { isUniqueViolation, type Prisma, type PrismaClient } from "@tradelab/db/client";
import { AppError } from "@tradelab/runner/errors";
import { listingAccess } from "./entitlements";

const idSchema = z.string().min(1).max(64);
const ratingSchema = z.number().int("a rating is a whole number of stars").min(1, "a rating is 1 to 5 stars").max(5, "a rating is 1 to 5 stars");
const bodySchema = z.string().trim().min(1, "write a few words with your rating").max(4000, "a review has at most 4000 characters");

export const addReviewInput = z.object({ listingId: idSchema, rating: ratingSchema, body: bodySchema });
export const editReviewInput = z.object({ id: idSchema, rating: ratingSchema.optional(), body: bodySchema.optional() });
export const replyToReviewInput = z.object({ id: idSchema, reply: z.string().trim().min(1, "write a reply").max(4000, "a reply has at most 4000 characters") });
export const listReviewsInput = z.object({ listingId: idSchema, limit: z.number().int().min(1).max(50).default(20), cursor: idSchema.optional() });

/** Listing.ratingAvg/ratingCount from its reviews, in the caller's transaction. */
async function refreshRating(tx: Prisma.TransactionClient, listingId: string) {
  const agg = await tx.review.aggregate({ where: { listingId }, _avg: { rating: true }, _count: { _all: true } });
  await tx.listing.update({ where: { id: listingId }, data: { ratingAvg: agg._avg.rating, ratingCount: agg._count._all } });
}

async function viewableListingId(prisma: PrismaClient, userId: string | null, listingId: string) {
  const listing = await prisma.listing.findUnique({ where: { id: listingId }, select: { id: true, sellerId: true, status: true, hiddenAt: true, licence: true } });
  const access = listing && (await listingAccess(prisma, userId, listing));
  if (!listing || !access?.canView) throw new AppError("NOT_FOUND", `listing ${listingId} was not found`);
  return { listing, access };
}

/** Only a buyer with a live purchase may review, once per listing; the seller may not. */
export async function addReview(prisma: PrismaClient, userId: string, input: z.infer<typeof addReviewInput>) {
  const { access } = await viewableListingId(prisma, userId, input.listingId);
  if (access.isSeller) throw new AppError("FORBIDDEN", "sellers cannot review their own listing");
  if (!access.isBuyer) throw new AppError("FORBIDDEN", "only buyers of this listing can review it");
  try {
    return await prisma.$transaction(async (tx) => {
      const review = await tx.review.create({ data: { listingId: input.listingId, authorId: userId, rating: input.rating, body: input.body } });
      await refreshRating(tx, input.listingId);
      return { id: review.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", "you have reviewed this listing already: edit your review instead");
    throw e;
  }
}

/** The author changes their rating or text. */
export async function editReview(prisma: PrismaClient, userId: string, input: z.infer<typeof editReviewInput>) {
  const review = await prisma.review.findUnique({ where: { id: input.id } });
  if (!review || review.authorId !== userId) throw new AppError("NOT_FOUND", `review ${input.id} was not found`);
  return prisma.$transaction(async (tx) => {
    await tx.review.update({ where: { id: input.id }, data: { rating: input.rating, body: input.body } });
    await refreshRating(tx, review.listingId);
    return { id: review.id };
  });
}

/** The seller answers a review; answering again replaces the answer. */
export async function replyToReview(prisma: PrismaClient, userId: string, input: z.infer<typeof replyToReviewInput>) {
  const review = await prisma.review.findUnique({ where: { id: input.id }, include: { listing: { select: { sellerId: true, id: true, status: true, hiddenAt: true, licence: true } } } });
  if (!review) throw new AppError("NOT_FOUND", `review ${input.id} was not found`);
  if (review.listing.sellerId !== userId) {
    const access = await listingAccess(prisma, userId, review.listing);
    // Those who can see the review learn only that they may not answer it.
    if (!access.canView) throw new AppError("NOT_FOUND", `review ${input.id} was not found`);
    throw new AppError("FORBIDDEN", "only the seller can reply to a review");
  }
  await prisma.review.update({ where: { id: input.id }, data: { sellerReply: input.reply, repliedAt: new Date() } });
  return { id: review.id };
}

/** Reviews of a listing, newest first, with the authors' display names. */
export async function listReviews(prisma: PrismaClient, userId: string | null, input: z.infer<typeof listReviewsInput>) {
  await viewableListingId(prisma, userId, input.listingId);
  const rows = await prisma.review.findMany({
    where: { listingId: input.listingId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    include: { author: { select: { name: true } } },
  });
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((r) => ({
      id: r.id,
      rating: r.rating,
      body: r.body,
      author: r.author.name ?? "TradeLab user",
      mine: r.authorId === userId,
      sellerReply: r.sellerReply,
      repliedAt: r.repliedAt?.toISOString() ?? null,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}
