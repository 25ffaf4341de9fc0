import { z } from "zod";
import type { WebDeps } from "../deps";
import { callRunner, checkParameterValues, runRowSummary, runSettingsSchema } from "../backtest/backtest-service";
import { requireRunAccess } from "./entitlements";

const idSchema = z.string().min(1).max(64);

export const runListingInput = z.object({ listingId: idSchema, settings: runSettingsSchema });

/**
 * A buyer's (or the seller's) backtest of a listing with their own settings. The run is theirs
 * and records the listing, which is what keeps a run-only strategy's code out of everything they
 * can read about it (run-only-guard).
 */
export async function runListingBacktest(deps: WebDeps, userId: string, input: z.infer<typeof runListingInput>) {
  const { listing } = await requireRunAccess(deps.prisma, userId, input.listingId);
  const version = await deps.prisma.strategyVersion.findUniqueOrThrow({ where: { id: listing.strategyVersionId }, select: { id: true, source: true } });
  checkParameterValues(version.source, input.settings.params);
  return callRunner(() =>
    deps.runner.backtest.enqueueVersion.mutate({ ownerId: userId, strategyVersionId: version.id, settings: input.settings, listingId: listing.id }),
  );
}

/** The user's own runs of a listing, newest first (the listing page shows them to its buyers). */
export async function listingRuns(deps: WebDeps, userId: string, listingId: string) {
  await requireRunAccess(deps.prisma, userId, listingId);
  const rows = await deps.prisma.backtest.findMany({
    where: { ownerId: userId, listingId, purpose: "RUN" },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
  });
  return rows.map(runRowSummary);
}
