import type { BacktestError } from "@tradelab/contracts";
import type { PrismaClient } from "@tradelab/db/client";

/**
 * The one place that decides what a buyer of a run-only listing sees of their own runs of it.
 * The code must never reach them: not in a response, an artifact, a log line or an error.
 *
 * - Artifacts: only the platform's normalized `result.json` and `trades.csv`. Freqtrade's own
 *   files are withheld: its result zip holds a copy of the strategy file, its parameter file and
 *   `_config.json`; `freqtrade-result.json` (and the zip's JSON) repeat the strategy's settings
 *   (minimal_roi, stoploss, trailing…); `log.txt` is the raw log; `error.json` is the unredacted
 *   error; `indicators.json` is served as the chart instead.
 * - Log: withheld whole. Freqtrade prints tracebacks with source lines, the strategy may print
 *   anything, and a line filter could be fooled by a strategy printing lines that look harmless.
 * - Errors: the kind and the exception's type only; never the message (the wrapper's message of
 *   a failed run can end with the log tail), never file or line.
 */

export const RUN_ONLY_VISIBLE_ARTIFACTS: ReadonlySet<string> = new Set(["result.json", "trades.csv"]);

export const RUN_ONLY_LOG_NOTICE =
  "The log of a run-only strategy is not shown: it can contain the strategy's code. The run's status, result and errors are shown above.";

/** Error kinds whose message comes from the platform, never from the strategy or its output. */
const PLATFORM_MESSAGE_KINDS: ReadonlySet<string> = new Set(["timeout", "memory_limit", "output_limit", "cancelled"]);

export interface ListingOfRun {
  id: string;
  title: string;
  /** The seller sees everything; everyone else who can see the run is its owner, a buyer. */
  viewerIsSeller: boolean;
  /** The code is hidden from this viewer. */
  hidesCode: boolean;
}

/** The listing a run was made of, as this viewer sees it; null for runs of one's own strategies. */
export async function listingOfRun(prisma: PrismaClient, viewerId: string, backtestId: string): Promise<ListingOfRun | null> {
  const bt = await prisma.backtest.findUnique({
    where: { id: backtestId },
    select: { listing: { select: { id: true, title: true, licence: true, sellerId: true } } },
  });
  const listing = bt?.listing;
  if (!listing) return null;
  const viewerIsSeller = listing.sellerId === viewerId;
  return { id: listing.id, title: listing.title, viewerIsSeller, hidesCode: listing.licence === "RUN_ONLY" && !viewerIsSeller };
}

/** A failure as a run-only buyer may see it: what went wrong, in the platform's words. */
export function redactRunError(error: BacktestError, className: string): BacktestError {
  if (PLATFORM_MESSAGE_KINDS.has(error.kind)) return { kind: error.kind, message: error.message, file: null, line: null };
  const exceptionType = /^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning))\b/.exec(error.message)?.[1];
  const what = exceptionType ? `${exceptionType} raised` : "an error";
  return {
    kind: error.kind,
    message: `${what} in the strategy ${className} (${error.kind.replace("_", " ")}); the details are shown to its seller only`,
    file: null,
    line: null,
  };
}

/** Only the artifacts a run-only buyer may download. */
export function visibleArtifacts<T>(artifacts: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(artifacts).filter(([name]) => RUN_ONLY_VISIBLE_ARTIFACTS.has(name)));
}
