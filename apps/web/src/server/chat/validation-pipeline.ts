import { createHash } from "node:crypto";
import { declaredTimeframe, detectStrategyClass, isTerminalStatus, type BacktestError } from "@tradelab/contracts";
import { findLookaheadProblems } from "@tradelab/assistant";
import { isUniqueViolation } from "@tradelab/db/client";
import { callRunner } from "../backtest/backtest-service";
import type { WebDeps } from "../deps";
import { initialStages, type SmokeSummary, type StageId, type StageView } from "./chat-types";

/** How much data the smoke backtest uses: enough to load and trade, short enough to wait for. */
const SMOKE_DAYS = 60;
const SMOKE_PAIR = "BTC/USDT";
const SMOKE_TIMEOUT_SECONDS = 240;
const POLL_MS = 400;

export type ValidationOutcome =
  | { ok: true; versionId: string; stages: StageView[]; smoke: SmokeSummary }
  | { ok: false; stage: StageId; message: string; line: number | null; stages: StageView[]; versionId: string | null };

const DAY_MS = 86_400_000;
const compactDay = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll("-", "");

/**
 * Generated code → lookahead check → Python syntax → Freqtrade load → smoke backtest, the last
 * three in the sandbox as one short backtest whose failure kind says which step failed. The code
 * is stored as a draft version (hidden from the history) so the smoke run has a version to point
 * at; nothing becomes the editor's text here — the caller accepts the draft only when this passes.
 */
export async function validateCandidate(
  deps: WebDeps,
  opts: { userId: string; strategyId: string; source: string; message: string; onProgress: (stages: StageView[]) => Promise<void> | void },
): Promise<ValidationOutcome> {
  const stages = initialStages();
  const set = async (id: StageId, state: StageView["state"], message?: string, line?: number | null) => {
    const s = stages.find((x) => x.id === id)!;
    Object.assign(s, { state, message, line });
    await opts.onProgress(stages.map((x) => ({ ...x })));
  };
  const fail = async (stage: StageId, message: string, line: number | null, versionId: string | null): Promise<ValidationOutcome> => {
    await set(stage, "failed", message, line);
    return { ok: false, stage, message, line, stages, versionId };
  };

  await set("lookahead", "running");
  const lookahead = findLookaheadProblems(opts.source);
  if (lookahead.length) {
    const first = lookahead[0]!;
    return fail("lookahead", lookahead.map((p) => `line ${p.line}: ${p.message}`).join("; "), first.line, null);
  }
  await set("lookahead", "passed");

  const detected = detectStrategyClass(opts.source);
  if ("error" in detected) return fail("load", detected.error, null, null);
  await set("syntax", "running", "in the sandbox");
  const versionId = await storeDraft(deps, opts.strategyId, opts.source, detected.className, opts.message);

  const availability = await callRunner(() => deps.runner.marketData.availability.query());
  const timeframe = declaredTimeframe(opts.source) ?? "5m";
  const data = availability.find((a) => a.pair === SMOKE_PAIR && a.timeframe === timeframe) ?? availability.find((a) => a.timeframe === timeframe);
  if (!data) return fail("backtest", `there is no market data for the strategy's timeframe ${timeframe}`, null, versionId);
  const endMs = Date.parse(data.end);
  const timerange = `${compactDay(Math.max(Date.parse(data.start), endMs - SMOKE_DAYS * DAY_MS))}-${compactDay(endMs)}`;

  const submitted = await callRunner(() =>
    deps.runner.backtest.enqueueVersion.mutate({
      ownerId: opts.userId,
      strategyVersionId: versionId,
      purpose: "SMOKE",
      settings: { pairs: [data.pair], timeframe, timerange, timeoutSeconds: SMOKE_TIMEOUT_SECONDS },
    }),
  );
  let lastNote = "";
  for (;;) {
    const run = await callRunner(() => deps.runner.backtest.status.query({ id: submitted.id }));
    if (isTerminalStatus(run.status)) {
      if (run.status !== "SUCCEEDED") return failedRun(run.error, fail, versionId, set);
      for (const id of ["syntax", "load", "backtest"] as const) await set(id, "passed");
      const m = run.metrics ?? {};
      return {
        ok: true,
        versionId,
        stages,
        smoke: {
          backtestId: run.id,
          pair: data.pair,
          timeframe,
          timerange,
          trades: m.totalTrades ?? 0,
          profitRatio: m.profitTotalRatio ?? null,
          winRate: m.winRate ?? null,
          maxDrawdownRatio: m.maxDrawdownAccountRatio ?? null,
        },
      };
    }
    const note = run.status === "QUEUED" ? `waiting for the sandbox (queue position ${run.queuePosition})` : "running in the sandbox";
    if (note !== lastNote) {
      lastNote = note;
      await set("syntax", "running", note);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The sandbox's failure kind tells which step failed; the steps before it passed. */
async function failedRun(
  error: BacktestError | null,
  fail: (stage: StageId, message: string, line: number | null, versionId: string | null) => Promise<ValidationOutcome>,
  versionId: string,
  set: (id: StageId, state: StageView["state"], message?: string) => Promise<void>,
): Promise<ValidationOutcome> {
  const message = error?.message ?? "the smoke backtest failed without an error message";
  const line = error?.line ?? null;
  if (error?.kind === "syntax") return fail("syntax", message, line, versionId);
  await set("syntax", "passed");
  if (error?.kind === "strategy_load") return fail("load", message, line, versionId);
  await set("load", "passed");
  return fail("backtest", message, line, versionId);
}

/** The candidate as a draft version, or the existing version with the same text. */
async function storeDraft(deps: WebDeps, strategyId: string, source: string, className: string, message: string): Promise<string> {
  const contentHash = createHash("sha256").update(source).digest("hex");
  const key = { strategyId_contentHash: { strategyId, contentHash } };
  const existing = await deps.prisma.strategyVersion.findUnique({ where: key });
  if (existing) return existing.id;
  const strategy = await deps.prisma.strategy.findUniqueOrThrow({ where: { id: strategyId }, include: { head: true } });
  const fileName = strategy.head?.fileName ?? `${className}.py`;
  try {
    const v = await deps.prisma.strategyVersion.create({
      data: { strategyId, contentHash, source, fileName, className, message: message.slice(0, 500), draft: true },
    });
    return v.id;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return (await deps.prisma.strategyVersion.findUniqueOrThrow({ where: key })).id;
  }
}
