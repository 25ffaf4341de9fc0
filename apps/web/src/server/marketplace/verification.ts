import { createHash } from "node:crypto";
import { isTerminalStatus, parseTimerange, type BacktestResult, type BacktestStatus, type SeriesPoint } from "@tradelab/contracts";
import type { Prisma } from "@tradelab/db/client";
import { AppError } from "@tradelab/runner/errors";
import type { WebDeps } from "../deps";
import { callRunner } from "../backtest/backtest-service";

const DAY_MS = 86_400_000;

/**
 * The platform's standard data set for verifications: the same for every listing, so listings
 * compare. BTC/USDT and ETH/USDT of the default generated market data, in the strategy's own
 * timeframe, over the second half of 2024, with the default stake and wallet.
 */
export const VERIFICATION_DATASET = {
  exchange: "binance",
  pairs: ["BTC/USDT", "ETH/USDT"],
  timerange: "20240701-20241231",
  /** In-sample: the first 70 % of the range by time (rounded down to a whole day); out-of-sample: the final 30 %. */
  inSampleShare: 0.7,
  stakeCurrency: "USDT",
  stakeAmount: "unlimited",
  dryRunWallet: 1000,
  maxOpenTrades: 3,
} as const;

/** Most points kept of each frozen curve: enough for a chart, small enough for a listing row. */
const MAX_CURVE_POINTS = 500;

const yyyymmdd = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");

/** The in-sample and out-of-sample time ranges of the standard data set. */
export function verificationRanges(timerange: string = VERIFICATION_DATASET.timerange, share: number = VERIFICATION_DATASET.inSampleShare) {
  const range = parseTimerange(timerange);
  if ("error" in range) throw new Error(range.error);
  const days = Math.round((range.endMs - range.startMs) / DAY_MS);
  const splitMs = range.startMs + Math.floor(days * share) * DAY_MS;
  return { inSample: `${yyyymmdd(range.startMs)}-${yyyymmdd(splitMs)}`, outOfSample: `${yyyymmdd(splitMs)}-${yyyymmdd(range.endMs)}` };
}

function verificationSettings(timeframe: string, timerange: string) {
  const { pairs, stakeCurrency, stakeAmount, dryRunWallet, maxOpenTrades } = VERIFICATION_DATASET;
  return { pairs: [...pairs], timeframe, timerange, stakeCurrency, stakeAmount, dryRunWallet, maxOpenTrades };
}

/** The headline figures of one half, and its curves. */
export interface SampleFigures {
  timerange: string;
  days: number;
  totalTrades: number;
  profitTotalRatio: number;
  /** profitTotalRatio / days: what the two halves of different lengths are compared on. */
  profitPerDayRatio: number;
  sharpe: number | null;
  maxDrawdownRatio: number | null;
  winRate: number | null;
  startingBalance: number;
  finalBalance: number;
  equity: SeriesPoint[];
  drawdown: SeriesPoint[];
}

export interface FrozenVerification {
  dataset: {
    exchange: string;
    pairs: string[];
    timeframe: string;
    timerange: string;
    stakeCurrency: string;
    stakeAmount: string;
    dryRunWallet: number;
    maxOpenTrades: number;
    /** The market-data manifest entries the runs read: generator and seed (or imported file) and range. */
    data: Record<string, unknown>[];
  };
  inSample: SampleFigures;
  outOfSample: SampleFigures;
  /** Overfitting flag; see DROP_RULE. */
  drop: { flagged: boolean; rule: string; reasons: string[] };
  freqtradeVersion: string | null;
  imageTag: string | null;
  hash: string;
}

export const DROP_RULE =
  "flagged when the out-of-sample profit per day, or the out-of-sample Sharpe ratio, is less than half of the in-sample one (compared only where the in-sample value is positive)";

/** Keeps at most `max` points, evenly spaced, always the first and the last. */
function thin(points: SeriesPoint[], max = MAX_CURVE_POINTS): SeriesPoint[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]!);
}

/**
 * Fractions are frozen at 12 significant digits: the JSON column gives back about 15, so figures
 * kept at full precision would not compare equal to themselves after a round trip.
 */
const frozen = (x: number) => (Number.isInteger(x) ? x : Number(x.toPrecision(12)));
const frozenOrNull = (x: number | null) => (x === null ? null : frozen(x));
const frozenCurve = (points: SeriesPoint[]) => thin(points).map((p) => ({ t: p.t, v: frozen(p.v) }));

export function sampleFigures(result: BacktestResult, timerange: string): SampleFigures {
  const m = result.metrics;
  const days = m.backtestDays ?? Math.max(1, Math.round((m.backtestEndMs - m.backtestStartMs) / DAY_MS));
  return {
    timerange,
    days,
    totalTrades: m.totalTrades,
    profitTotalRatio: frozen(m.profitTotalRatio),
    profitPerDayRatio: frozen(m.profitTotalRatio / days),
    sharpe: frozenOrNull(m.sharpe),
    maxDrawdownRatio: frozenOrNull(m.maxDrawdownAccountRatio),
    winRate: frozenOrNull(m.winRate),
    startingBalance: frozen(m.startingBalance),
    finalBalance: frozen(m.finalBalance),
    equity: frozenCurve(result.equity),
    drawdown: frozenCurve(result.drawdown),
  };
}

/** The overfitting flag: a large drop from in-sample to out-of-sample (DROP_RULE). */
export function dropFlag(inSample: SampleFigures, outOfSample: SampleFigures): FrozenVerification["drop"] {
  const reasons: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(3)} %`;
  if (inSample.profitPerDayRatio > 0 && outOfSample.profitPerDayRatio < inSample.profitPerDayRatio / 2) {
    reasons.push(`profit per day fell from ${pct(inSample.profitPerDayRatio)} in-sample to ${pct(outOfSample.profitPerDayRatio)} out-of-sample`);
  }
  if (inSample.sharpe !== null && inSample.sharpe > 0 && (outOfSample.sharpe ?? 0) < inSample.sharpe / 2) {
    reasons.push(`Sharpe fell from ${inSample.sharpe.toFixed(2)} in-sample to ${(outOfSample.sharpe ?? 0).toFixed(2)} out-of-sample`);
  }
  return { flagged: reasons.length > 0, rule: DROP_RULE, reasons };
}

/** sha256 of the code, the data set (with the data's manifest entries), Freqtrade's version and the image. */
export function verificationHash(source: string, dataset: FrozenVerification["dataset"], freqtradeVersion: string | null, imageTag: string | null): string {
  return createHash("sha256").update(canonicalJson({ source, dataset, freqtradeVersion, imageTag })).digest("hex");
}

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the order they were written in. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What a re-verification must reproduce exactly: the figures of both halves and the hash. */
export function sameFigures(a: Pick<FrozenVerification, "inSample" | "outOfSample" | "hash">, b: Pick<FrozenVerification, "inSample" | "outOfSample" | "hash">): boolean {
  return a.hash === b.hash && canonicalJson([a.inSample, a.outOfSample]) === canonicalJson([b.inSample, b.outOfSample]);
}

/**
 * Starts the two verification backtests of a listing (run by the platform on the seller's
 * behalf, hidden from run lists) and records them as a ListingVerification. A verification that
 * cannot even start (e.g. no market data in the strategy's timeframe) is recorded as failed.
 */
export async function startVerification(
  deps: WebDeps,
  listing: { id: string; sellerId: string; strategyVersionId: string; timeframe: string },
  requestedById: string,
) {
  const ranges = verificationRanges();
  let runIds: { inSample: string; outOfSample: string };
  try {
    const enqueue = (timerange: string) =>
      callRunner(() =>
        deps.runner.backtest.enqueueVersion.mutate({
          ownerId: listing.sellerId,
          strategyVersionId: listing.strategyVersionId,
          settings: verificationSettings(listing.timeframe, timerange),
          purpose: "VERIFICATION",
        }),
      );
    runIds = { inSample: (await enqueue(ranges.inSample)).id, outOfSample: (await enqueue(ranges.outOfSample)).id };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const failed = await deps.prisma.listingVerification.create({
      data: { listingId: listing.id, requestedById, status: "FAILED", error: `the verification could not start: ${e.message}`, finishedAt: new Date() },
    });
    await deps.prisma.listing.updateMany({ where: { id: listing.id, status: "VERIFYING" }, data: { status: "VERIFICATION_FAILED" } });
    return failed;
  }
  return deps.prisma.listingVerification.create({
    data: { listingId: listing.id, requestedById, inSampleBacktestId: runIds.inSample, outOfSampleBacktestId: runIds.outOfSample },
  });
}

/**
 * Finishes every verification whose two backtests have ended. Idempotent: each verification and
 * each listing moves on once, by a conditional update. Cheap when nothing is pending (one query).
 */
export async function finalizePendingVerifications(deps: WebDeps, where: Prisma.ListingVerificationWhereInput = {}) {
  const pending = await deps.prisma.listingVerification.findMany({ where: { ...where, status: "RUNNING" }, orderBy: { createdAt: "asc" }, take: 100 });
  for (const v of pending) await finalizeVerification(deps, v);
}

type PendingVerification = { id: string; listingId: string; inSampleBacktestId: string | null; outOfSampleBacktestId: string | null };

async function finalizeVerification(deps: WebDeps, v: PendingVerification) {
  const { prisma } = deps;
  const ids = [v.inSampleBacktestId!, v.outOfSampleBacktestId!];
  const runs = await prisma.backtest.findMany({ where: { id: { in: ids } }, select: { id: true, status: true, error: true, imageTag: true } });
  if (runs.length < 2 || runs.some((r) => !isTerminalStatus(r.status as BacktestStatus))) return;
  const byId = new Map(runs.map((r) => [r.id, r]));
  const [inRun, outRun] = ids.map((id) => byId.get(id)!);
  const failedRun = [inRun!, outRun!].find((r) => r.status !== "SUCCEEDED");
  if (failedRun) {
    const half = failedRun === inRun ? "in-sample" : "out-of-sample";
    const why = (failedRun.error as { message?: string } | null)?.message ?? failedRun.status.toLowerCase();
    await settle(deps, v, { ok: false, error: `the ${half} verification backtest ${failedRun.status.toLowerCase()}: ${why}` });
    return;
  }
  const [inResult, outResult] = await Promise.all(ids.map((id) => callRunner(() => deps.runner.backtest.result.query({ id }))));
  const listing = await prisma.listing.findUniqueOrThrow({
    where: { id: v.listingId },
    select: { timeframe: true, strategyVersion: { select: { source: true } } },
  });
  const { exchange, pairs, timerange, stakeCurrency, stakeAmount, dryRunWallet, maxOpenTrades } = VERIFICATION_DATASET;
  const entries = await callRunner(() => deps.runner.marketData.entries.query({ pairs: [...pairs], timeframe: listing.timeframe }));
  const dataset: FrozenVerification["dataset"] = {
    exchange,
    pairs: [...pairs],
    timeframe: listing.timeframe,
    timerange,
    stakeCurrency,
    stakeAmount,
    dryRunWallet,
    maxOpenTrades,
    data: entries
      .map(({ pair, timeframe, source, generator, seed, originalFile, importedAt, derivedFrom, firstCandle, lastCandle, candles }) =>
        ({ pair, timeframe, source, generator, seed, originalFile, importedAt, derivedFrom, firstCandle, lastCandle, candles }))
      .sort((a, b) => a.pair.localeCompare(b.pair)),
  };
  const ranges = verificationRanges();
  const inSample = sampleFigures(inResult!, ranges.inSample);
  const outOfSample = sampleFigures(outResult!, ranges.outOfSample);
  const freqtradeVersion = inResult!.freqtradeVersion;
  const imageTag = inRun!.imageTag;
  const frozen: FrozenVerification = {
    dataset,
    inSample,
    outOfSample,
    drop: dropFlag(inSample, outOfSample),
    freqtradeVersion,
    imageTag,
    hash: verificationHash(listing.strategyVersion.source, dataset, freqtradeVersion, imageTag),
  };
  await settle(deps, v, { ok: true, frozen });
}

/** Records the outcome once; the first verification of a listing freezes its figures and publishes it. */
async function settle(deps: WebDeps, v: PendingVerification, outcome: { ok: true; frozen: FrozenVerification } | { ok: false; error: string }) {
  await deps.prisma.$transaction(async (tx) => {
    const listing = await tx.listing.findUniqueOrThrow({ where: { id: v.listingId }, select: { verification: true, verificationHash: true } });
    const frozenBefore = listing.verification as FrozenVerification | null;
    const claimed = await tx.listingVerification.updateMany({
      where: { id: v.id, status: "RUNNING" },
      data: outcome.ok
        ? {
            status: "SUCCEEDED",
            hash: outcome.frozen.hash,
            result: outcome.frozen as unknown as Prisma.InputJsonValue,
            matchesListing: frozenBefore ? sameFigures(frozenBefore, outcome.frozen) : null,
            finishedAt: new Date(),
          }
        : { status: "FAILED", error: outcome.error, matchesListing: frozenBefore ? false : null, finishedAt: new Date() },
    });
    if (claimed.count === 0 || frozenBefore) return; // already settled, or a re-verification
    if (!outcome.ok) {
      await tx.listing.updateMany({ where: { id: v.listingId, status: "VERIFYING" }, data: { status: "VERIFICATION_FAILED" } });
      return;
    }
    const { inSample, hash } = outcome.frozen;
    await tx.listing.updateMany({
      where: { id: v.listingId, status: "VERIFYING" },
      data: {
        status: "PUBLISHED",
        publishedAt: new Date(),
        verification: outcome.frozen as unknown as Prisma.InputJsonValue,
        verificationHash: hash,
        // The listing's sortable headline figures are the in-sample ones.
        sharpe: inSample.sharpe,
        profitRatio: inSample.profitTotalRatio,
        maxDrawdownRatio: inSample.maxDrawdownRatio,
        totalTrades: inSample.totalTrades,
      },
    });
  });
}
