import { z } from "zod";
import { isTRPCClientError } from "@trpc/client";
import { backtestRequestSchema, parseStrategyParameters, validateParameterValues } from "@tradelab/contracts";
import type { PrismaClient } from "@tradelab/db/client";
import { AppError, type AppErrorCode } from "@tradelab/runner/errors";
import type { WebDeps } from "../deps";
import { versionNumbers } from "../strategy/strategy-service";
import { listingOfRun, redactRunError, RUN_ONLY_LOG_NOTICE, RUN_ONLY_VISIBLE_ARTIFACTS, visibleArtifacts } from "../marketplace/run-only-guard";

const idSchema = z.string().min(1).max(64);

/** Everything a user sets for a run; the strategy comes from the chosen version. */
export const runSettingsSchema = backtestRequestSchema.omit({ strategy: true, timeoutSeconds: true });
export const startRunInput = z.object({ strategyVersionId: idSchema, settings: runSettingsSchema });

/** Runner errors keep their code and message; the runner being down is named as such. */
export async function callRunner<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isTRPCClientError(e)) {
      const code = (e.data as { code?: string } | undefined)?.code as AppErrorCode | undefined;
      if (code) throw new AppError(code, e.message);
      throw new AppError("CONFLICT", `the backtest runner is not reachable (${e.message}); is the platform running?`);
    }
    throw e;
  }
}

/** The backtest if `userId` owns it; NOT_FOUND otherwise, so others' ids reveal nothing. */
export async function ownedBacktest(prisma: PrismaClient, userId: string, id: string) {
  const bt = await prisma.backtest.findUnique({ where: { id }, select: { id: true, ownerId: true, strategyVersion: { select: { strategyId: true } } } });
  if (!bt || bt.ownerId !== userId) throw new AppError("NOT_FOUND", `backtest ${id} was not found`);
  return bt;
}

export async function startRun(deps: WebDeps, userId: string, input: z.infer<typeof startRunInput>) {
  const version = await deps.prisma.strategyVersion.findUnique({ where: { id: input.strategyVersionId }, include: { strategy: true } });
  if (!version || version.strategy.ownerId !== userId || version.strategy.deletedAt) {
    throw new AppError("NOT_FOUND", `strategy version ${input.strategyVersionId} was not found`);
  }
  checkParameterValues(version.source, input.settings.params);
  return callRunner(() =>
    deps.runner.backtest.enqueueVersion.mutate({ ownerId: userId, strategyVersionId: version.id, settings: input.settings }),
  );
}

/** The chosen parameter values against the strategy's declarations; BAD_REQUEST naming each problem. */
export function checkParameterValues(source: string, values: Record<string, unknown> | undefined) {
  const problems = validateParameterValues(parseStrategyParameters(source).parameters, values ?? {});
  if (problems.length) throw new AppError("BAD_REQUEST", problems.map((p) => p.message).join("; "));
}

/** What a run list shows of any run: its settings, timing and headline metrics. */
export function runRowSummary(b: { id: string; status: string; request: unknown; createdAt: Date; durationMs: number | null; metrics: unknown }) {
  const req = b.request as { pairs: string[]; timeframe: string; timerange: string };
  return {
    id: b.id,
    status: b.status,
    pairs: req.pairs,
    timeframe: req.timeframe,
    timerange: req.timerange,
    createdAt: b.createdAt.toISOString(),
    durationMs: b.durationMs,
    metrics: b.metrics as Record<string, number | null> | null,
  };
}

export const listRunsInput = z.object({
  strategyId: idSchema.optional(),
  limit: z.number().int().min(1).max(100).default(20),
  cursor: idSchema.optional(),
});

export async function listRuns(prisma: PrismaClient, userId: string, input: z.infer<typeof listRunsInput>) {
  const rows = await prisma.backtest.findMany({
    where: { ownerId: userId, purpose: "RUN", ...(input.strategyId ? { strategyVersion: { strategyId: input.strategyId } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
    ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    include: {
      strategyVersion: { select: { id: true, strategyId: true, className: true, strategy: { select: { name: true, ownerId: true } } } },
      listing: { select: { id: true, title: true } },
    },
  });
  const page = rows.slice(0, input.limit);
  const numbers = new Map<string, Map<string, number>>();
  for (const sid of new Set(page.filter((r) => r.strategyVersion.strategy.ownerId === userId).map((r) => r.strategyVersion.strategyId))) numbers.set(sid, await versionNumbers(prisma, sid));
  return {
    items: page.map((b) => {
      // A run of someone else's listing names the listing: its strategy is not the viewer's.
      const ofListing = b.listing && b.strategyVersion.strategy.ownerId !== userId ? b.listing : null;
      return {
        ...runRowSummary(b),
        strategyId: ofListing ? null : b.strategyVersion.strategyId,
        strategyName: ofListing ? ofListing.title : b.strategyVersion.strategy.name,
        listing: b.listing,
        versionId: b.strategyVersion.id,
        versionNumber: ofListing ? null : numbers.get(b.strategyVersion.strategyId)?.get(b.strategyVersion.id) ?? null,
        note: b.note,
        dataSource: b.dataSource,
      };
    }),
    nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null,
  };
}

export async function getRun(deps: WebDeps, userId: string, id: string) {
  const owned = await ownedBacktest(deps.prisma, userId, id);
  const { strategy: version, ...view } = await callRunner(() => deps.runner.backtest.status.query({ id }));
  const listing = await listingOfRun(deps.prisma, userId, id);
  const listingRef = listing && { id: listing.id, title: listing.title };
  if (listing && !listing.viewerIsSeller) {
    // A buyer's run: the listing stands in for the seller's strategy and its versions.
    const strategy = { id: null, name: listing.title, className: version.className, versionNumber: null };
    if (!listing.hidesCode) return { ...view, strategy, listing: listingRef };
    return {
      ...view,
      strategy,
      listing: listingRef,
      error: view.error && redactRunError(view.error, version.className),
      artifacts: visibleArtifacts(view.artifacts),
    };
  }
  const numbers = await versionNumbers(deps.prisma, owned.strategyVersion.strategyId);
  const strategy = await deps.prisma.strategy.findUniqueOrThrow({ where: { id: owned.strategyVersion.strategyId }, select: { id: true, name: true } });
  return {
    ...view,
    strategy: { id: strategy.id as string | null, name: strategy.name, className: version.className, versionNumber: numbers.get(version.id) ?? null },
    listing: listingRef,
  };
}

export async function cancelRun(deps: WebDeps, userId: string, id: string) {
  await ownedBacktest(deps.prisma, userId, id);
  return callRunner(() => deps.runner.backtest.cancel.mutate({ id }));
}

export async function getRunResult(deps: WebDeps, userId: string, id: string) {
  await ownedBacktest(deps.prisma, userId, id);
  return callRunner(() => deps.runner.backtest.result.query({ id }));
}

export async function getRunChart(deps: WebDeps, userId: string, id: string, pair: string) {
  await ownedBacktest(deps.prisma, userId, id);
  return callRunner(() => deps.runner.backtest.chart.query({ id, pair }));
}

export async function getRunArtifact(deps: WebDeps, userId: string, id: string, name: string) {
  await ownedBacktest(deps.prisma, userId, id);
  if (!RUN_ONLY_VISIBLE_ARTIFACTS.has(name) && (await listingOfRun(deps.prisma, userId, id))?.hidesCode) {
    throw new AppError("NOT_FOUND", `${JSON.stringify(name)} is not available: of a run-only strategy's runs, only ${[...RUN_ONLY_VISIBLE_ARTIFACTS].join(" and ")} can be downloaded`);
  }
  return callRunner(() => deps.runner.backtest.artifact.query({ id, name }));
}

export async function setRunNote(prisma: PrismaClient, userId: string, id: string, note: string) {
  await ownedBacktest(prisma, userId, id);
  await prisma.backtest.update({ where: { id }, data: { note: note.trim() || null } });
  return { id, note: note.trim() || null };
}

export const compareInput = z.object({ ids: z.array(idSchema).min(2, "choose at least two runs to compare").max(6, "compare at most six runs") });

/** Metrics and equity of each run, in the order given; every run must be the user's and have succeeded. */
export async function compareRuns(deps: WebDeps, userId: string, ids: string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const run = await getRun(deps, userId, id);
      if (run.status !== "SUCCEEDED") throw new AppError("CONFLICT", `run ${id} cannot be compared: it is ${run.status.toLowerCase()}`);
      const result = await callRunner(() => deps.runner.backtest.result.query({ id }));
      return {
        id,
        label: `${run.strategy.name}${run.strategy.versionNumber === null ? "" : ` v${run.strategy.versionNumber}`} · ${run.request.timeframe} · ${run.request.timerange}`,
        metrics: result.metrics,
        equity: result.equity,
        stakeCurrency: result.stakeCurrency,
        request: run.request,
      };
    }),
  );
}

/** Live log lines of the user's run: the ownership check first, then the runner's stream. */
export async function openRunLog(deps: WebDeps, userId: string, id: string, fromSeq: number, signal?: AbortSignal) {
  await ownedBacktest(deps.prisma, userId, id);
  if ((await listingOfRun(deps.prisma, userId, id))?.hidesCode) return withheldLog(fromSeq);
  return relayRunnerLog(deps, id, fromSeq, signal);
}

async function* withheldLog(fromSeq: number) {
  if (fromSeq === 0) yield { seq: 0, line: RUN_ONLY_LOG_NOTICE };
}

async function* relayRunnerLog(deps: WebDeps, id: string, fromSeq: number, signal?: AbortSignal) {
  const queue: { seq: number; line: string }[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  let failure: unknown = null;
  const sub = deps.runner.backtest.logs.subscribe(
    { id, fromSeq },
    {
      onData: (l) => { queue.push(l); wake?.(); },
      onError: (e) => { failure = e; done = true; wake?.(); },
      onComplete: () => { done = true; wake?.(); },
    },
  );
  signal?.addEventListener("abort", () => { done = true; wake?.(); });
  try {
    while (true) {
      while (queue.length) yield queue.shift()!;
      if (done || signal?.aborted) break;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
    if (failure) await callRunner(() => Promise.reject(failure));
  } finally {
    sub.unsubscribe();
  }
}

export async function runOptions(deps: WebDeps) {
  const availability = await callRunner(() => deps.runner.marketData.availability.query());
  return { availability };
}
