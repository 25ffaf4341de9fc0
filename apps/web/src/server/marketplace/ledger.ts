import { randomUUID } from "node:crypto";
import { AppError } from "@tradelab/runner/errors";
import type { Prisma, PrismaClient } from "@tradelab/db/client";
import { formatCents, LEDGER_CURRENCY, marketplaceSettings, type MarketplaceSettings } from "./money";

/**
 * The built-in credit ledger (used when Stripe is not configured): double-entry, every
 * transaction's entries sum to zero, user accounts never go below zero (checked here under a row
 * lock, and by a CHECK constraint), and each transaction has an idempotency key, so a retried
 * request posts nothing twice.
 */

type Tx = Prisma.TransactionClient;

export type AccountKind = "user" | "platform_revenue" | "platform_funding";

/** The platform's accounts have fixed ids, so that creating them on demand cannot make two. */
export const PLATFORM_REVENUE_ACCOUNT = "platform_revenue";
export const PLATFORM_FUNDING_ACCOUNT = "platform_funding";

export interface LedgerPosting {
  /** "grant" | "purchase" | "renewal" */
  kind: string;
  idempotencyKey: string;
  entries: { accountId: string; amountCents: number }[];
  purchaseId?: string;
  memo?: string;
}

/** A debit that would take a user account below zero. Nothing was written. */
export class InsufficientCreditsError extends AppError {
  constructor(readonly balanceCents: number, readonly neededCents: number) {
    super("BAD_REQUEST", `insufficient credits: your balance is ${formatCents(balanceCents)} and this costs ${formatCents(neededCents)}`);
  }
}

/** The user's credit account, made on demand (no starting credits: see `ensureCreditAccount`). */
export async function userAccountId(tx: Tx, userId: string): Promise<string> {
  await tx.$executeRaw`INSERT INTO "LedgerAccount" ("id", "userId", "kind") VALUES (${randomUUID()}, ${userId}, 'user') ON CONFLICT DO NOTHING`;
  const account = await tx.ledgerAccount.findUniqueOrThrow({ where: { userId_kind: { userId, kind: "user" } }, select: { id: true } });
  return account.id;
}

/** The platform's accounts (revenue, funding), made on demand inside the caller's transaction. */
export async function platformAccounts(tx: Tx): Promise<{ revenue: string; funding: string }> {
  await tx.$executeRaw`INSERT INTO "LedgerAccount" ("id", "userId", "kind") VALUES (${PLATFORM_REVENUE_ACCOUNT}, NULL, 'platform_revenue'), (${PLATFORM_FUNDING_ACCOUNT}, NULL, 'platform_funding') ON CONFLICT DO NOTHING`;
  return { revenue: PLATFORM_REVENUE_ACCOUNT, funding: PLATFORM_FUNDING_ACCOUNT };
}

/**
 * Posts one balanced transaction inside the caller's database transaction. The accounts are locked
 * in id order (so two postings never deadlock), then the idempotency key is looked up: a key
 * already posted returns that transaction (`created: false`) and changes nothing. A user account
 * that would go below zero throws `InsufficientCreditsError` before anything is written.
 */
export async function postTransaction(tx: Tx, posting: LedgerPosting): Promise<{ transactionId: string; created: boolean }> {
  const { entries } = posting;
  if (entries.length < 2) throw new Error("a ledger transaction needs at least two entries");
  if (entries.some((e) => !Number.isSafeInteger(e.amountCents) || e.amountCents === 0)) throw new Error("ledger amounts are non-zero whole cents");
  if (entries.reduce((sum, e) => sum + e.amountCents, 0) !== 0) throw new Error("a ledger transaction's entries must sum to zero");
  if (new Set(entries.map((e) => e.accountId)).size !== entries.length) throw new Error("one entry per account in a ledger transaction");

  const ids = entries.map((e) => e.accountId).sort();
  const locked = await tx.$queryRaw<{ id: string; kind: string; balanceCents: number }[]>`
    SELECT "id", "kind", "balanceCents" FROM "LedgerAccount" WHERE "id" = ANY(${ids}) ORDER BY "id" FOR UPDATE`;
  if (locked.length !== ids.length) throw new Error(`ledger accounts not found: ${ids.filter((id) => !locked.some((a) => a.id === id)).join(", ")}`);

  // Looked up after the locks: a concurrent posting of the same key has committed by now.
  const existing = await tx.ledgerTransaction.findUnique({ where: { idempotencyKey: posting.idempotencyKey }, select: { id: true } });
  if (existing) return { transactionId: existing.id, created: false };

  for (const account of locked) {
    const amount = entries.find((e) => e.accountId === account.id)!.amountCents;
    if (account.kind === "user" && account.balanceCents + amount < 0) throw new InsufficientCreditsError(account.balanceCents, -amount);
  }
  const created = await tx.ledgerTransaction.create({
    data: {
      kind: posting.kind,
      idempotencyKey: posting.idempotencyKey,
      purchaseId: posting.purchaseId,
      memo: posting.memo,
      entries: { create: entries.map((e) => ({ accountId: e.accountId, amountCents: e.amountCents })) },
    },
    select: { id: true },
  });
  for (const e of entries) {
    await tx.ledgerAccount.update({ where: { id: e.accountId }, data: { balanceCents: { increment: e.amountCents } } });
  }
  return { transactionId: created.id, created: true };
}

/**
 * The user's credit account, with the starting credits granted once (idempotency key
 * "grant:<userId>") the first time it is needed: a balance read or a purchase.
 */
export async function ensureCreditAccount(prisma: PrismaClient, userId: string, settings: MarketplaceSettings = marketplaceSettings()): Promise<string> {
  const grantKey = `grant:${userId}`;
  // The usual case, without locking the platform's funding account that every grant posts to.
  if (await prisma.ledgerTransaction.findUnique({ where: { idempotencyKey: grantKey }, select: { id: true } })) {
    return (await prisma.ledgerAccount.findUniqueOrThrow({ where: { userId_kind: { userId, kind: "user" } }, select: { id: true } })).id;
  }
  return prisma.$transaction(async (tx) => {
    const accountId = await userAccountId(tx, userId);
    if (settings.startingCreditsCents > 0) {
      const { funding } = await platformAccounts(tx);
      await postTransaction(tx, {
        kind: "grant",
        idempotencyKey: grantKey,
        memo: "starting credits",
        entries: [
          { accountId: funding, amountCents: -settings.startingCreditsCents },
          { accountId, amountCents: settings.startingCreditsCents },
        ],
      });
    }
    return accountId;
  });
}

export async function balanceOf(prisma: PrismaClient, userId: string, settings?: MarketplaceSettings) {
  const accountId = await ensureCreditAccount(prisma, userId, settings);
  const account = await prisma.ledgerAccount.findUniqueOrThrow({ where: { id: accountId }, select: { balanceCents: true } });
  return { balanceCents: account.balanceCents, currency: LEDGER_CURRENCY, formatted: formatCents(account.balanceCents) };
}

/** The user's ledger entries, newest first, a page at a time (`cursor` = the last entry id of the previous page). */
export async function ledgerEntries(prisma: PrismaClient, userId: string, opts: { cursor?: string; limit: number }) {
  const account = await prisma.ledgerAccount.findUnique({ where: { userId_kind: { userId, kind: "user" } }, select: { id: true } });
  if (!account) return { items: [], nextCursor: null };
  const rows = await prisma.ledgerEntry.findMany({
    where: { accountId: account.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: opts.limit + 1,
    ...(opts.cursor ? { cursor: { id: opts.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      amountCents: true,
      createdAt: true,
      transaction: { select: { kind: true, memo: true, purchaseId: true } },
    },
  });
  const page = rows.slice(0, opts.limit);
  return {
    items: page.map((e) => ({
      id: e.id,
      amountCents: e.amountCents,
      formatted: formatCents(e.amountCents),
      kind: e.transaction.kind,
      memo: e.transaction.memo,
      purchaseId: e.transaction.purchaseId,
      createdAt: e.createdAt,
    })),
    nextCursor: rows.length > opts.limit ? page[page.length - 1]!.id : null,
  };
}

/** An admin adds credits to a user's account (from platform funding), with the reason as the memo. */
export async function grantCredits(prisma: PrismaClient, adminId: string, userId: string, amountCents: number, reason: string) {
  const admin = await prisma.user.findUnique({ where: { id: adminId }, select: { role: true } });
  if (admin?.role !== "ADMIN") throw new AppError("FORBIDDEN", "only an admin may grant credits");
  if (!Number.isSafeInteger(amountCents) || amountCents <= 0) throw new AppError("BAD_REQUEST", "amountCents: a positive whole number of cents");
  if (!(await prisma.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("NOT_FOUND", "user not found");
  const accountId = await ensureCreditAccount(prisma, userId);
  await prisma.$transaction(async (tx) => {
    const { funding } = await platformAccounts(tx);
    await postTransaction(tx, {
      kind: "grant",
      idempotencyKey: `grant:${userId}:${randomUUID()}`,
      memo: `${reason} (by admin ${adminId})`,
      entries: [
        { accountId: funding, amountCents: -amountCents },
        { accountId, amountCents },
      ],
    });
  });
  return balanceOf(prisma, userId);
}
