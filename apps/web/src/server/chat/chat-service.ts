import { z } from "zod";
import {
  buildMessages,
  createLlmClient,
  explainBacktest,
  explainSource,
  explainSpec,
  generateStrategyCode,
  generateWithRepairs,
  interpret,
  strategySpecSchema,
  strategySystemPrompt,
  type ChatTurn,
  type StrategySpec,
} from "@tradelab/assistant";
import { AppError } from "@tradelab/runner/errors";
import type { Prisma } from "@tradelab/db/client";
import type { WebDeps } from "../deps";
import { callRunner } from "../backtest/backtest-service";
import { acceptDraft, ownedStrategy, versionNumbers } from "../strategy/strategy-service";
import { providerConfig } from "./llm-providers";
import { validateCandidate, type ValidationOutcome } from "./validation-pipeline";
import type { ReplyMeta, SmokeSummary, StageView } from "./chat-types";

const id = z.string().min(1).max(64);
export const BUILTIN_PROVIDER = "Built-in assistant";
/** A reply still "working" after this long was cut off by a server restart. */
const STALE_REPLY_MS = 10 * 60_000;
const HISTORY_TURNS = 12;

export const conversationInput = z.object({ strategyId: id, conversationId: id.optional() });
export const sendMessageInput = z.object({
  strategyId: id,
  conversationId: id.optional(),
  text: z.string().trim().min(1, "write a message").max(4000, "a message can be at most 4,000 characters"),
  /** null or absent: the built-in assistant. */
  providerId: id.nullish(),
});

type MessageRow = { id: string; role: string; content: string; meta: Prisma.JsonValue; createdAt: Date };
const messageView = (m: MessageRow) => ({
  id: m.id,
  role: m.role as "user" | "assistant",
  content: m.content,
  meta: (m.meta ?? null) as ReplyMeta | null,
  createdAt: m.createdAt.toISOString(),
});

/** The conversations about a strategy, newest first (for the panel's history menu). */
export async function listConversations(deps: WebDeps, userId: string, strategyId: string) {
  await ownedStrategy(deps.prisma, userId, strategyId);
  const rows = await deps.prisma.conversation.findMany({
    where: { strategyId, ownerId: userId },
    orderBy: { updatedAt: "desc" },
    take: 50,
    include: { messages: { where: { role: "user" }, orderBy: { createdAt: "asc" }, take: 1 }, _count: { select: { messages: true } } },
  });
  return rows.map((c) => ({ id: c.id, updatedAt: c.updatedAt.toISOString(), title: c.messages[0]?.content.slice(0, 80) ?? "(empty)", messages: c._count.messages }));
}

/** One conversation (the newest when none is named), with its messages; null before the first message. */
export async function getConversation(deps: WebDeps, userId: string, input: z.infer<typeof conversationInput>) {
  await ownedStrategy(deps.prisma, userId, input.strategyId);
  const conversation = input.conversationId
    ? await deps.prisma.conversation.findFirst({ where: { id: input.conversationId, strategyId: input.strategyId, ownerId: userId } })
    : await deps.prisma.conversation.findFirst({ where: { strategyId: input.strategyId, ownerId: userId }, orderBy: { updatedAt: "desc" } });
  if (!conversation) {
    if (input.conversationId) throw new AppError("NOT_FOUND", `conversation ${input.conversationId} was not found`);
    return null;
  }
  await failStaleReplies(deps, conversation.id);
  const messages = await deps.prisma.chatMessage.findMany({ where: { conversationId: conversation.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { id: conversation.id, createdAt: conversation.createdAt.toISOString(), messages: messages.map(messageView) };
}

/**
 * Stores the user's message and an assistant reply marked "working", and answers in the
 * background (the panel polls the conversation): code requests go through the validation
 * pipeline before anything reaches the editor.
 */
export async function sendMessage(deps: WebDeps, userId: string, input: z.infer<typeof sendMessageInput>) {
  await ownedStrategy(deps.prisma, userId, input.strategyId);
  const provider = input.providerId ? await providerConfig(deps, userId, input.providerId) : null;
  const conversation = input.conversationId
    ? await deps.prisma.conversation.findFirst({ where: { id: input.conversationId, strategyId: input.strategyId, ownerId: userId } })
    : await deps.prisma.conversation.create({ data: { strategyId: input.strategyId, ownerId: userId } });
  if (!conversation) throw new AppError("NOT_FOUND", `conversation ${input.conversationId} was not found`);
  await failStaleReplies(deps, conversation.id);
  const busy = await deps.prisma.chatMessage.findFirst({ where: { conversationId: conversation.id, role: "assistant", meta: { path: ["status"], equals: "working" } } });
  if (busy) throw new AppError("CONFLICT", "the assistant is still answering your previous message; wait for it to finish");

  const history = await deps.prisma.chatMessage.findMany({ where: { conversationId: conversation.id }, orderBy: { createdAt: "desc" }, take: HISTORY_TURNS });
  await deps.prisma.chatMessage.create({ data: { conversationId: conversation.id, role: "user", content: input.text } });
  const meta: ReplyMeta = { status: "working", provider: provider?.name ?? BUILTIN_PROVIDER, kind: "code" };
  const reply = await deps.prisma.chatMessage.create({ data: { conversationId: conversation.id, role: "assistant", content: "", meta: meta as object } });
  await deps.prisma.conversation.update({ where: { id: conversation.id }, data: { updatedAt: new Date() } });

  const ctx: AnswerContext = {
    deps,
    userId,
    strategyId: input.strategyId,
    conversationId: conversation.id,
    replyId: reply.id,
    text: input.text,
    spec: parseSpec(conversation.spec),
    history: history.reverse().filter((m) => m.content).map((m) => ({ role: m.role as ChatTurn["role"], content: m.content })),
    meta,
  };
  const answering = (provider ? answerWithLlm(ctx, provider) : answerBuiltIn(ctx)).catch(async (e: Error) => {
    await update(ctx, { content: `Something went wrong on our side while answering: ${e.message}`, status: "failed", kind: "error" }).catch(() => {});
  });
  return { conversationId: conversation.id, replyId: reply.id, answering };
}

interface AnswerContext {
  deps: WebDeps;
  userId: string;
  strategyId: string;
  conversationId: string;
  replyId: string;
  text: string;
  spec: StrategySpec | null;
  history: ChatTurn[];
  meta: ReplyMeta;
}

const parseSpec = (raw: Prisma.JsonValue | null): StrategySpec | null => {
  const parsed = strategySpecSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
};

async function update(ctx: AnswerContext, patch: Partial<ReplyMeta> & { content?: string }) {
  const { content, ...metaPatch } = patch;
  Object.assign(ctx.meta, metaPatch);
  await ctx.deps.prisma.chatMessage.update({ where: { id: ctx.replyId }, data: { meta: ctx.meta as object, ...(content !== undefined ? { content } : {}) } });
}

async function failStaleReplies(deps: WebDeps, conversationId: string) {
  const stale = await deps.prisma.chatMessage.findMany({
    where: { conversationId, role: "assistant", createdAt: { lt: new Date(Date.now() - STALE_REPLY_MS) }, meta: { path: ["status"], equals: "working" } },
  });
  for (const m of stale) {
    const meta = { ...(m.meta as object), status: "failed", kind: "error" };
    await deps.prisma.chatMessage.update({ where: { id: m.id }, data: { meta, content: m.content || "This answer was interrupted (the server restarted). Send the message again." } });
  }
}

async function headSource(ctx: AnswerContext): Promise<string> {
  const s = await ctx.deps.prisma.strategy.findUniqueOrThrow({ where: { id: ctx.strategyId }, include: { head: true } });
  return s.head?.source ?? "";
}

async function answerBuiltIn(ctx: AnswerContext) {
  const result = interpret(ctx.text, ctx.spec);
  switch (result.kind) {
    case "not-understood":
      return update(ctx, { content: result.message, status: "done", kind: "not-understood" });
    case "explain-strategy": {
      const source = await headSource(ctx);
      const fromSpec = ctx.spec && generateStrategyCode(ctx.spec).source === source;
      return update(ctx, { content: fromSpec ? explainSpec(ctx.spec!) : explainSource(source), status: "done", kind: "explanation" });
    }
    case "explain-backtest": {
      const latest = await latestRunResult(ctx);
      return update(ctx, { content: latest ? explainBacktest(latest) : NO_RUN_YET, status: "done", kind: "explanation" });
    }
    case "spec": {
      const previousSource = await headSource(ctx);
      const handEdited = ctx.spec !== null && generateStrategyCode(ctx.spec).source !== previousSource;
      const code = generateStrategyCode(result.spec);
      await update(ctx, { changes: result.changes, notUnderstood: result.notUnderstood });
      const outcome = await validate(ctx, code.source);
      if (!outcome.ok) return reportFailure(ctx, outcome, "the code I generated");
      await ctx.deps.prisma.conversation.update({ where: { id: ctx.conversationId }, data: { spec: result.spec as object } });
      const number = await applyVersion(ctx, outcome.versionId);
      const parts = [result.summary];
      if (result.changes.length) parts.push(`Changes: ${result.changes.join("; ")}.`);
      if (handEdited) parts.push("Your hand edits since my last version were replaced; they are kept in Versions.");
      if (result.notUnderstood.length) parts.push(`I did not understand: ${result.notUnderstood.map((f) => `"${f}"`).join(", ")} — those parts were left out.`);
      parts.push(smokeSentence(outcome.smoke, number));
      return update(ctx, { content: parts.join("\n\n"), status: "done", kind: "code", smoke: outcome.smoke, appliedVersionNumber: number });
    }
  }
}

async function answerWithLlm(ctx: AnswerContext, provider: Awaited<ReturnType<typeof providerConfig>>) {
  const client = createLlmClient(provider.config);
  const intent = interpret(ctx.text, ctx.spec).kind;
  let streamed = "";
  let lastWrite = 0;
  const onDelta = (text: string) => {
    streamed += text;
    if (Date.now() - lastWrite > 300) {
      lastWrite = Date.now();
      void update(ctx, { content: streamed }).catch(() => {});
    }
  };
  const source = await headSource(ctx);
  if (intent === "explain-strategy" || intent === "explain-backtest") {
    const latest = intent === "explain-backtest" ? await latestRunResult(ctx) : null;
    if (intent === "explain-backtest" && !latest) return update(ctx, { content: NO_RUN_YET, status: "done", kind: "explanation" });
    const context = latest
      ? `The strategy's latest backtest, normalized metrics as JSON:\n${JSON.stringify(latest.metrics)}\n\nExplain this backtest in plain words for a trader.`
      : "Explain this strategy in plain words: entries, exits, risk settings.";
    const turns = buildMessages(`${ctx.text}\n\n${context}`, source, ctx.history);
    const answer = await client.complete(turns, { system: EXPLAIN_SYSTEM, onDelta });
    return update(ctx, { content: answer, status: "done", kind: "explanation" });
  }
  let lastOutcome: ValidationOutcome | null = null;
  const result = await generateWithRepairs({
    client,
    system: strategySystemPrompt,
    turns: buildMessages(ctx.text, source, ctx.history),
    validate: async (candidate) => {
      lastOutcome = await validate(ctx, candidate);
      return lastOutcome.ok ? { ok: true } : { ok: false, stage: lastOutcome.stage, message: lastOutcome.message, line: lastOutcome.line };
    },
    onEvent: (event) => {
      if (event.type === "attempt_started") {
        streamed = "";
        void update(ctx, { attempts: event.attempt, content: event.attempt > 1 ? `Repairing (attempt ${event.attempt})…` : "" }).catch(() => {});
      }
      if (event.type === "delta") onDelta(event.text);
    },
  });
  const outcome = lastOutcome as ValidationOutcome | null;
  if (!result.ok) {
    if (outcome && !outcome.ok) return reportFailure(ctx, outcome, `${provider.name}'s code (after ${result.attempts} attempts)`);
    return update(ctx, { content: `${provider.name} did not return a usable strategy: ${result.failure.message}. Nothing was put in the editor.`, status: "failed", kind: "error", attempts: result.attempts });
  }
  if (!outcome?.ok) throw new Error("the repair loop accepted code that was not validated");
  const number = await applyVersion(ctx, outcome.versionId);
  return update(ctx, { content: `${result.summary}\n\n${smokeSentence(outcome.smoke, number)}`, status: "done", kind: "code", smoke: outcome.smoke, appliedVersionNumber: number, attempts: result.attempts });
}

const EXPLAIN_SYSTEM =
  "You explain Freqtrade trading strategies and their backtests to traders in plain words. Be concrete and brief, mention risks and what the numbers do not show. Do not write code unless asked.";
const NO_RUN_YET = "There is no finished backtest of this strategy yet. Run one (▶ Run or Ctrl+Enter) and ask again.";

function validate(ctx: AnswerContext, source: string) {
  return validateCandidate(ctx.deps, {
    userId: ctx.userId,
    strategyId: ctx.strategyId,
    source,
    message: `Assistant: ${ctx.text}`,
    onProgress: (stages: StageView[]) => update(ctx, { stages }),
  });
}

function reportFailure(ctx: AnswerContext, outcome: Extract<ValidationOutcome, { ok: false }>, what: string) {
  const stage = outcome.stages.find((s) => s.id === outcome.stage)!;
  const where = outcome.line ? ` (line ${outcome.line})` : "";
  return update(ctx, {
    content: `${what} failed the check "${stage.label}"${where}: ${outcome.message}\n\nNothing was put in the editor.`,
    status: "failed",
    kind: "error",
  });
}

/** The validated version becomes the editor's text: it enters the history and becomes the head. */
async function applyVersion(ctx: AnswerContext, versionId: string): Promise<number> {
  const v = await ctx.deps.prisma.strategyVersion.findUniqueOrThrow({ where: { id: versionId } });
  if (v.draft) await acceptDraft(ctx.deps.prisma, versionId);
  await ctx.deps.prisma.strategy.update({ where: { id: ctx.strategyId }, data: { headVersionId: versionId } });
  await ctx.deps.prisma.chatMessage.update({ where: { id: ctx.replyId }, data: { strategyVersionId: versionId } });
  return (await versionNumbers(ctx.deps.prisma, ctx.strategyId)).get(versionId)!;
}

const pct = (r: number | null) => (r === null ? "n/a" : `${(r * 100).toFixed(2)}%`);
function smokeSentence(s: SmokeSummary, version: number): string {
  return `It loaded in Freqtrade and passed a smoke backtest on ${s.pair} ${s.timeframe}, ${s.timerange}: ${s.trades} trade${s.trades === 1 ? "" : "s"}, profit ${pct(s.profitRatio)}, max drawdown ${pct(s.maxDrawdownRatio)}. It is in the editor as version ${version}; run a full backtest with ▶ Run.`;
}

/** The strategy's latest finished run by this user, as a normalized result. */
async function latestRunResult(ctx: AnswerContext) {
  const run = await ctx.deps.prisma.backtest.findFirst({
    where: { ownerId: ctx.userId, purpose: "RUN", status: "SUCCEEDED", strategyVersion: { strategyId: ctx.strategyId } },
    orderBy: { createdAt: "desc" },
  });
  return run ? callRunner(() => ctx.deps.runner.backtest.result.query({ id: run.id })) : null;
}
