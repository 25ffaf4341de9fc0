import { readFileSync } from "node:fs";
import path from "node:path";
import { interpret, type Interpretation, type StrategySpec } from "../src/index.js";

/** One multi-turn request of corpus/requests.json and what its final spec and code must hold. */
export interface CorpusCase {
  id: string;
  turns: string[];
  expect: {
    timeframe?: string;
    stoploss?: number;
    trailing?: Record<string, unknown> | null;
    minimalRoi?: { afterMinutes: number; profit: number }[];
    indicators?: Record<string, unknown>[];
    parameters?: Record<string, unknown>[];
    /** The condition tree's shape, e.g. "and(compare,cross)"; null for none. */
    entry?: string | null;
    exit?: string | null;
    changes?: string[];
    notUnderstood?: string[];
    codeIncludes?: string[];
    codeExcludes?: string[];
  };
}

export const loadCorpus = (): CorpusCase[] => JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../corpus/requests.json"), "utf8"));

/** Plays a conversation: each turn edits the spec the previous one produced; returns the last answer. */
export function runTurns(turns: string[], start: StrategySpec | null = null): Interpretation {
  let spec = start;
  let last: Interpretation = { kind: "not-understood", message: "no turns" };
  for (const turn of turns) {
    last = interpret(turn, spec);
    if (last.kind === "spec") spec = last.spec;
  }
  return last;
}
