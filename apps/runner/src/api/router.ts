import { z } from "zod";
import { router, procedure } from "./trpc.js";
import {
  cancelBacktest,
  getBacktest,
  getBacktestResult,
  followBacktestLog,
  listBacktests,
  submitBacktest,
  submitBacktestOfVersion,
  getBacktestArtifact,
} from "../backtest/backtest-service.js";
import { getPairChart } from "../backtest/chart-data.js";

const idInput = z.object({ id: z.string().min(1).max(64) });

const backtestRouter = router({
  /** The request is validated inside the domain function so the CLI and the web app get the same messages. */
  enqueue: procedure
    .input(z.object({ ownerEmail: z.email(), request: z.unknown() }))
    .mutation(({ ctx, input }) => submitBacktest(ctx, { ownerEmail: input.ownerEmail, request: input.request as never })),
  /**
   * A stored strategy version with settings (the request minus the strategy); used by the web app.
   * `purpose`: a user's run, the assistant's smoke check, or a marketplace verification.
   */
  enqueueVersion: procedure
    .input(z.object({
      ownerId: z.string().min(1).max(64),
      strategyVersionId: z.string().min(1).max(64),
      settings: z.record(z.string(), z.unknown()),
      purpose: z.enum(["RUN", "SMOKE", "VERIFICATION"]).default("RUN"),
      /** A buyer's run of a marketplace listing: the listing whose version this is. */
      listingId: z.string().min(1).max(64).optional(),
    }))
    .mutation(({ ctx, input }) => submitBacktestOfVersion(ctx, { ...input, settings: input.settings as never })),
  status: procedure.input(idInput).query(({ ctx, input }) => getBacktest(ctx, input.id)),
  list: procedure
    .input(z.object({ ownerEmail: z.email().optional(), limit: z.number().int().min(1).max(100).default(20), cursor: z.string().optional() }))
    .query(({ ctx, input }) => listBacktests(ctx, input)),
  cancel: procedure.input(idInput).mutation(({ ctx, input }) => cancelBacktest(ctx, input.id)),
  artifact: procedure
    .input(idInput.extend({ name: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => getBacktestArtifact(ctx, input.id, input.name)),
  result: procedure.input(idInput).query(({ ctx, input }) => getBacktestResult(ctx, input.id)),
  /** One pair's candles, plot_config indicators aligned with them, and trades (PairChart). */
  chart: procedure
    .input(idInput.extend({ pair: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => getPairChart(ctx, input.id, input.pair)),
  /** Live log lines; for a finished job, its stored log. Ends when the job ends. */
  logs: procedure
    .input(idInput.extend({ fromSeq: z.number().int().min(0).default(0) }))
    .subscription(({ ctx, input, signal }) => followBacktestLog(ctx, input.id, input.fromSeq, signal)),
});

const marketDataRouter = router({
  availability: procedure.query(async ({ ctx }) => ctx.marketData.availability()),
  /** The manifest entries (generator and seed, or the imported file; range) behind these pairs' data. */
  entries: procedure
    .input(z.object({ pairs: z.array(z.string().min(1).max(64)).max(50), timeframe: z.string().min(1).max(8) }))
    .query(async ({ ctx, input }) =>
      (await ctx.marketData.readManifest()).entries.filter((e) => e.timeframe === input.timeframe && input.pairs.includes(e.pair))),
});

export const runnerRouter = router({
  health: procedure.query(({ ctx }) => ({ ok: true as const, ...ctx.info })),
  backtest: backtestRouter,
  marketData: marketDataRouter,
});

export type RunnerRouter = typeof runnerRouter;
