import { z } from "zod";
import { pairSchema } from "@tradelab/contracts";
import {
  cancelRun,
  compareInput,
  compareRuns,
  openRunLog,
  getRun,
  getRunArtifact,
  getRunChart,
  getRunResult,
  listRuns,
  listRunsInput,
  runOptions,
  setRunNote,
  startRun,
  startRunInput,
} from "../../backtest/backtest-service";
import { protectedProcedure, router } from "../init";

const idInput = z.object({ id: z.string().min(1).max(64) });

export const backtestRouter = router({
  /** Pairs, timeframes and date ranges with market data. */
  options: protectedProcedure.query(({ ctx }) => runOptions(ctx.deps)),
  start: protectedProcedure.input(startRunInput).mutation(({ ctx, input }) => startRun(ctx.deps, ctx.user.userId, input)),
  list: protectedProcedure.input(listRunsInput).query(({ ctx, input }) => listRuns(ctx.deps.prisma, ctx.user.userId, input)),
  get: protectedProcedure.input(idInput).query(({ ctx, input }) => getRun(ctx.deps, ctx.user.userId, input.id)),
  cancel: protectedProcedure.input(idInput).mutation(({ ctx, input }) => cancelRun(ctx.deps, ctx.user.userId, input.id)),
  result: protectedProcedure.input(idInput).query(({ ctx, input }) => getRunResult(ctx.deps, ctx.user.userId, input.id)),
  chart: protectedProcedure
    .input(idInput.extend({ pair: pairSchema }))
    .query(({ ctx, input }) => getRunChart(ctx.deps, ctx.user.userId, input.id, input.pair)),
  artifact: protectedProcedure
    .input(idInput.extend({ name: z.string().min(1).max(200) }))
    .query(({ ctx, input }) => getRunArtifact(ctx.deps, ctx.user.userId, input.id, input.name)),
  setNote: protectedProcedure
    .input(idInput.extend({ note: z.string().max(2000, "a note has at most 2000 characters") }))
    .mutation(({ ctx, input }) => setRunNote(ctx.deps.prisma, ctx.user.userId, input.id, input.note)),
  compare: protectedProcedure.input(compareInput).query(({ ctx, input }) => compareRuns(ctx.deps, ctx.user.userId, input.ids)),
  logs: protectedProcedure
    .input(idInput.extend({ fromSeq: z.number().int().min(0).default(0) }))
    .subscription(({ ctx, input, signal }) => openRunLog(ctx.deps, ctx.user.userId, input.id, input.fromSeq, signal)),
});
