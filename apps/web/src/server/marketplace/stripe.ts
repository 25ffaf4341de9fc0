import Stripe from "stripe";
import { z } from "zod";

/**
 * The Stripe side of paid purchases: configuration, the client, Checkout Sessions and webhook
 * signature checks. Stripe is used when STRIPE_SECRET_KEY is set; otherwise paid listings are
 * bought with the built-in credit ledger.
 */

export interface StripeSettings {
  secretKey: string;
  /** Signs the webhook's events ("whsec_…"); without it the webhook refuses every request. */
  webhookSecret: string | null;
  /** Another API address, e.g. stripe-mock's "http://127.0.0.1:12111" in tests. */
  apiBase: string | null;
}

const envSchema = z.object({
  STRIPE_SECRET_KEY: z.string().min(1),
  STRIPE_WEBHOOK_SECRET: z.string().min(1).nullable(),
  STRIPE_API_BASE: z.url({ protocol: /^https?$/ }).nullable(),
});

/** STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_BASE; null when Stripe is not configured. */
export function stripeSettingsFromEnv(env: Record<string, string | undefined> = process.env): StripeSettings | null {
  if (!env.STRIPE_SECRET_KEY) return null;
  const parsed = envSchema.safeParse({
    STRIPE_SECRET_KEY: env.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: env.STRIPE_WEBHOOK_SECRET || null,
    STRIPE_API_BASE: env.STRIPE_API_BASE || null,
  });
  // The key itself never goes into a message.
  if (!parsed.success) throw new Error(`Stripe settings: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return { secretKey: parsed.data.STRIPE_SECRET_KEY, webhookSecret: parsed.data.STRIPE_WEBHOOK_SECRET, apiBase: parsed.data.STRIPE_API_BASE };
}

export function createStripeClient(settings: StripeSettings): Stripe {
  if (!settings.apiBase) return new Stripe(settings.secretKey);
  const base = new URL(settings.apiBase);
  const protocol = base.protocol === "http:" ? "http" : "https";
  return new Stripe(settings.secretKey, { host: base.hostname, port: base.port || (protocol === "http" ? 80 : 443), protocol });
}

const cache = globalThis as unknown as { tradelabStripe?: { secretKey: string; apiBase: string | null; client: Stripe } };

/** One client per server process for the configured account; null when Stripe is not configured. */
export function stripeFromEnv(): Stripe | null {
  const settings = stripeSettingsFromEnv();
  if (!settings) return null;
  const c = cache.tradelabStripe;
  if (c && c.secretKey === settings.secretKey && c.apiBase === settings.apiBase) return c.client;
  const client = createStripeClient(settings);
  cache.tradelabStripe = { secretKey: settings.secretKey, apiBase: settings.apiBase, client };
  return client;
}

/** Which purchase a Stripe object belongs to; set on the Checkout Session and, for subscriptions, on the subscription. */
export const purchaseMetadataSchema = z.object({ listingId: z.string().min(1), buyerId: z.string().min(1) });
export type PurchaseMetadata = z.infer<typeof purchaseMetadataSchema>;

export interface CheckoutRequest {
  listing: { id: string; title: string; priceModel: "ONE_TIME" | "MONTHLY"; priceCents: number; currency: string };
  buyerId: string;
  /** Where Stripe sends the buyer back: the listing's page with ?checkout=success|cancelled. */
  returnUrl: string;
}

/** A hosted Checkout Session: a one-time payment, or a monthly subscription for MONTHLY listings. */
export async function createCheckoutSession(stripe: Stripe, req: CheckoutRequest): Promise<{ sessionId: string; url: string }> {
  const { listing } = req;
  const metadata: PurchaseMetadata = { listingId: listing.id, buyerId: req.buyerId };
  const monthly = listing.priceModel === "MONTHLY";
  const session = await stripe.checkout.sessions.create({
    mode: monthly ? "subscription" : "payment",
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: listing.currency,
          unit_amount: listing.priceCents,
          product_data: { name: listing.title },
          ...(monthly ? { recurring: { interval: "month" as const } } : {}),
        },
      },
    ],
    client_reference_id: req.buyerId,
    metadata,
    ...(monthly ? { subscription_data: { metadata } } : {}),
    success_url: `${req.returnUrl}?checkout=success`,
    cancel_url: `${req.returnUrl}?checkout=cancelled`,
  });
  if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`);
  return { sessionId: session.id, url: session.url };
}
