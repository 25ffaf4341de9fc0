import { z } from "zod";

/**
 * Money in the marketplace: integer minor units (cents), never floats. Pure functions, shared by
 * the ledger, purchases and the pages that show prices.
 */

/** The credit ledger holds US dollar cents; listings priced in another currency need Stripe. */
export const LEDGER_CURRENCY = "usd";

const settingsSchema = z.object({
  /** Credits every new user starts with, once. */
  MARKETPLACE_STARTING_CREDITS: z.coerce.number().int().min(0).max(100_000_000).default(10_000),
  /** The platform's share of each ledger sale in basis points (1000 = 10 %). */
  MARKETPLACE_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(1_000),
});

export interface MarketplaceSettings {
  startingCreditsCents: number;
  feeBps: number;
}

/** Reads MARKETPLACE_STARTING_CREDITS and MARKETPLACE_FEE_BPS; a malformed value is an error naming it. */
export function marketplaceSettings(env: Record<string, string | undefined> = process.env): MarketplaceSettings {
  const parsed = settingsSchema.safeParse({
    MARKETPLACE_STARTING_CREDITS: env.MARKETPLACE_STARTING_CREDITS || undefined,
    MARKETPLACE_FEE_BPS: env.MARKETPLACE_FEE_BPS || undefined,
  });
  if (!parsed.success) {
    throw new Error(`marketplace settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  }
  return { startingCreditsCents: parsed.data.MARKETPLACE_STARTING_CREDITS, feeBps: parsed.data.MARKETPLACE_FEE_BPS };
}

/** The platform fee and the seller's part of a price; they always add up to the price. */
export function splitPrice(priceCents: number, feeBps: number): { feeCents: number; sellerCents: number } {
  const feeCents = Math.round((priceCents * feeBps) / 10_000);
  return { feeCents, sellerCents: priceCents - feeCents };
}

const currencyFormats = new Map<string, Intl.NumberFormat>();
function currencyFormat(currency: string): Intl.NumberFormat {
  const code = currency.toUpperCase();
  let f = currencyFormats.get(code);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { style: "currency", currency: code });
    currencyFormats.set(code, f);
  }
  return f;
}

/** 12345 usd → "$123.45", -500 usd → "-$5.00", 1200 eur → "€12.00", 500 jpy → "¥500" (zero-decimal currencies stay whole). */
export function formatCents(cents: number, currency: string = LEDGER_CURRENCY): string {
  const f = currencyFormat(currency);
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(cents / 10 ** digits);
}
