/**
 * What the chat panel shows of an assistant reply while it works and after. Plain types, shared
 * by the server (which stores them as ChatMessage.meta) and the browser.
 */

/** The validation pipeline's steps, in the order they run. */
export const VALIDATION_STAGES = [
  { id: "lookahead", label: "No lookahead" },
  { id: "syntax", label: "Python syntax" },
  { id: "load", label: "Loads in Freqtrade" },
  { id: "backtest", label: "Smoke backtest" },
] as const;
export type StageId = (typeof VALIDATION_STAGES)[number]["id"];
export type StageState = "pending" | "running" | "passed" | "failed";

export interface StageView {
  id: StageId;
  label: string;
  state: StageState;
  /** Why it failed, or a progress note ("queue position 2"). */
  message?: string;
  line?: number | null;
}

export interface SmokeSummary {
  backtestId: string;
  pair: string;
  timeframe: string;
  timerange: string;
  trades: number;
  profitRatio: number | null;
  winRate: number | null;
  maxDrawdownRatio: number | null;
}

export interface ReplyMeta {
  status: "working" | "done" | "failed";
  /** "Built-in assistant" or the LLM provider's name. */
  provider: string;
  /** What the reply did: wrote code, explained, or could not help. */
  kind: "code" | "explanation" | "not-understood" | "error";
  stages?: StageView[];
  smoke?: SmokeSummary;
  changes?: string[];
  notUnderstood?: string[];
  /** The version the reply wrote, once it passed validation and became the editor's text. */
  appliedVersionNumber?: number;
  /** LLM path: code attempts made (1 + repairs). */
  attempts?: number;
}

export const initialStages = (): StageView[] => VALIDATION_STAGES.map((s) => ({ ...s, state: "pending" }));
