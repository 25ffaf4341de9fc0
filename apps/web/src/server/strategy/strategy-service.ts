import { createHash } from "node:crypto";
import { z } from "zod";
import { detectStrategyClass, strategySourceSchema } from "@tradelab/contracts";
import { isUniqueViolation, type PrismaClient } from "@tradelab/db/client";
import { AppError } from "@tradelab/runner/errors";
import { getTemplate } from "./templates";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export const strategyNameSchema = z.string().trim().min(1, "give the strategy a name").max(80, "a strategy name has at most 80 characters");
export const fileNameSchema = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,100}\.py$/, "the file name must look like MyStrategy.py");
export const createStrategyInput = z.union([
  z.object({ templateId: z.string().min(1).max(50), name: strategyNameSchema.optional() }),
  z.object({ upload: z.object({ fileName: fileNameSchema, source: strategySourceSchema }), name: strategyNameSchema.optional() }),
]);
export const saveVersionInput = z.object({
  strategyId: z.string().min(1).max(64),
  source: strategySourceSchema,
  message: z.string().trim().max(500).optional(),
});

/** The strategy, if `userId` owns it (deleted ones only when asked); NOT_FOUND otherwise, so ids of others' strategies reveal nothing. */
export async function ownedStrategy(prisma: PrismaClient, userId: string, strategyId: string, opts: { includeDeleted?: boolean } = {}) {
  const s = await prisma.strategy.findUnique({ where: { id: strategyId } });
  if (!s || s.ownerId !== userId || (s.deletedAt && !opts.includeDeleted)) throw new AppError("NOT_FOUND", `strategy ${strategyId} was not found`);
  return s;
}

/** A free name: "Name", then "Name (2)", "Name (3)"… */
async function freeName(prisma: PrismaClient, ownerId: string, wanted: string) {
  const taken = new Set(
    (await prisma.strategy.findMany({ where: { ownerId, name: { startsWith: wanted } }, select: { name: true } })).map((s) => s.name),
  );
  if (!taken.has(wanted)) return wanted;
  for (let i = 2; ; i++) if (!taken.has(`${wanted} (${i})`)) return `${wanted} (${i})`;
}

export async function createStrategy(prisma: PrismaClient, userId: string, input: z.infer<typeof createStrategyInput>) {
  let fileName: string, source: string;
  if ("templateId" in input) {
    const t = getTemplate(input.templateId);
    if (!t) throw new AppError("NOT_FOUND", `there is no template ${JSON.stringify(input.templateId)}`);
    ({ fileName, source } = t);
  } else {
    ({ fileName, source } = input.upload);
  }
  const { className } = detectStrategyClass(source) as { className: string };
  for (let attempt = 1; ; attempt++) {
    const name = await freeName(prisma, userId, input.name ?? className);
    try {
      return await prisma.$transaction(async (tx) => {
        const strategy = await tx.strategy.create({ data: { ownerId: userId, name } });
        const version = await tx.strategyVersion.create({
          data: { strategyId: strategy.id, contentHash: sha256(source), source, fileName, className, message: "created" },
        });
        await tx.strategy.update({ where: { id: strategy.id }, data: { headVersionId: version.id } });
        return { id: strategy.id, name, versionId: version.id };
      });
    } catch (e) {
      if (!isUniqueViolation(e) || attempt >= 3) throw e; // someone took the name meanwhile
    }
  }
}

export async function listStrategies(prisma: PrismaClient, userId: string, opts: { deleted?: boolean; cursor?: string; limit: number }) {
  const rows = await prisma.strategy.findMany({
    where: { ownerId: userId, deletedAt: opts.deleted ? { not: null } : null },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    include: { head: { select: { className: true, createdAt: true } }, _count: { select: { versions: true } } },
  });
  const page = rows.slice(0, opts.limit);
  const lastRuns = await prisma.backtest.findMany({
    where: { ownerId: userId, purpose: "RUN", strategyVersion: { strategyId: { in: page.map((s) => s.id) } } },
    orderBy: { createdAt: "desc" },
    distinct: ["strategyVersionId"],
    select: { status: true, createdAt: true, metrics: true, strategyVersion: { select: { strategyId: true } } },
  });
  const lastRunOf = new Map<string, (typeof lastRuns)[number]>();
  for (const r of lastRuns) if (!lastRunOf.has(r.strategyVersion.strategyId)) lastRunOf.set(r.strategyVersion.strategyId, r);
  return {
    items: page.map((s) => {
      const run = lastRunOf.get(s.id);
      return {
        id: s.id,
        name: s.name,
        className: s.head?.className ?? null,
        versions: s._count.versions,
        updatedAt: s.updatedAt.toISOString(),
        deletedAt: s.deletedAt?.toISOString() ?? null,
        lastRun: run ? { status: run.status, createdAt: run.createdAt.toISOString(), metrics: run.metrics as Record<string, number | null> | null } : null,
      };
    }),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

/** Versions numbered 1… in the order they were saved (the assistant's drafts are not in the history). */
export async function versionNumbers(prisma: PrismaClient, strategyId: string) {
  const all = await prisma.strategyVersion.findMany({ where: { strategyId, draft: false }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  return new Map(all.map((v, i) => [v.id, i + 1]));
}

async function headVersion(prisma: PrismaClient, strategy: { id: string; headVersionId: string | null }) {
  const v = strategy.headVersionId
    ? await prisma.strategyVersion.findUnique({ where: { id: strategy.headVersionId } })
    : await prisma.strategyVersion.findFirst({ where: { strategyId: strategy.id, draft: false }, orderBy: { createdAt: "desc" } });
  if (!v) throw new AppError("NOT_FOUND", `strategy ${strategy.id} has no version`);
  return v;
}

export async function getStrategy(prisma: PrismaClient, userId: string, strategyId: string) {
  const s = await ownedStrategy(prisma, userId, strategyId);
  const head = await headVersion(prisma, s);
  const numbers = await versionNumbers(prisma, s.id);
  return {
    id: s.id,
    name: s.name,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
    head: {
      id: head.id,
      number: numbers.get(head.id)!,
      fileName: head.fileName,
      className: head.className,
      source: head.source,
      contentHash: head.contentHash,
      createdAt: head.createdAt.toISOString(),
    },
  };
}

/**
 * Saves the editor's text as the strategy's head. New text makes a new immutable version; text
 * identical to an existing version (an undo, a restore) makes that version the head again.
 */
export async function saveVersion(prisma: PrismaClient, userId: string, input: z.infer<typeof saveVersionInput>) {
  const s = await ownedStrategy(prisma, userId, input.strategyId);
  const { className } = detectStrategyClass(input.source) as { className: string };
  const contentHash = sha256(input.source);
  const head = await headVersion(prisma, s);
  const existing = await prisma.strategyVersion.findUnique({ where: { strategyId_contentHash: { strategyId: s.id, contentHash } } });
  let versionId: string;
  let created = false;
  if (existing) {
    versionId = existing.id;
    if (existing.draft) await acceptDraft(prisma, existing.id);
  } else {
    try {
      const v = await prisma.strategyVersion.create({
        data: { strategyId: s.id, contentHash, source: input.source, fileName: head.fileName, className, message: input.message || null },
      });
      versionId = v.id;
      created = true;
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      versionId = (await prisma.strategyVersion.findUniqueOrThrow({ where: { strategyId_contentHash: { strategyId: s.id, contentHash } } })).id;
    }
  }
  await prisma.strategy.update({ where: { id: s.id }, data: { headVersionId: versionId } });
  const numbers = await versionNumbers(prisma, s.id);
  return { versionId, number: numbers.get(versionId)!, created, unchanged: versionId === head.id };
}

/** A draft enters the history when it is accepted, so it is numbered from then. */
export async function acceptDraft(prisma: PrismaClient, versionId: string) {
  await prisma.strategyVersion.update({ where: { id: versionId }, data: { draft: false, createdAt: new Date() } });
}

export async function listVersions(prisma: PrismaClient, userId: string, strategyId: string) {
  const s = await ownedStrategy(prisma, userId, strategyId);
  const rows = await prisma.strategyVersion.findMany({
    where: { strategyId: s.id, draft: false },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, createdAt: true, message: true, contentHash: true, className: true, _count: { select: { backtests: { where: { purpose: "RUN" } } } } },
  });
  return rows
    .map((v, i) => ({
      id: v.id,
      number: i + 1,
      createdAt: v.createdAt.toISOString(),
      message: v.message,
      contentHash: v.contentHash,
      className: v.className,
      runs: v._count.backtests,
      isHead: v.id === s.headVersionId,
    }))
    .reverse();
}

/** A version's source, for the diff view; only for the owner. */
export async function getVersionSource(prisma: PrismaClient, userId: string, versionId: string) {
  const v = await prisma.strategyVersion.findUnique({ where: { id: versionId }, include: { strategy: true } });
  if (!v || v.strategy.ownerId !== userId || v.strategy.deletedAt) throw new AppError("NOT_FOUND", `strategy version ${versionId} was not found`);
  const numbers = await versionNumbers(prisma, v.strategyId);
  return { id: v.id, number: numbers.get(v.id)!, source: v.source, fileName: v.fileName, createdAt: v.createdAt.toISOString() };
}

export async function renameStrategy(prisma: PrismaClient, userId: string, strategyId: string, name: string) {
  await ownedStrategy(prisma, userId, strategyId);
  try {
    await prisma.strategy.update({ where: { id: strategyId }, data: { name } });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("CONFLICT", `you already have a strategy named ${JSON.stringify(name)}`);
    throw e;
  }
  return { id: strategyId, name };
}

/** Moves the strategy to the trash; `restoreStrategy` undoes it. Runs and versions are kept. */
export async function deleteStrategy(prisma: PrismaClient, userId: string, strategyId: string) {
  await ownedStrategy(prisma, userId, strategyId);
  await prisma.strategy.update({ where: { id: strategyId }, data: { deletedAt: new Date() } });
  return { id: strategyId };
}

export async function restoreStrategy(prisma: PrismaClient, userId: string, strategyId: string) {
  await ownedStrategy(prisma, userId, strategyId, { includeDeleted: true });
  await prisma.strategy.update({ where: { id: strategyId }, data: { deletedAt: null } });
  return { id: strategyId };
}
