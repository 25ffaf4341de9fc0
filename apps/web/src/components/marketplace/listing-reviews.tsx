"use client";
import { useState } from "react";
import type { RouterOutputs } from "@/client/trpc";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { ratingLabel, stars } from "./listing-format";

type Listing = RouterOutputs["marketplace"]["get"];
type Review = RouterOutputs["marketplace"]["reviews"]["items"][number];

/** Reviews with the seller's replies; buyers write (and edit) theirs, the seller answers. */
export function ListingReviews({ listing }: { listing: Listing }) {
  const reviews = trpc.marketplace.reviews.useInfiniteQuery({ listingId: listing.id, limit: 20 }, { getNextPageParam: (p) => p.nextCursor ?? undefined });
  const items = reviews.data?.pages.flatMap((p) => p.items) ?? [];
  const mine = items.find((r) => r.mine);
  const canReview = listing.access.isBuyer && !listing.access.isSeller;
  return (
    <section className="reviews" data-testid="reviews">
      <h2>Reviews <span className="muted">{ratingLabel(listing.ratingAvg, listing.ratingCount)}</span></h2>
      {canReview && !mine && reviews.data && <ReviewForm listingId={listing.id} />}
      {!listing.access.isBuyer && !listing.access.isSeller && <p className="muted">Only buyers can review a listing.</p>}
      {reviews.error && <p className="error">{reviews.error.message}</p>}
      {reviews.isLoading && <div className="skeleton" style={{ height: 80 }} />}
      {items.map((r) => <ReviewItem key={r.id} review={r} listingId={listing.id} isSeller={listing.access.isSeller} />)}
      {reviews.hasNextPage && <button type="button" onClick={() => void reviews.fetchNextPage()} disabled={reviews.isFetchingNextPage}>More reviews</button>}
    </section>
  );
}

function ReviewItem({ review, listingId, isSeller }: { review: Review; listingId: string; isSeller: boolean }) {
  const [editing, setEditing] = useState(false);
  const [replying, setReplying] = useState(false);
  if (editing) return <ReviewForm listingId={listingId} existing={review} onDone={() => setEditing(false)} />;
  return (
    <article className="review card" data-testid="review">
      <div className="row">
        <span className="stars" aria-label={`${review.rating} of 5 stars`} data-testid="review-stars">{stars(review.rating)}</span>
        <strong>{review.author}</strong>
        <span className="muted">{new Date(review.createdAt).toLocaleDateString()}</span>
        <span className="spacer" />
        {review.mine && <button type="button" className="ghost" onClick={() => setEditing(true)}>Edit</button>}
        {isSeller && !replying && <button type="button" className="ghost" onClick={() => setReplying(true)}>{review.sellerReply ? "Change reply" : "Reply"}</button>}
      </div>
      <p className="review-body">{review.body}</p>
      {review.sellerReply && !replying && (
        <blockquote className="seller-reply" data-testid="seller-reply"><strong>Seller&apos;s reply:</strong> {review.sellerReply}</blockquote>
      )}
      {replying && <ReplyForm review={review} listingId={listingId} onDone={() => setReplying(false)} />}
    </article>
  );
}

/** 1–5 stars and a text: a new review, or the author's edit of theirs. */
function ReviewForm({ listingId, existing, onDone }: { listingId: string; existing?: Review; onDone?: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const [rating, setRating] = useState(existing?.rating ?? 0);
  const [body, setBody] = useState(existing?.body ?? "");
  const saved = () => {
    toast({ kind: "success", text: existing ? "Review updated" : "Thank you for your review" });
    void utils.marketplace.reviews.invalidate({ listingId });
    void utils.marketplace.get.invalidate({ id: listingId });
    onDone?.();
  };
  const add = trpc.marketplace.addReview.useMutation({ onSuccess: saved });
  const edit = trpc.marketplace.editReview.useMutation({ onSuccess: saved });
  const error = add.error ?? edit.error;
  const submit = () => (existing ? edit.mutate({ id: existing.id, rating, body }) : add.mutate({ listingId, rating, body }));
  return (
    <form className="review-form card" data-testid="review-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <fieldset className="star-picker">
        <legend>Your rating</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} title={`${n} star${n > 1 ? "s" : ""}`} className={n <= rating ? "on" : ""}>
            <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} aria-label={`${n} star${n > 1 ? "s" : ""}`} />★
          </label>
        ))}
      </fieldset>
      <textarea aria-label="Your review" rows={3} maxLength={4000} placeholder="How did it do for you?" value={body} onChange={(e) => setBody(e.target.value)} />
      {error && <p className="error" role="alert">{errorText(error)}</p>}
      <div className="row">
        <button type="submit" className="primary" disabled={rating === 0 || !body.trim() || add.isPending || edit.isPending} data-testid="review-submit">
          {existing ? "Save review" : "Post review"}
        </button>
        {onDone && <button type="button" className="ghost" onClick={onDone}>Cancel</button>}
      </div>
    </form>
  );
}

function ReplyForm({ review, listingId, onDone }: { review: Review; listingId: string; onDone: () => void }) {
  const utils = trpc.useUtils();
  const [reply, setReply] = useState(review.sellerReply ?? "");
  const save = trpc.marketplace.replyToReview.useMutation({
    onSuccess: () => { void utils.marketplace.reviews.invalidate({ listingId }); onDone(); },
  });
  return (
    <form className="reply-form" onSubmit={(e) => { e.preventDefault(); save.mutate({ id: review.id, reply }); }}>
      <textarea aria-label="Your reply" rows={2} maxLength={4000} value={reply} onChange={(e) => setReply(e.target.value)} />
      {save.error && <p className="error" role="alert">{errorText(save.error)}</p>}
      <div className="row">
        <button type="submit" disabled={!reply.trim() || save.isPending}>Post reply</button>
        <button type="button" className="ghost" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
