import type { LlmClient } from "./client.js";
import { extractCode } from "./prompt.js";
import type { ChatTurn } from "./types.js";

export type ValidationStage = "syntax" | "load" | "lookahead" | "backtest" | "no_code";

export interface ValidationFailure {
  ok: false;
  stage: ValidationStage;
  message: string;
  line?: number | null;
}

export type ValidationResult = { ok: true } | ValidationFailure;

export type RepairEvent =
  | { type: "attempt_started"; attempt: number }
  | { type: "delta"; attempt: number; text: string }
  | { type: "validation_failed"; attempt: number; failure: ValidationFailure }
  /** The first answer passed. */
  | { type: "validated"; attempt: number }
  /** A later answer passed after at least one failure. */
  | { type: "repaired"; attempt: number };

export interface GenerateWithRepairsInput {
  client: Pick<LlmClient, "complete">;
  system: string;
  turns: ChatTurn[];
  /** The caller's pipeline (syntax → load → lookahead → smoke backtest in the sandbox). */
  validate: (source: string) => Promise<ValidationResult>;
  /** Corrections asked for after the first answer. Default 2 (so at most 3 model calls). */
  maxRepairs?: number;
  signal?: AbortSignal;
  onEvent?: (event: RepairEvent) => void;
}

export type GenerateWithRepairsResult =
  | { ok: true; source: string; summary: string; attempts: number }
  | { ok: false; lastSource: string | null; failure: ValidationFailure; attempts: number };

const maxFeedbackChars = 2_000;

/** The user turn that sends a failure back to the model. */
export const repairRequest = (failure: ValidationFailure): string => {
  const message = failure.message.length > maxFeedbackChars ? `${failure.message.slice(0, maxFeedbackChars)}…` : failure.message;
  if (failure.stage === "no_code") {
    return `${message} Return the whole strategy file in one \`\`\`python block, then a short summary.`;
  }
  const line = typeof failure.line === "number" ? ` (line ${failure.line})` : "";
  return `The code failed at ${failure.stage}: ${message}${line}. Return the whole corrected file.`;
};

/**
 * Ask → extract the code → validate; on failure, tell the model what failed and ask again, up to
 * `maxRepairs` times. LLM errors (LlmError) and the caller's abort are thrown, not returned.
 */
export const generateWithRepairs = async ({
  client,
  system,
  turns,
  validate,
  maxRepairs = 2,
  signal,
  onEvent,
}: GenerateWithRepairsInput): Promise<GenerateWithRepairsResult> => {
  const conversation: ChatTurn[] = [...turns];
  let lastSource: string | null = null;
  let lastFailure: ValidationFailure | null = null;
  for (let attempt = 1; attempt <= maxRepairs + 1; attempt++) {
    signal?.throwIfAborted();
    onEvent?.({ type: "attempt_started", attempt });
    const answer = await client.complete(conversation, {
      system,
      signal,
      onDelta: (text) => onEvent?.({ type: "delta", attempt, text }),
    });
    const { code, summary } = extractCode(answer);
    let failure: ValidationFailure;
    if (code === null) {
      failure = { ok: false, stage: "no_code", message: "The answer contained no ```python block with the strategy.", line: null };
    } else {
      lastSource = code;
      signal?.throwIfAborted();
      const result = await validate(code);
      if (result.ok) {
        onEvent?.({ type: lastFailure ? "repaired" : "validated", attempt });
        return { ok: true, source: code, summary, attempts: attempt };
      }
      failure = result;
    }
    lastFailure = failure;
    onEvent?.({ type: "validation_failed", attempt, failure });
    conversation.push({ role: "assistant", content: answer }, { role: "user", content: repairRequest(failure) });
  }
  return { ok: false, lastSource, failure: lastFailure as ValidationFailure, attempts: maxRepairs + 1 };
};
