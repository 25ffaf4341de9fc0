import { z } from "zod";
import { listingRuns, runListingBacktest, runListingInput } from "../../marketplace/listing-runs";
import {
  getListing,
  getVerification,
  hideListing,
  hideListingInput,
  myListings,
  publishListing,
  publishListingInput,
  republishListing,
  reverifyListing,
  unhideListing,
  unpublishListing,
  updateListingText,
  updateListingTextInput,
} from "../../marketplace/listing-service";
import { addReview, addReviewInput, editReview, editReviewInput, listReviews, listReviewsInput, replyToReview, replyToReviewInput } from "../../marketplace/reviews";
import { searchListings, searchListingsInput } from "../../marketplace/search";
import { finalizePendingVerifications } from "../../marketplace/verification";
import { protectedProcedure, publicProcedure, router } from "../init";
import { purchaseProcedures } from "./marketplace-purchases";

const idInput = z.object({ id: z.string().min(1).max(64) });
const listingIdInput = z.object({ listingId: z.string().min(1).max(64) });

export const marketplaceRouter = router({
  /** Published listings, by text and filters; verifications that have ended are settled first. */
  search: publicProcedure.input(searchListingsInput).query(async ({ ctx, input }) => {
    await finalizePendingVerifications(ctx.deps);
    return searchListings(ctx.deps.prisma, input);
  }),
  get: publicProcedure.input(idInput).query(({ ctx, input }) => getListing(ctx.deps, ctx.user?.userId ?? null, input.id)),
  publish: protectedProcedure.input(publishListingInput).mutation(({ ctx, input }) => publishListing(ctx.deps, ctx.user.userId, input)),
  mine: protectedProcedure.query(({ ctx }) => myListings(ctx.deps, ctx.user.userId)),
  updateText: protectedProcedure.input(updateListingTextInput).mutation(({ ctx, input }) => updateListingText(ctx.deps, ctx.user.userId, input)),
  unpublish: protectedProcedure.input(idInput).mutation(({ ctx, input }) => unpublishListing(ctx.deps, ctx.user.userId, input.id)),
  republish: protectedProcedure.input(idInput).mutation(({ ctx, input }) => republishListing(ctx.deps, ctx.user.userId, input.id)),
  reverify: protectedProcedure.input(idInput).mutation(({ ctx, input }) => reverifyListing(ctx.deps, ctx.user.userId, input.id)),
  verification: publicProcedure.input(idInput).query(({ ctx, input }) => getVerification(ctx.deps, ctx.user?.userId ?? null, input.id)),
  hide: protectedProcedure.input(hideListingInput).mutation(({ ctx, input }) => hideListing(ctx.deps, ctx.user.userId, input.id, input.reason)),
  unhide: protectedProcedure.input(idInput).mutation(({ ctx, input }) => unhideListing(ctx.deps, ctx.user.userId, input.id)),
  runBacktest: protectedProcedure.input(runListingInput).mutation(({ ctx, input }) => runListingBacktest(ctx.deps, ctx.user.userId, input)),
  runs: protectedProcedure.input(listingIdInput).query(({ ctx, input }) => listingRuns(ctx.deps, ctx.user.userId, input.listingId)),
  reviews: publicProcedure.input(listReviewsInput).query(({ ctx, input }) => listReviews(ctx.deps.prisma, ctx.user?.userId ?? null, input)),
  addReview: protectedProcedure.input(addReviewInput).mutation(({ ctx, input }) => addReview(ctx.deps.prisma, ctx.user.userId, input)),
  editReview: protectedProcedure.input(editReviewInput).mutation(({ ctx, input }) => editReview(ctx.deps.prisma, ctx.user.userId, input)),
  replyToReview: protectedProcedure.input(replyToReviewInput).mutation(({ ctx, input }) => replyToReview(ctx.deps.prisma, ctx.user.userId, input)),
  ...purchaseProcedures,
});
