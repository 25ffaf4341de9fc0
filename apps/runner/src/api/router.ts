import { z } from "zod";
import { router, procedure } from "./trpc.js";
import {
  cancelBacktest,
  getBacktest,
  getBacktestResult,
  followBacktestLog,
  listBacktests,
  submitBacktest,
} from "../backtest/backtest-service.js";

const idInput = z.object({ id: z.string().min(1).max(64) });

const backtestRouter = router({
  /** The request is validated inside the domain function so the CLI and the web app get the same messages. */
  enqueue: procedure
    .input(z.object({ ownerEmail: z.email(), request: z.unknown() }))
    .mutation(({ ctx, input }) => submitBacktest(ctx, { ownerEmail: input.ownerEmail, request: input.request as never })),
  status: procedure.input(idInput).query(({ ctx, input }) => getBacktest(ctx, input.id)),
  list: procedure
    .input(z.object({ ownerEmail: z.email().optional(), limit: z.number().int().min(1).max(100).default(20), cursor: z.string().optional() }))
    .query(({ ctx, input }) => listBacktests(ctx, input)),
  cancel: procedure.input(idInput).mutation(({ ctx, input }) => cancelBacktest(ctx, input.id)),
  result: procedure.input(idInput).query(({ ctx, input }) => getBacktestResult(ctx, input.id)),
  /** Live log lines; for a finished job, its stored log. Ends when the job ends. */
  logs: procedure
    .input(idInput.extend({ fromSeq: z.number().int().min(0).default(0) }))
    .subscription(({ ctx, input, signal }) => followBacktestLog(ctx, input.id, input.fromSeq, signal)),
});

const marketDataRouter = router({
  availability: procedure.query(async ({ ctx }) => ctx.marketData.availability()),
});

export const runnerRouter = router({
  health: procedure.query(({ ctx }) => ({ ok: true as const, ...ctx.info })),
  backtest: backtestRouter,
  marketData: marketDataRouter,
});

export type RunnerRouter = typeof runnerRouter;
