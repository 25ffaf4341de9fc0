import { createHash } from "node:crypto";
import {
  backtestRequestSchema,
  detectStrategyClass,
  parseTimerange,
  type BacktestRequest,
  type BacktestRequestInput,
  type BacktestStatus,
  type BacktestResult,
  type BacktestError,
  isTerminalStatus,
} from "@tradelab/contracts";
import { isUniqueViolation, type BacktestPurpose, type PrismaClient } from "@tradelab/db";
import type { ArtifactStore } from "../storage/artifact-store.js";
import type { BacktestQueue } from "../queue/backtest-queue.js";
import type { MarketDataStore } from "../market-data/data-store.js";
import type { BacktestExecutor } from "./backtest-executor.js";
import type { LogHub, LogLine } from "../logs/log-hub.js";
import { AppError, formatZodIssues } from "../errors.js";

/** The request as stored on the backtest row; the source lives in the strategy version. */
export type StoredRequest = Omit<BacktestRequest, "strategy">;

export interface BacktestServiceDeps {
  prisma: PrismaClient;
  queue: BacktestQueue;
  artifacts: ArtifactStore;
  marketData: MarketDataStore;
  executor: BacktestExecutor;
}

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** Validates a request against the schema and the data store; throws AppError naming the problem. */
export async function validateBacktestRequest(input: BacktestRequestInput, marketData: MarketDataStore): Promise<BacktestRequest> {
  const parsed = backtestRequestSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError("BAD_REQUEST", formatZodIssues(parsed.error));
  }
  const request = parsed.data;
  const range = parseTimerange(request.timerange);
  if ("error" in range) throw new AppError("BAD_REQUEST", range.error);
  const coverage = await marketData.checkCoverage(request.pairs, request.timeframe, range.startMs, range.endMs);
  if (!coverage.ok) throw new AppError("BAD_REQUEST", coverage.error);
  return request;
}

type SubmitDeps = Pick<BacktestServiceDeps, "prisma" | "queue" | "marketData" | "executor">;
type Submitted = { id: string; status: BacktestStatus; queuePosition: number };

/** The CLI's path: the strategy comes with the request and is filed under its class name. */
export async function submitBacktest(deps: SubmitDeps, opts: { ownerEmail: string; request: BacktestRequestInput }): Promise<Submitted> {
  const request = await validateBacktestRequest(opts.request, deps.marketData);
  const { className } = detectStrategyClass(request.strategy.source) as { className: string };
  const contentHash = sha256(request.strategy.source);
  const { strategy, ...stored } = request;
  // Two submissions at once may both try to create the same user, strategy or version; Prisma's
  // upsert is not atomic, so the loser of that race retries and finds the rows. A burst of
  // submissions queues for the pool's connections: wait for one longer than Prisma's 2 s default.
  const ids = await retryOnUniqueViolation(() => deps.prisma.$transaction(async (tx) => {
    const user = await tx.user.upsert({ where: { email: opts.ownerEmail.toLowerCase() }, update: {}, create: { email: opts.ownerEmail.toLowerCase() } });
    const strat = await tx.strategy.upsert({
      where: { ownerId_name: { ownerId: user.id, name: className } },
      update: {},
      create: { ownerId: user.id, name: className },
    });
    const version = await tx.strategyVersion.upsert({
      where: { strategyId_contentHash: { strategyId: strat.id, contentHash } },
      update: {},
      create: { strategyId: strat.id, contentHash, source: strategy.source, fileName: strategy.fileName, className },
    });
    await tx.strategy.update({ where: { id: strat.id }, data: { headVersionId: version.id } });
    return { ownerId: user.id, strategyVersionId: version.id };
  }, { maxWait: 30_000 }));
  return enqueueBacktest(deps, { ...ids, stored });
}

/**
 * The web app's path: a stored strategy version, run with the given settings on behalf of
 * `ownerId`. Whether that user may run the version is the caller's decision.
 */
export async function submitBacktestOfVersion(
  deps: SubmitDeps,
  opts: { ownerId: string; strategyVersionId: string; settings: Omit<BacktestRequestInput, "strategy">; purpose?: BacktestPurpose; listingId?: string },
): Promise<Submitted> {
  const version = await deps.prisma.strategyVersion.findUnique({ where: { id: opts.strategyVersionId } });
  if (!version) throw new AppError("NOT_FOUND", `strategy version ${opts.strategyVersionId} does not exist`);
  const request = await validateBacktestRequest(
    { ...opts.settings, strategy: { fileName: version.fileName, source: version.source } },
    deps.marketData,
  );
  const { strategy: _source, ...stored } = request;
  return enqueueBacktest(deps, { ownerId: opts.ownerId, strategyVersionId: version.id, stored, purpose: opts.purpose, listingId: opts.listingId });
}

async function enqueueBacktest(
  deps: SubmitDeps,
  opts: { ownerId: string; strategyVersionId: string; stored: StoredRequest; purpose?: BacktestPurpose; listingId?: string },
): Promise<Submitted> {
  const { prisma, queue, marketData, executor } = deps;
  const { stored } = opts;
  const sources = new Set(
    (await marketData.availability()).filter((a) => a.timeframe === stored.timeframe && stored.pairs.includes(a.pair)).map((a) => a.source),
  );
  const dataSource = sources.size === 1 ? [...sources][0]! : "mixed";
  const backtest = await prisma.backtest.create({
    data: { ownerId: opts.ownerId, strategyVersionId: opts.strategyVersionId, status: "QUEUED", purpose: opts.purpose ?? "RUN", listingId: opts.listingId ?? null, request: stored as object, note: stored.note ?? null, dataSource },
  });
  const jobId = await queue.enqueue(backtest.id, executor.timeoutMs(stored) / 1000);
  await prisma.backtest.updateMany({ where: { id: backtest.id, queueJobId: null }, data: { queueJobId: jobId } });
  return { id: backtest.id, status: "QUEUED", queuePosition: await queuePosition(prisma, backtest.id, backtest.createdAt) };
}

async function retryOnUniqueViolation<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (i >= attempts || !isUniqueViolation(e)) throw e;
    }
  }
}

/** 1 = next to start. Jobs start in submission order. */
async function queuePosition(prisma: PrismaClient, id: string, createdAt: Date): Promise<number> {
  const ahead = await prisma.backtest.count({
    where: { status: "QUEUED", OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] },
  });
  return ahead + 1;
}

export async function getBacktest(deps: Pick<BacktestServiceDeps, "prisma">, id: string) {
  const bt = await deps.prisma.backtest.findUnique({
    where: { id },
    include: { strategyVersion: { select: { id: true, className: true, fileName: true, contentHash: true, strategyId: true } } },
  });
  if (!bt) throw new AppError("NOT_FOUND", `backtest ${id} does not exist`);
  return {
    id: bt.id,
    status: bt.status as BacktestStatus,
    queuePosition: bt.status === "QUEUED" ? await queuePosition(deps.prisma, bt.id, bt.createdAt) : null,
    request: bt.request as StoredRequest,
    strategy: bt.strategyVersion,
    createdAt: bt.createdAt.toISOString(),
    startedAt: bt.startedAt?.toISOString() ?? null,
    finishedAt: bt.finishedAt?.toISOString() ?? null,
    durationMs: bt.durationMs,
    runtime: bt.runtime,
    imageTag: bt.imageTag,
    attempt: bt.attempt,
    metrics: (bt.metrics ?? null) as Record<string, number | null> | null,
    error: (bt.error ?? null) as BacktestError | null,
    artifacts: (bt.artifactUris ?? {}) as Record<string, string>,
    note: bt.note,
    /** "generated" data is synthetic: results say nothing about real markets. */
    dataSource: bt.dataSource as "generated" | "imported" | "mixed" | null,
  };
}
export type BacktestView = Awaited<ReturnType<typeof getBacktest>>;

export async function listBacktests(
  deps: Pick<BacktestServiceDeps, "prisma">,
  opts: { ownerEmail?: string; limit: number; cursor?: string },
) {
  const rows = await deps.prisma.backtest.findMany({
    where: opts.ownerEmail ? { owner: { email: opts.ownerEmail } } : {},
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    include: { strategyVersion: { select: { className: true } } },
  });
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((b) => ({
      id: b.id,
      strategy: b.strategyVersion.className,
      status: b.status as BacktestStatus,
      createdAt: b.createdAt.toISOString(),
      durationMs: b.durationMs,
      metrics: (b.metrics ?? null) as Record<string, number | null> | null,
    })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

export async function cancelBacktest(deps: Pick<BacktestServiceDeps, "prisma" | "queue" | "executor">, id: string) {
  const { prisma, queue, executor } = deps;
  const bt = await prisma.backtest.findUnique({ where: { id } });
  if (!bt) throw new AppError("NOT_FOUND", `backtest ${id} does not exist`);
  if (bt.status === "QUEUED") {
    const res = await prisma.backtest.updateMany({
      where: { id, status: "QUEUED" },
      data: { status: "CANCELLED", finishedAt: new Date(), error: { kind: "cancelled", message: "cancelled before it started" } },
    });
    if (res.count === 1) {
      if (bt.queueJobId) await queue.cancel(bt.queueJobId);
      return { status: "CANCELLED" as const };
    }
  }
  if (executor.cancelRunning(id)) return { status: "CANCELLING" as const };
  const now = await prisma.backtest.findUniqueOrThrow({ where: { id } });
  throw new AppError("CONFLICT", `backtest ${id} is ${now.status.toLowerCase()} and cannot be cancelled`);
}

export async function getBacktestResult(deps: Pick<BacktestServiceDeps, "prisma" | "artifacts">, id: string): Promise<BacktestResult> {
  const bt = await deps.prisma.backtest.findUnique({ where: { id } });
  if (!bt) throw new AppError("NOT_FOUND", `backtest ${id} does not exist`);
  const uri = (bt.artifactUris as Record<string, string> | null)?.["result.json"];
  if (bt.status !== "SUCCEEDED" || !uri) throw new AppError("CONFLICT", `backtest ${id} has no result: it is ${bt.status.toLowerCase()}`);
  return JSON.parse((await deps.artifacts.get(uri)).toString("utf8")) as BacktestResult;
}

/**
 * The log of a backtest from line `fromSeq` on: live while it runs in this runner, the stored log
 * once it has finished. A queued job is waited for. Ends when the job ends.
 */
export async function* followBacktestLog(
  deps: Pick<BacktestServiceDeps, "prisma" | "artifacts"> & { logs: LogHub },
  id: string,
  fromSeq: number,
  signal?: AbortSignal,
): AsyncGenerator<LogLine> {
  while (!signal?.aborted) {
    if (deps.logs.isLive(id)) {
      yield* deps.logs.follow(id, fromSeq, signal);
      return;
    }
    const bt = await getBacktest(deps, id); // NOT_FOUND for unknown ids
    if (isTerminalStatus(bt.status)) {
      const uri = bt.artifacts["log.txt"];
      const stored = uri ? (await deps.artifacts.get(uri)).toString("utf8") : "";
      const lines = stored ? stored.replace(/\n$/, "").split("\n") : [];
      for (let seq = fromSeq; seq < lines.length; seq++) yield { seq, line: lines[seq]! };
      return;
    }
    await new Promise((r) => setTimeout(r, 250)); // queued, or about to start
  }
}

const ARTIFACT_TYPES: Record<string, string> = { ".json": "application/json", ".txt": "text/plain", ".csv": "text/csv", ".zip": "application/zip", ".feather": "application/octet-stream" };

/** One stored artifact of a backtest, for downloads (base64, as tRPC speaks JSON). */
export async function getBacktestArtifact(deps: Pick<BacktestServiceDeps, "prisma" | "artifacts">, id: string, name: string) {
  const bt = await deps.prisma.backtest.findUnique({ where: { id }, select: { artifactUris: true } });
  if (!bt) throw new AppError("NOT_FOUND", `backtest ${id} does not exist`);
  const uris = (bt.artifactUris ?? {}) as Record<string, string>;
  const uri = uris[name];
  if (!uri) throw new AppError("NOT_FOUND", `backtest ${id} has no artifact ${JSON.stringify(name)}; it has: ${Object.keys(uris).join(", ") || "none"}`);
  const body = await deps.artifacts.get(uri);
  const ext = name.slice(name.lastIndexOf("."));
  return { name, contentType: ARTIFACT_TYPES[ext] ?? "application/octet-stream", base64: body.toString("base64") };
}
