import { getWebDeps } from "../../../../src/server/deps";
import { stripeWebhookResponse } from "../../../../src/server/marketplace/stripe-webhook";

export const dynamic = "force-dynamic";

/** Stripe's events (signed); see stripe-webhook.ts. Relative imports so that the tests can import this handler itself. */
export async function POST(req: Request) {
  return stripeWebhookResponse(getWebDeps().prisma, req);
}
