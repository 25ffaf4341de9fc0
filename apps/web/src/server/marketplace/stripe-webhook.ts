import type Stripe from "stripe";
import type { Prisma, PrismaClient } from "@tradelab/db/client";
import { activatePurchase, addOneMonth } from "./purchases";
import { purchaseMetadataSchema, stripeFromEnv, stripeSettingsFromEnv } from "./stripe";

/**
 * POST /api/stripe/webhook: Stripe's events about our Checkout Sessions and subscriptions. The
 * signature is checked on the raw body; each event id is recorded in the same database
 * transaction that grants, so a replayed (or concurrently redelivered) event grants nothing twice.
 */

export type WebhookOutcome = "applied" | "duplicate" | "ignored";

type Tx = Prisma.TransactionClient;

/** Applies one verified event exactly once: "duplicate" when its id was already processed. */
export async function applyStripeEvent(prisma: PrismaClient, event: Stripe.Event): Promise<WebhookOutcome> {
  return prisma.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING: a concurrent delivery of the same event waits here for the first to
    // commit, then finds the id taken.
    const recorded = await tx.stripeEvent.createMany({ data: [{ id: event.id, type: event.type }], skipDuplicates: true });
    if (recorded.count === 0) return "duplicate";
    return applyToPurchases(tx, event);
  });
}

async function applyToPurchases(tx: Tx, event: Stripe.Event): Promise<WebhookOutcome> {
  const eventTime = new Date(event.created * 1000);
  switch (event.type) {
    case "checkout.session.completed":
    case "checkout.session.async_payment_succeeded": {
      const session = event.data.object;
      // Bank debits and the like complete unpaid; async_payment_succeeded follows when the money arrives.
      if (session.payment_status === "unpaid") return "ignored";
      const monthly = session.mode === "subscription";
      return grant(tx, session.metadata, {
        priceCents: session.amount_total,
        currency: session.currency,
        paidUntil: monthly ? addOneMonth(eventTime) : null,
        stripeSessionId: session.id,
      });
    }
    case "invoice.paid": {
      const invoice = event.data.object;
      const periodEnds = invoice.lines.data.map((line) => line.period.end * 1000);
      return grant(tx, invoice.parent?.subscription_details?.metadata ?? null, {
        priceCents: invoice.amount_paid,
        currency: invoice.currency,
        paidUntil: new Date(periodEnds.length ? Math.max(...periodEnds) : addOneMonth(eventTime).getTime()),
      });
    }
    case "customer.subscription.deleted": {
      const meta = purchaseMetadataSchema.safeParse(event.data.object.metadata);
      if (!meta.success) return "ignored";
      const { count } = await tx.purchase.updateMany({ where: { ...meta.data, priceModel: "MONTHLY" }, data: { status: "EXPIRED" } });
      return count ? "applied" : "ignored";
    }
    default:
      return "ignored";
  }
}

/**
 * Activates the purchase named by the metadata (creating it if the checkout's PENDING row is
 * gone). `paidUntil` is set for subscriptions and only ever moves a paid period forward, whatever
 * order Stripe delivers the session and its invoices in. Objects without our metadata (other
 * products on the same Stripe account) are ignored.
 */
async function grant(
  tx: Tx,
  metadata: Stripe.Metadata | null,
  paid: { priceCents: number | null; currency: string | null; paidUntil: Date | null; stripeSessionId?: string },
): Promise<WebhookOutcome> {
  const meta = purchaseMetadataSchema.safeParse(metadata);
  if (!meta.success) return "ignored";
  const { listingId, buyerId } = meta.data;
  const [listing, buyer, existing] = await Promise.all([
    tx.listing.findUnique({ where: { id: listingId }, select: { priceModel: true, priceCents: true, currency: true } }),
    tx.user.findUnique({ where: { id: buyerId }, select: { id: true } }),
    tx.purchase.findUnique({ where: { listingId_buyerId: { listingId, buyerId } }, select: { activeUntil: true } }),
  ]);
  if (!listing || !buyer || listing.priceModel === "FREE") return "ignored";
  const monthly = listing.priceModel === "MONTHLY";
  const paidUntil = paid.paidUntil && existing?.activeUntil && existing.activeUntil > paid.paidUntil ? existing.activeUntil : paid.paidUntil;
  await activatePurchase(tx, {
    listingId,
    buyerId,
    priceModel: listing.priceModel,
    priceCents: paid.priceCents ?? listing.priceCents,
    currency: paid.currency ?? listing.currency,
    paidWith: "stripe",
    activeUntil: monthly ? (paidUntil ?? addOneMonth(new Date())) : null,
    ...(paid.stripeSessionId ? { stripeSessionId: paid.stripeSessionId } : {}),
  });
  return "applied";
}

const reply = (status: number, body: object) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/** The webhook's HTTP answer: 400 for a missing or bad signature (nothing applied), 200 once the event is applied or was already. */
export async function stripeWebhookResponse(
  prisma: PrismaClient,
  req: Request,
  stripe: Stripe | null = stripeFromEnv(),
  webhookSecret: string | null = stripeSettingsFromEnv()?.webhookSecret ?? null,
): Promise<Response> {
  if (!stripe || !webhookSecret) return reply(503, { error: "Stripe webhooks are not configured: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET" });
  const signature = req.headers.get("stripe-signature");
  if (!signature) return reply(400, { error: "missing Stripe-Signature header" });
  // The signature covers the exact bytes Stripe sent, so the body is read raw, never re-serialized.
  const rawBody = await req.text();
  let event: Stripe.Event;
  try {
    event = stripe.webhooks.constructEvent(rawBody, signature, webhookSecret);
  } catch (e) {
    return reply(400, { error: `Stripe signature verification failed: ${(e as Error).message.split(/(?<=\.)\s/)[0]}` });
  }
  const outcome = await applyStripeEvent(prisma, event);
  return reply(200, { received: true, eventId: event.id, outcome });
}
