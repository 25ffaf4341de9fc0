import type { PrismaClient } from "@tradelab/db/client";
import { sampleSource, type Api } from "./web-helpers";


/** Publishes a version and waits until its verification has ended (reading the listing settles it). */
export async function publishVerified(api: Api, input: Parameters<Api["marketplace"]["publish"]>[0], timeoutMs = 600_000) {
  const { id } = await api.marketplace.publish(input);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listing = await api.marketplace.get({ id });
    if (listing.status !== "VERIFYING") return listing;
    if (Date.now() > deadline) throw new Error(`listing ${id} still verifying after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Polls a verification until it has ended. */
export async function verificationEnd(api: Api, id: string, timeoutMs = 600_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await api.marketplace.verification({ id });
    if (v.status !== "RUNNING") return v;
    if (Date.now() > deadline) throw new Error(`verification ${id} still running after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** Buys a paid listing with credits an admin grants first: the purchase flow without Stripe. */
export async function buyWithCredits(prisma: PrismaClient, admin: Api, buyer: Api, buyerEmail: string, listingId: string) {
  const listing = await prisma.listing.findUniqueOrThrow({ where: { id: listingId } });
  await admin.marketplace.grantCredits({ userId: await userId(prisma, buyerEmail), amountCents: listing.priceCents, reason: "test credits" });
  return buyer.marketplace.buy({ listingId });
}

export const userId = async (prisma: PrismaClient, email: string) => (await prisma.user.findUniqueOrThrow({ where: { email } })).id;

/**
 * The sample strategy with secrets only its code holds: a comment, a constant, and a parameter
 * that makes populate_entry_trend raise with the constant in the message (for error paths).
 */
export const MARKERS = ["zq-secret-comment-7f3a9c1e", "EDGE_MULTIPLIER_ZQ91", "1.0371", "zq-secret-raise"];
export function markerSource(): string {
  return sampleSource()
    .replace("from freqtrade.strategy import DecimalParameter, IntParameter, IStrategy", "from freqtrade.strategy import BooleanParameter, DecimalParameter, IntParameter, IStrategy\n\nEDGE_MULTIPLIER_ZQ91 = 1.0371")
    .replaceAll("SampleStrategy", "MarkerStrategy")
    .replace(
      "    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:\n",
      [
        "    def populate_entry_trend(self, dataframe: DataFrame, metadata: dict) -> DataFrame:",
        "        # zq-secret-comment-7f3a9c1e: the edge is the divergence filter below",
        "        if self.buy_fail_probe.value:",
        '            raise RuntimeError(f"zq-secret-raise {EDGE_MULTIPLIER_ZQ91}")',
        "        gap = self.buy_ema_gap.value * EDGE_MULTIPLIER_ZQ91 / EDGE_MULTIPLIER_ZQ91",
        "",
      ].join("\n"),
    )
    .replace('dataframe["ema50"] * self.buy_ema_gap.value)', 'dataframe["ema50"] * gap)')
    .replace(
      '    buy_ema_gap = DecimalParameter(0.90, 1.10, decimals=3, default=1.02, space="buy")\n',
      '    buy_ema_gap = DecimalParameter(0.90, 1.10, decimals=3, default=1.02, space="buy")\n    buy_fail_probe = BooleanParameter(default=False, space="buy", optimize=False)\n',
    );
}
