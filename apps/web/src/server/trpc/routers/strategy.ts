import { z } from "zod";
import { parseStrategyParameters } from "@tradelab/contracts";
import {
  createStrategy,
  createStrategyInput,
  deleteStrategy,
  getStrategy,
  getVersionSource,
  listStrategies,
  listVersions,
  renameStrategy,
  restoreStrategy,
  saveVersion,
  saveVersionInput,
  strategyNameSchema,
} from "../../strategy/strategy-service";
import { listTemplates } from "../../strategy/templates";
import { protectedProcedure, router } from "../init";

const id = z.string().min(1).max(64);

export const strategyRouter = router({
  templates: protectedProcedure.query(() => listTemplates()),
  list: protectedProcedure
    .input(z.object({ deleted: z.boolean().default(false), limit: z.number().int().min(1).max(100).default(24), cursor: id.optional() }))
    .query(({ ctx, input }) => listStrategies(ctx.deps.prisma, ctx.user.userId, input)),
  create: protectedProcedure.input(createStrategyInput).mutation(({ ctx, input }) => createStrategy(ctx.deps.prisma, ctx.user.userId, input)),
  /** The strategy with its head version's source and the parameters read from it. */
  get: protectedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const s = await getStrategy(ctx.deps.prisma, ctx.user.userId, input.id);
    return { ...s, parameters: parseStrategyParameters(s.head.source) };
  }),
  save: protectedProcedure.input(saveVersionInput).mutation(({ ctx, input }) => saveVersion(ctx.deps.prisma, ctx.user.userId, input)),
  versions: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => listVersions(ctx.deps.prisma, ctx.user.userId, input.id)),
  version: protectedProcedure.input(z.object({ versionId: id })).query(({ ctx, input }) => getVersionSource(ctx.deps.prisma, ctx.user.userId, input.versionId)),
  rename: protectedProcedure
    .input(z.object({ id, name: strategyNameSchema }))
    .mutation(({ ctx, input }) => renameStrategy(ctx.deps.prisma, ctx.user.userId, input.id, input.name)),
  delete: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => deleteStrategy(ctx.deps.prisma, ctx.user.userId, input.id)),
  restore: protectedProcedure.input(z.object({ id })).mutation(({ ctx, input }) => restoreStrategy(ctx.deps.prisma, ctx.user.userId, input.id)),
});
