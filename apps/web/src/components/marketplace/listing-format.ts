import { formatCents } from "../../server/marketplace/money";

/** How the marketplace pages word a listing's price, licence, status and rating. */

export type PriceModel = "FREE" | "ONE_TIME" | "MONTHLY";
export type Licence = "OPEN" | "RUN_ONLY";

/** "Free", "$25.00", "$9.00 / month". */
export function priceLabel(priceModel: PriceModel, priceCents: number, currency: string): string {
  if (priceModel === "FREE") return "Free";
  const price = formatCents(priceCents, currency);
  return priceModel === "MONTHLY" ? `${price} / month` : price;
}

export const LICENCE_LABELS: Record<Licence, string> = { OPEN: "Open source", RUN_ONLY: "Run-only" };

/** What each licence means for a buyer, in plain words (the publish form and the listing page). */
export const LICENCE_EXPLANATIONS: Record<Licence, string> = {
  OPEN: "Buyers get the strategy's code: they can read it, copy it and change it.",
  RUN_ONLY:
    "Buyers can backtest the strategy with their own pairs, dates and parameters, but never see its code: not in the editor, the logs, the downloads or error messages.",
};

export const STATUS_LABELS: Record<string, string> = {
  VERIFYING: "Verifying",
  PUBLISHED: "Published",
  VERIFICATION_FAILED: "Verification failed",
  UNPUBLISHED: "Unpublished",
};

/** 4.3 → "★★★★☆" (rounded to whole stars). */
export function stars(rating: number): string {
  const full = Math.max(0, Math.min(5, Math.round(rating)));
  return "★".repeat(full) + "☆".repeat(5 - full);
}

/** "★★★★☆ 4.3 (12)" or "No reviews yet". */
export const ratingLabel = (avg: number | null, count: number): string =>
  avg === null || count === 0 ? "No reviews yet" : `${stars(avg)} ${avg.toFixed(1)} (${count})`;

/**
 * A price typed in dollars ("25", "19.99", "$1,000") as cents, or an error naming the problem.
 * The server checks the allowed range; this only reads the number.
 */
export function parseDollars(text: string): { cents: number } | { error: string } {
  const cleaned = text.replace(/[$,\s]/g, "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return { error: "a price is dollars with up to two decimals, like 25 or 19.99" };
  return { cents: Math.round(Number(cleaned) * 100) };
}

/** Cents as the dollars a price field shows: 2500 → "25", 1999 → "19.99". */
export const centsToDollarsText = (cents: number): string => (cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2));
