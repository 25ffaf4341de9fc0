import { CROSS_DOWN, CROSS_UP, indicatorId, parseCondition, parseOperand, resolveIndicator, type Draft } from "./conditions.js";
import { describeLeaves, describeRoi, describeTrailing, summarizeSpec } from "./explain.js";
import {
  CANDLE_PATTERNS,
  SPEC_TIMEFRAMES,
  TIMEFRAME_MINUTES,
  periodsOf,
  strategySpecSchema,
  type Condition,
  type Indicator,
  type IndicatorKind,
  type Operand,
  type SpecTimeframe,
  type StrategySpec,
} from "./spec.js";
import { Cursor, isWord, sourceText, tokenize, type Token } from "./tokens.js";

export type Interpretation =
  | { kind: "spec"; spec: StrategySpec; summary: string; changes: string[]; notUnderstood: string[] }
  | { kind: "explain-strategy" }
  | { kind: "explain-backtest" }
  | { kind: "not-understood"; message: string };

export const EXAMPLE_REQUESTS = [
  "Buy when RSI(14) drops below 30 while the close is above EMA(200) on 1h; sell when RSI goes above 70; 5% stoploss",
  "Buy when EMA(12) crosses above EMA(26), sell when it crosses below; take profit at 10%",
  "use 4h instead",
  "add a MACD confirmation",
  "remove the trailing stop",
  "make the RSI threshold a parameter from 20 to 40",
];

const DEFAULT_TIMEFRAME: SpecTimeframe = "5m";
const DEFAULT_STOPLOSS = -0.1;

/**
 * Reads a chat message as a new strategy or as edits to `current`. The message is cut into
 * clauses ("buy when …", "5% stoploss", "use 4h instead", …), each handled by one small parser;
 * clauses it cannot read are reported, never guessed.
 */
export function interpret(message: string, current: StrategySpec | null): Interpretation {
  const text = message.trim();
  if (!text) return notUnderstood("The message is empty.");
  if (/\b(explain|describe|walk me through|summari[sz]e|what does|how does|what did|how did|how well|how was)\b/i.test(text)) {
    return /\b(backtest|results?|run|performance|perform|trades|did it do)\b/i.test(text) ? { kind: "explain-backtest" } : { kind: "explain-strategy" };
  }
  const tokens = tokenize(text);
  const clauses = splitClauses(text, tokens);
  const startsNew = current === null || (clauses[0] !== undefined && clauseKind(clauses[0]) === "entry");
  const state: State = {
    text,
    spec: startsNew ? newDraft() : structuredClone(current),
    skipped: [],
    needsStrategy: [],
    understood: 0,
    timeframeGiven: false,
    stoplossGiven: false,
  };
  for (const clause of clauses) handleClause(state, clause);

  if (state.spec.entry === null) {
    if (state.needsStrategy.length) {
      return notUnderstood(`There is no strategy yet to change (${quoteAll(state.needsStrategy)}). Describe one first, with an entry condition.`);
    }
    const skipped = state.skipped.length ? `I did not understand ${quoteAll(state.skipped)}. ` : "";
    const partly = state.understood ? "I understood some settings, but a strategy needs an entry condition (\"buy when …\") that I can read. " : "";
    return notUnderstood(`${skipped}${partly}`.trim() || "I could not find an entry condition.");
  }
  if (!startsNew && state.understood === 0) return notUnderstood(`I did not understand ${quoteAll(state.skipped.length ? state.skipped : [text])} as a change to ${current!.className}.`);

  const spec = finish(state.spec, startsNew);
  const checked = strategySpecSchema.safeParse(spec);
  if (!checked.success) return notUnderstood(`That would make an invalid strategy: ${checked.error.issues.map((i) => i.message).join("; ")}.`);
  const notes = startsNew ? defaultsNotes(state, checked.data) : [];
  const skippedNote = state.skipped.length ? ` I skipped what I did not understand: ${quoteAll(state.skipped)}.` : "";
  return {
    kind: "spec",
    spec: checked.data,
    summary: `${summarizeSpec(checked.data)}${notes.length ? ` ${notes.join(" ")}` : ""}${skippedNote}`,
    changes: startsNew ? [] : diffSpecs(current!, checked.data),
    notUnderstood: state.skipped,
  };
}

const percent = (ratio: number) => `${Number((ratio * 100).toPrecision(6))} %`;
const quoteAll = (parts: string[]) => parts.map((p) => `"${p}"`).join(", ");

function notUnderstood(reason: string): Interpretation {
  return { kind: "not-understood", message: `${reason}\nI understand trading rules like these:\n${EXAMPLE_REQUESTS.map((e) => `- "${e}"`).join("\n")}` };
}

interface State {
  text: string;
  spec: StrategySpec;
  skipped: string[];
  /** Edit clauses that came before any strategy existed. */
  needsStrategy: string[];
  understood: number;
  timeframeGiven: boolean;
  stoplossGiven: boolean;
}

const newDraft = (): StrategySpec => ({
  className: "AssistantStrategy",
  timeframe: DEFAULT_TIMEFRAME,
  indicators: [],
  entry: null,
  exit: null,
  stoploss: DEFAULT_STOPLOSS,
  trailing: null,
  minimalRoi: [],
  parameters: [],
});

// ---------------------------------------------------------------------------------------------
// Clauses

const LEAD_FILLER = new Set(["and", "then", "please", "now", "ok", "okay", "so", "can", "could", "you", "i", "want", "would", "like", "to", "lets", "let", "us", "just", "we", "should"]);
const REMOVE_WORDS = ["remove", "drop", "delete", "disable", "no", "without", "rid", "off", "kill"];
const PARAM_WORDS = ["parameter", "parameters", "param", "hyperoptable", "optimizable", "optimisable", "tunable", "optimize", "optimise", "tune", "hyperopt"];
const STOPLOSS_WORDS = ["stoploss", "sl", "stop"];
const ROI_WORDS = ["roi", "profit", "target"];

/** Splits on ; . ! ? and new lines, and on "," / "and" / "then" / "but" when a new clause starts after it. */
function splitClauses(text: string, tokens: Token[]): Token[][] {
  const clauses: Token[][] = [[]];
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const newline = prev && text.slice(prev.end, t.start).includes("\n");
    const hardStop = t.kind === "punct" && [";", ".", "!", "?"].includes(t.text);
    const softStop = (t.kind === "punct" && (t.text === "," || t.text === ":")) || isWord(t, "and", "then", "but");
    if (newline) clauses.push([]);
    if (hardStop || (softStop && clauseStartsAt(tokens, i + 1))) clauses.push([]);
    else clauses[clauses.length - 1]!.push(t);
  });
  return clauses.filter((c) => c.length > 0);
}

function clauseStartsAt(tokens: Token[], i: number): boolean {
  while (isWord(tokens[i], "then", "also", "and", "a", "an", "use")) i++;
  const t = tokens[i];
  const next = tokens[i + 1];
  if (!t) return false;
  if (t.kind === "pct") return isWord(next, ...STOPLOSS_WORDS, "trailing", "roi", "take", "profit", "target");
  if (isWord(t, "with")) return next?.kind === "pct" || isWord(next, "a", "an", "stoploss", "trailing", "roi", "take");
  if (isWord(t, "close")) return isWord(next, "when", "if", "on", "the", "trades", "once");
  if (isWord(t, "stop")) return isWord(next, "loss", "at") || next?.kind === "punct";
  return isWord(t, "buy", "sell", "exit", "enter", "entry", "trailing", "stoploss", "sl", "roi", "use", "switch", "add", "remove", "drop", "delete", "make", "optimize", "optimise", "tune", "call", "name", "rename", "set", "change", "take", "require", "go", "long");
}

type ClauseKind = "trailing" | "remove" | "parameter" | "entry" | "exit" | "stoploss" | "roi" | "add" | "rename" | "change" | "condition";

const has = (tokens: readonly Token[], ...words: string[]) => tokens.some((t) => isWord(t, ...words));
const leadIndex = (clause: readonly Token[]) => {
  let i = 0;
  while (clause[i] && clause[i]!.kind === "word" && LEAD_FILLER.has((clause[i] as { text: string }).text)) i++;
  return i;
};

function clauseKind(clause: readonly Token[]): ClauseKind {
  const body = clause.slice(leadIndex(clause));
  const [first, second] = body;
  if (has(body, "trailing")) return "trailing";
  if (isWord(first, ...REMOVE_WORDS) || (isWord(first, "get") && isWord(second, "rid")) || (isWord(first, "turn") && isWord(second, "off"))) return "remove";
  if (has(body, ...PARAM_WORDS)) return "parameter";
  if (isWord(first, "buy", "enter", "entry", "long", "open") || (isWord(first, "go") && isWord(second, "long"))) return "entry";
  const exitStart = isWord(first, "sell", "exit") || (isWord(first, "close") && isWord(second, "when", "if", "once", "trades", "the", "position", "positions"));
  if (exitStart && !(isWord(second, "at", "with") && body[2]?.kind === "pct")) return "exit";
  if (isWord(first, "take") && isWord(second, "profit") && isWord(body[2], "when", "if", "once")) return "exit";
  if (has(body, "stoploss", "sl") || (has(body, "stop") && !has(body, "trailing"))) return "stoploss";
  if (has(body, ...ROI_WORDS) && body.some((t) => t.kind === "pct")) return "roi";
  if (exitStart && body.some((t) => t.kind === "pct")) return "roi";
  if (isWord(first, "add", "also", "require", "plus", "confirm", "only", "include", "filter")) return "add";
  if (isWord(first, "call", "name", "rename")) return "rename";
  if (isWord(first, "change", "set", "make", "use", "raise", "lower", "increase", "decrease", "move", "switch", "put", "go", "try")) return "change";
  return "condition";
}

function handleClause(state: State, clause: Token[]): void {
  const kind = clauseKind(clause);
  const { timeframe, rest, problem } = kind === "roi" ? { timeframe: null, rest: clause, problem: null } : extractTimeframe(clause);
  if (problem) state.skipped.push(problem);
  if (timeframe) {
    state.spec.timeframe = timeframe;
    state.timeframeGiven = true;
    state.understood++;
  }
  const body = rest.slice(leadIndex(rest));
  if (body.every((t) => t.kind === "punct" || (t.kind === "word" && TIMEFRAME_FILLER.has(t.text)))) {
    if (timeframe && state.spec.entry === null) state.needsStrategy.push(sourceText(state.text, clause));
    if (!timeframe && body.length) state.skipped.push(sourceText(state.text, clause));
    return;
  }
  const needsEntry = ["remove", "parameter", "add", "change", "rename"].includes(kind) || (kind === "trailing" && has(body, ...REMOVE_WORDS));
  if (needsEntry && state.spec.entry === null) {
    const knownTopic = kindIn(body) !== null || has(body, "trailing", "stoploss", "stop", "roi", "profit", "exit", "entry", "condition", "it", ...PARAM_WORDS);
    (knownTopic ? state.needsStrategy : state.skipped).push(sourceText(state.text, clause));
    return;
  }
  const handled = HANDLERS[kind](state, body);
  if (handled === true) state.understood++;
  else state.skipped.push(handled === false ? sourceText(state.text, clause) : `${sourceText(state.text, clause)} (${handled})`);
}

/** A handler returns true when it applied the clause, false when it could not read it, or its own message. */
type Handler = (state: State, body: Token[]) => boolean | string;

const HANDLERS: Record<ClauseKind, Handler> = {
  entry: (s, body) => setCondition(s, "entry", body.slice(isWord(body[0], "go") || isWord(body[1], "long") ? 2 : 1)),
  exit: (s, body) => mirrorCross(s, body) || setCondition(s, "exit", body.slice(isWord(body[0], "take") ? 2 : 1)),
  condition: (s, body) => (s.spec.entry === null ? setCondition(s, "entry", body) : false),
  stoploss: handleStoploss,
  trailing: handleTrailing,
  roi: handleRoi,
  add: handleAdd,
  remove: handleRemove,
  parameter: handleParameter,
  change: handleChange,
  rename: handleRename,
};

const CONDITION_LEAD = new Set(["when", "if", "on", "once", "whenever", "at", "as", "soon", "only", "the", "signal", "condition", "trend"]);

function setCondition(s: State, side: "entry" | "exit", tokens: Token[]): boolean {
  const c = new Cursor(tokens);
  c.skip(CONDITION_LEAD);
  c.punct(":", "-");
  const { condition, skipped } = parseCondition(s.text, c.rest(), s.spec);
  if (!condition) return false;
  s.spec[side] = condition;
  s.skipped.push(...skipped);
  return true;
}

/** "sell when it crosses below" after "buy when EMA(12) crosses above EMA(26)": the entry's cross, reversed. */
function mirrorCross(s: State, body: Token[]): boolean {
  const c = new Cursor(body, 1);
  c.skip(CONDITION_LEAD);
  if (!c.word("it", "they")) return false;
  c.word("crosses", "cross", "crossed", "goes", "moves");
  c.word("back");
  const direction = c.word(...CROSS_UP) ? "above" : c.word(...CROSS_DOWN) ? "below" : null;
  const cross = leaves(s.spec.entry).find((l) => l.type === "cross");
  if (!direction || !cross || cross.type !== "cross") return false;
  s.spec.exit = { ...cross, direction };
  return true;
}

/** A ratio from "5%" or, failing that, from a plain fraction such as "0.05". */
function firstRatio(tokens: readonly Token[]): number | null {
  const pct = tokens.find((t) => t.kind === "pct");
  if (pct) return pct.value;
  const n = tokens.find((t) => t.kind === "num");
  return n && n.value > 0 && n.value < 1 ? n.value : null;
}

function handleStoploss(s: State, body: Token[]): boolean | string {
  const ratio = firstRatio(body);
  if (ratio === null) return false;
  if (ratio <= 0 || ratio >= 1) return `a stoploss of ${percent(ratio)} is not between 0 and 100 %`;
  s.spec.stoploss = -ratio;
  s.stoplossGiven = true;
  return true;
}

function handleTrailing(s: State, body: Token[]): boolean | string {
  if (has(body, ...REMOVE_WORDS)) {
    s.spec.trailing = null;
    return true;
  }
  const pcts = body.filter((t) => t.kind === "pct").map((t) => (t as { value: number }).value);
  const [positive, offset] = pcts;
  if (positive === undefined || positive >= 1) return false;
  if (offset !== undefined && offset <= positive) return `the offset ${percent(offset)} must be above the trailing distance ${percent(positive)}`;
  s.spec.trailing = { positive, offset: offset ?? null, onlyOffsetIsReached: offset !== undefined };
  return true;
}

const UNIT_MINUTES: Record<string, number> = { minute: 1, minutes: 1, min: 1, mins: 1, hour: 60, hours: 60, hr: 60, hrs: 60, h: 60, day: 1440, days: 1440, d: 1440 };

function handleRoi(s: State, body: Token[]): boolean {
  if (has(body, ...REMOVE_WORDS)) {
    s.spec.minimalRoi = [];
    return true;
  }
  const steps = new Map<number, number>();
  for (let i = 0; i < body.length; i++) {
    const t = body[i]!;
    if (t.kind !== "pct") continue;
    let minutes = 0;
    for (let j = i + 1; j < body.length && body[j]!.kind !== "pct"; j++) {
      const u = body[j]!;
      if (u.kind === "dur") minutes = u.minutes;
      else if (u.kind === "num" && body[j + 1]?.kind === "word" && (body[j + 1] as { text: string }).text in UNIT_MINUTES) minutes = u.value * UNIT_MINUTES[(body[j + 1] as { text: string }).text]!;
      else continue;
      break;
    }
    steps.set(Math.round(minutes), t.value);
  }
  if (steps.size === 0) return false;
  s.spec.minimalRoi = [...steps].map(([afterMinutes, profit]) => ({ afterMinutes, profit })).sort((a, b) => a.afterMinutes - b.afterMinutes);
  return true;
}

// --- timeframes

const TF_BY_MINUTES = new Map(SPEC_TIMEFRAMES.map((tf) => [TIMEFRAME_MINUTES[tf], tf]));
const TF_UNIT_WORDS = new Set(["minute", "minutes", "min", "mins", "hour", "hours", "hr", "hrs", "day"]);
/** Words that make "4 hour" a timeframe rather than a duration: "on 4 hour", "use 15 minute", "4 hour candles". */
const TF_CONTEXT = new Set(["on", "using", "use", "to", "timeframe"]);
const TF_BEFORE = new Set(["the", "a", "on", "in", "using", "at", "timeframe", "of", "to"]);
const TF_AFTER = new Set(["candles", "candle", "chart", "charts", "timeframe", "tf", "bars", "instead", "time", "frame"]);
const TIMEFRAME_FILLER = new Set(["use", "switch", "change", "move", "go", "set", "the", "a", "to", "timeframe", "instead", "please", "on", "in", "candles", "chart", "it", "run", "trade", "make", "now", "rather", "of", "that", "this", "strategy", "and", "try", "lets", "let", "us", "with"]);

/** Finds "on 1h", "4h", "4 hour candles", "hourly", "daily" in a clause and takes it out. */
function extractTimeframe(clause: Token[]): { timeframe: SpecTimeframe | null; rest: Token[]; problem: string | null } {
  for (let i = 0; i < clause.length; i++) {
    const t = clause[i]!;
    const prev = clause[i - 1];
    let minutes: number | null = null;
    let end = i + 1;
    if (t.kind === "dur" && !isWord(prev, "after", "for", "within", "every", "than")) minutes = t.minutes;
    else if (isWord(t, "hourly")) minutes = 60;
    else if (isWord(t, "daily")) minutes = 1440;
    else if (t.kind === "num") {
      const dash = clause[i + 1]?.kind === "punct" && (clause[i + 1] as { text: string }).text === "-" ? 1 : 0;
      const unit = clause[i + 1 + dash];
      if (unit?.kind === "word" && TF_UNIT_WORDS.has(unit.text) && (isWord(prev, ...TF_CONTEXT) || TF_AFTER.has((clause[i + 2 + dash] as { text?: string })?.text ?? ""))) {
        minutes = t.value * (UNIT_MINUTES[unit.text] ?? 1);
        end = i + 2 + dash;
      }
    }
    if (minutes === null) continue;
    const timeframe = TF_BY_MINUTES.get(minutes) ?? null;
    let start = i;
    while (start > 0 && clause[start - 1]!.kind === "word" && TF_BEFORE.has((clause[start - 1] as { text: string }).text)) start--;
    while (end < clause.length && clause[end]!.kind === "word" && TF_AFTER.has((clause[end] as { text: string }).text)) end++;
    const rest = [...clause.slice(0, start), ...clause.slice(end)];
    if (!timeframe) return { timeframe: null, rest, problem: `timeframe of ${minutes} minutes (use one of ${SPEC_TIMEFRAMES.join(", ")})` };
    return { timeframe, rest, problem: null };
  }
  return { timeframe: null, rest: clause, problem: null };
}

// --- edits

type Side = "entry" | "exit";
const sideOf = (body: readonly Token[]): Side | null =>
  has(body, "exit", "exits", "sell", "selling", "sells", "close") ? "exit" : has(body, "entry", "entries", "buy", "buying", "buys", "enter") ? "entry" : null;

/** The indicator kind a clause talks about ("volume" stands for the volume average and the volume column). */
function kindIn(body: readonly Token[]): IndicatorKind | "volume" | null {
  if (has(body, "volume")) return "volume";
  if (body.some((t) => t.kind === "word" && (t.text.startsWith("cdl") || PATTERN_WORDS.has(t.text)))) return "pattern";
  return indicatorIn(body)?.request.kind ?? null;
}
const PATTERN_WORDS = new Set(["pattern", "patterns", "hammer", "engulfing", "doji", "star", "harami", "piercing", "soldiers", "crows", "cloud", "man"]);

/**
 * The first indicator phrase in a clause. With a draft, it is resolved against it (so "the EMA"
 * finds the strategy's EMA); without, `request` holds just what the phrase says, defaults filled in.
 */
function indicatorIn(body: readonly Token[], from = 0, draft?: Draft): { operand: Operand; request: Indicator } | null {
  for (let i = from; i < body.length; i++) {
    const target: Draft = draft ?? { indicators: [] };
    const operand = parseOperand(new Cursor(body, i), target, null);
    if (operand?.type === "indicator") return { operand, request: target.indicators.find((ind) => ind.id === operand.id)! };
  }
  return null;
}

const leaves = (c: Condition | null): Condition[] => (!c ? [] : c.type === "and" || c.type === "or" ? c.conditions.flatMap(leaves) : [c]);

const operandKind = (spec: StrategySpec, o: Operand): IndicatorKind | "volume" | null =>
  o.type === "indicator" ? (spec.indicators.find((i) => i.id === o.id)?.kind ?? null) : o.type === "price" && o.field === "volume" ? "volume" : null;

function leafMentions(spec: StrategySpec, leaf: Condition, kind: IndicatorKind | "volume"): boolean {
  if (leaf.type === "pattern") return kind === "pattern";
  if (leaf.type === "and" || leaf.type === "or") return false;
  const kinds = [operandKind(spec, leaf.left), operandKind(spec, leaf.right)];
  return kinds.includes(kind) || (kind === "volume" && kinds.includes("volume_sma"));
}

/** Removes the leaves that match; returns the pruned condition (null when nothing is left). */
function without(c: Condition | null, drop: (leaf: Condition) => boolean): Condition | null {
  if (!c) return null;
  if (c.type !== "and" && c.type !== "or") return drop(c) ? null : c;
  const kept = c.conditions.map((s) => without(s, drop)).filter((s): s is Condition => s !== null);
  return kept.length === 0 ? null : kept.length === 1 ? kept[0]! : { ...c, conditions: kept };
}

const joinWith = (type: "and" | "or") => (c: Condition | null, extra: Condition): Condition =>
  !c ? extra : { type, conditions: [...(c.type === type ? c.conditions : [c]), ...(extra.type === type ? extra.conditions : [extra])] };
const andWith = joinWith("and");
const orWith = joinWith("or");

const SIDE_PHRASE = new Set(["to", "for", "on", "in", "the", "entry", "entries", "exit", "exits", "buy", "sell", "side", "signal", "signals", "condition", "conditions", "rule", "rules", "logic"]);
const ADD_LEAD = new Set(["add", "also", "require", "plus", "confirm", "only", "include", "a", "an", "with", "that", "when", "if", "buy", "enter", "sell", "exit", "filter", "by"]);
const CONFIRM_WORDS = new Set(["confirmation", "confirm", "filter", "check", "condition", "trend", "requirement", "signal", "crossover", "cross"]);

function handleAdd(s: State, body: Token[]): boolean | string {
  const side = sideOf(body) ?? "entry";
  let tokens = body;
  while (tokens.length && tokens[0]!.kind === "word" && ADD_LEAD.has((tokens[0] as { text: string }).text)) tokens = tokens.slice(1);
  // A trailing "to the exit" names the side and is not part of the condition.
  let end = tokens.length;
  while (end > 0 && tokens[end - 1]!.kind === "word" && SIDE_PHRASE.has((tokens[end - 1] as { text: string }).text)) end--;
  const scratch = structuredClone(s.spec);
  const parsed = parseCondition(s.text, tokens.slice(0, end), scratch);
  // More entry rules narrow the entry; another exit rule is one more reason to exit, unless it confirms one.
  const confirms = body.some((t) => t.kind === "word" && CONFIRM_WORDS.has(t.text));
  const combine = side === "exit" && !confirms ? orWith : andWith;
  if (parsed.condition && parsed.skipped.length === 0) {
    s.spec.indicators = scratch.indicators;
    s.spec[side] = combine(s.spec[side], parsed.condition);
    return true;
  }
  const confirmation = defaultConfirmation(s.spec, tokens, side);
  if (typeof confirmation === "string") return confirmation;
  if (!confirmation) return false;
  s.spec[side] = combine(s.spec[side], confirmation);
  return true;
}

/** "add a MACD confirmation": the usual confirming rule for an indicator, on the entry or the exit side. */
function defaultConfirmation(spec: StrategySpec, tokens: Token[], side: Side): Condition | string | null {
  const named = tokens.filter((t) => !(t.kind === "word" && CONFIRM_WORDS.has(t.text)));
  if (named.length === tokens.length) return null;
  const up = side === "entry";
  const close: Operand = { type: "price", field: "close" };
  if (has(named, "volume")) {
    const avg = resolveIndicator(spec, { kind: "volume_sma", nums: named.filter((t) => t.kind === "num").map((t) => (t as { value: number }).value).slice(0, 1) });
    return { type: "compare", left: { type: "price", field: "volume" }, op: ">", right: { type: "indicator", id: avg.id } };
  }
  const pattern = parseCondition("", named, spec).condition;
  if (pattern?.type === "pattern") return pattern;
  const found = indicatorIn(named, 0, spec);
  if (!found || found.operand.type !== "indicator") return null;
  const id = found.operand.id;
  const ref = (output?: string): Operand => ({ type: "indicator", id, ...(output ? { output } : {}) });
  const num = (value: number): Operand => ({ type: "number", value });
  switch (found.request.kind) {
    case "macd": return { type: "compare", left: ref(), op: up ? ">" : "<", right: ref("signal") };
    case "stoch": return { type: "compare", left: ref(), op: up ? ">" : "<", right: ref("slowd") };
    case "rsi": return { type: "compare", left: ref(), op: up ? ">" : "<", right: num(50) };
    case "adx": return { type: "compare", left: ref(), op: ">", right: num(25) };
    case "ema":
    case "sma": return { type: "compare", left: close, op: up ? ">" : "<", right: ref() };
    case "bbands": return up ? { type: "compare", left: close, op: "<", right: ref("lower") } : { type: "compare", left: close, op: ">", right: ref("upper") };
    default: return `a ${found.request.kind.toUpperCase()} confirmation has no usual rule; say it as a condition, e.g. "add ATR(14) above 100"`;
  }
}

function handleRemove(s: State, body: Token[]): boolean | string {
  if (has(body, "roi") || (has(body, "take") && has(body, "profit"))) {
    s.spec.minimalRoi = [];
    return true;
  }
  if (has(body, "stoploss", "stop", "sl")) return "removing the stoploss (Freqtrade needs one; set a wide one instead, e.g. \"stoploss 30%\")";
  if (has(body, "parameter", "parameters", "param")) return inlineParameters(s, body);
  const side = sideOf(body);
  const kind = kindIn(body);
  if (!kind) {
    if (side === "exit") {
      s.spec.exit = null;
      return true;
    }
    return false;
  }
  const sides: Side[] = side ? [side] : ["entry", "exit"];
  // A named pattern ("remove the hammer") removes that pattern only.
  const text = body.map((t) => t.text).join(" ");
  const named = s.spec.indicators.filter((i) => i.kind === "pattern" && (text.includes(CANDLE_PATTERNS[i.pattern]) || text.includes(i.pattern.toLowerCase()))).map((i) => i.id);
  const drop = (leaf: Condition) => (kind === "pattern" && named.length ? leaf.type === "pattern" && named.includes(leaf.id) : leafMentions(s.spec, leaf, kind));
  let removed = 0;
  for (const sd of sides) {
    const before = leaves(s.spec[sd]).length;
    const next = without(s.spec[sd], drop);
    const count = before - leaves(next).length;
    if (count === 0) continue;
    if (sd === "entry" && next === null) return `removing the only entry condition (describe a new entry instead)`;
    s.spec[sd] = next;
    removed += count;
  }
  return removed > 0 || `there is no ${kind.toUpperCase()} condition to remove`;
}

/** "remove the parameters": each parameter becomes its default value again. */
function inlineParameters(s: State, body: Token[]): boolean | string {
  const kind = kindIn(body);
  const targets = s.spec.parameters.filter((p) => !kind || p.name.includes(kind));
  if (targets.length === 0) return "there is no such parameter";
  const value = (name: string) => targets.find((p) => p.name === name)?.default;
  const fix = (o: Operand): Operand => (o.type === "param" && value(o.name) !== undefined ? { type: "number", value: value(o.name)! } : o);
  const mapCondition = (c: Condition | null): Condition | null => {
    if (!c || c.type === "pattern") return c;
    if (c.type === "and" || c.type === "or") return { ...c, conditions: c.conditions.map((x) => mapCondition(x)!) };
    return { ...c, left: fix(c.left), right: fix(c.right) };
  };
  s.spec.entry = mapCondition(s.spec.entry);
  s.spec.exit = mapCondition(s.spec.exit);
  s.spec.indicators = s.spec.indicators.map((ind) => mapPeriods(ind, (p) => (typeof p !== "number" && value(p.param) !== undefined ? value(p.param)! : p)));
  s.spec.parameters = s.spec.parameters.filter((p) => !targets.includes(p));
  return true;
}

function mapPeriods(ind: Indicator, f: (p: ReturnType<typeof periodsOf>[number]) => ReturnType<typeof periodsOf>[number]): Indicator {
  switch (ind.kind) {
    case "macd": return { ...ind, fast: f(ind.fast), slow: f(ind.slow), signal: f(ind.signal) };
    case "stoch": return { ...ind, fastk: f(ind.fastk), slowk: f(ind.slowk), slowd: f(ind.slowd) };
    case "pattern": return ind;
    default: return { ...ind, period: f(ind.period) };
  }
}

const PERIOD_WORDS = ["period", "length", "window", "timeperiod", "lookback"];

/** The [low, high] of "from 20 to 40", "between 100 and 300", "20-40". */
function rangeIn(body: readonly Token[]): [number, number] | null {
  const nums = body.filter((t) => t.kind === "num").map((t) => (t as { value: number }).value);
  const pcts = body.filter((t) => t.kind === "pct").map((t) => (t as { value: number }).value * 100);
  const values = nums.length >= 2 ? nums.slice(-2) : pcts.length >= 2 ? pcts.slice(-2) : null;
  if (!values) return null;
  const [a, b] = values as [number, number];
  return a === b ? null : [Math.min(a, b), Math.max(a, b)];
}

function handleParameter(s: State, body: Token[]): boolean | string {
  const range = rangeIn(body);
  if (!range) return `${sourceText(s.text, body)} (give a range, e.g. "from 20 to 40")`;
  const kind = kindIn(body);
  if (!kind || kind === "volume") return false;
  if (has(body, ...PERIOD_WORDS) || !thresholdLeaf(s.spec, kind, sideOf(body))) return periodParameter(s, kind, range);
  return thresholdParameter(s, kind, sideOf(body), range);
}

/** The first comparison or cross of an indicator of `kind` against a number or parameter, on the given side (entry first). */
function thresholdLeaf(spec: StrategySpec, kind: IndicatorKind, side: Side | null): { side: Side; leaf: Extract<Condition, { type: "compare" | "cross" }>; key: "left" | "right" } | null {
  for (const sd of side ? [side] : (["entry", "exit"] as const)) {
    for (const leaf of leaves(spec[sd])) {
      if (leaf.type !== "compare" && leaf.type !== "cross") continue;
      for (const [key, other] of [["right", "left"], ["left", "right"]] as const) {
        if ((leaf[key].type === "number" || leaf[key].type === "param") && operandKind(spec, leaf[other]) === kind) return { side: sd, leaf, key };
      }
    }
  }
  return null;
}

const uniqueName = (spec: StrategySpec, base: string) => {
  let name = base;
  for (let i = 2; spec.parameters.some((p) => p.name === name); i++) name = `${base}_${i}`;
  return name;
};
const clamp = (n: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, n));

function thresholdParameter(s: State, kind: IndicatorKind, side: Side | null, range: [number, number]): boolean | string {
  const found = thresholdLeaf(s.spec, kind, side)!;
  const operand = found.leaf[found.key];
  const existing = operand.type === "param" ? s.spec.parameters.find((p) => p.name === operand.name) : undefined;
  const current = operand.type === "number" ? operand.value : (existing?.default ?? range[0]);
  const type = [...range, current].every(Number.isInteger) ? "int" : "decimal";
  const name = existing?.name ?? uniqueName(s.spec, `${found.side === "entry" ? "buy" : "sell"}_${kind}`);
  const param = { name, type, low: range[0], high: range[1], default: type === "int" ? Math.round(clamp(current, range)) : clamp(current, range), space: found.side === "entry" ? "buy" : "sell" } as const;
  s.spec.parameters = [...s.spec.parameters.filter((p) => p.name !== name), param];
  (found.leaf as { left: Operand; right: Operand })[found.key] = { type: "param", name };
  return true;
}

function periodParameter(s: State, kind: IndicatorKind, range: [number, number]): boolean | string {
  const ind = s.spec.indicators.find((i) => i.kind === kind && "period" in i);
  if (!ind || !("period" in ind)) return `there is no ${kind.toUpperCase()} with one period to optimise`;
  if (!range.every(Number.isInteger) || range[0] < 2) return `a period range needs whole numbers of 2 or more`;
  const usedOnEntry = leaves(s.spec.entry).some((l) => JSON.stringify(l).includes(`"${ind.id}"`));
  const space = usedOnEntry ? "buy" : "sell";
  const existing = typeof ind.period !== "number" ? ind.period.param : null;
  const name = existing ?? uniqueName(s.spec, `${space}_${kind}_period`);
  const current = typeof ind.period === "number" ? ind.period : (s.spec.parameters.find((p) => p.name === name)?.default ?? range[0]);
  s.spec.parameters = [...s.spec.parameters.filter((p) => p.name !== name), { name, type: "int", low: range[0], high: range[1], default: Math.round(clamp(current, range)), space }];
  s.spec.indicators = s.spec.indicators.map((i) => (i === ind ? { ...ind, period: { param: name } } : i));
  return true;
}

/** "change the RSI threshold to 25", "set the EMA period to 100", "use EMA(100) instead of EMA(200)". */
function handleChange(s: State, body: Token[]): boolean | string {
  const found = indicatorIn(body);
  if (!found) return false;
  const kind = found.request.kind;
  const insteadAt = body.findIndex((t) => isWord(t, "instead"));
  const value = numberAfterTo(body) ?? (insteadAt >= 0 ? numberNear(body.slice(0, insteadAt)) : null);
  const side = sideOf(body);
  const wantsPeriod = has(body, ...PERIOD_WORDS) || (!side && !has(body, "threshold", "level", "limit", "trigger") && !thresholdLeaf(s.spec, kind, null));
  if (!wantsPeriod) {
    const target = thresholdLeaf(s.spec, kind, side);
    if (!target) return `there is no ${kind.toUpperCase()} threshold${side ? ` on the ${side} side` : ""}`;
    if (value === null) return false;
    const o = target.leaf[target.key];
    if (o.type === "param") {
      const p = s.spec.parameters.find((x) => x.name === o.name)!;
      if (value < p.low || value > p.high) return `${kind.toUpperCase()} threshold ${value} is outside its parameter range ${p.low}–${p.high}`;
      p.default = value;
    } else (target.leaf as { left: Operand; right: Operand })[target.key] = { type: "number", value };
    return true;
  }
  // The indicator to change: the one named after "instead of", else the strategy's only one of this kind.
  const old = insteadAt >= 0 ? indicatorIn(body, insteadAt) : null;
  const oldPeriods = old ? periodsOf(old.request) : [];
  const candidates = s.spec.indicators.filter((i) => i.kind === kind && "period" in i && (!old || !body.slice(insteadAt).some((t) => t.kind === "num") || i.period === oldPeriods[0]));
  const newPeriod = has(body, ...PERIOD_WORDS) ? value : (found.request as { period?: number }).period;
  if (candidates.length !== 1 || typeof newPeriod !== "number" || newPeriod < 2 || !Number.isInteger(newPeriod)) return false;
  const target = candidates[0]!;
  if (typeof (target as { period: unknown }).period !== "number") return `the ${kind.toUpperCase()} period is a parameter; change its range instead`;
  s.spec.indicators = s.spec.indicators.map((i) => (i === target ? ({ ...target, period: newPeriod } as Indicator) : i));
  return true;
}

function numberAfterTo(body: readonly Token[]): number | null {
  for (let i = body.length - 2; i >= 0; i--) {
    const next = body[i + 1]!;
    if ((isWord(body[i], "to", "at", "of") || (body[i]!.kind === "punct" && (body[i] as { text: string }).text === "=")) && next.kind === "num") return next.value;
  }
  return null;
}
const numberNear = (tokens: readonly Token[]): number | null => {
  const nums = tokens.filter((t) => t.kind === "num");
  return nums.length ? (nums[nums.length - 1] as { value: number }).value : null;
};

function handleRename(s: State, body: Token[]): boolean {
  const start = body[0]!.end;
  const m = s.text.slice(start).match(/^\s*(?:it|this|the strategy|this strategy)?\s*(?:to|as)?\s*["'`]?([A-Za-z][A-Za-z0-9_]{0,63})/);
  if (!m) return false;
  s.spec.className = m[1]![0]!.toUpperCase() + m[1]!.slice(1);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Finishing: unused indicators and parameters dropped, canonical ids, a name, the change list

function finish(spec: StrategySpec, isNew: boolean): StrategySpec {
  const used = JSON.stringify([spec.entry, spec.exit]);
  let indicators = spec.indicators.filter((i) => used.includes(`"${i.id}"`));
  // Canonical ids (a changed period changes the column name); two indicators that became the same merge.
  const rename = new Map<string, string>();
  const seen = new Set<string>();
  indicators = indicators.filter((ind) => {
    const id = indicatorId(ind);
    rename.set(ind.id, id);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  indicators = indicators.map((ind) => ({ ...ind, id: rename.get(ind.id)! }));
  const renameIn = (c: Condition | null): Condition | null =>
    c && (JSON.parse(JSON.stringify(c), (key, v) => ((key === "id" && typeof v === "string" ? rename.get(v) ?? v : v))) as Condition);
  const entry = renameIn(spec.entry);
  const exit = renameIn(spec.exit);
  const refs = JSON.stringify([entry, exit, indicators]);
  const parameters = spec.parameters.filter((p) => refs.includes(`"${p.name}"`));
  const next = { ...spec, indicators, entry, exit, parameters };
  return isNew ? { ...next, className: spec.className === "AssistantStrategy" ? nameFor(next) : spec.className } : next;
}

const KIND_NAMES: Record<IndicatorKind, string> = { rsi: "Rsi", ema: "Ema", sma: "Sma", atr: "Atr", adx: "Adx", volume_sma: "Volume", macd: "Macd", bbands: "Bollinger", stoch: "Stoch", pattern: "Pattern" };

function nameFor(spec: StrategySpec): string {
  const parts = [...new Set(spec.indicators.map((i) => (i.kind === "pattern" ? i.id.slice(4).replace(/^./, (c) => c.toUpperCase()) : KIND_NAMES[i.kind])))].slice(0, 3);
  return `${parts.join("") || "Price"}Strategy`;
}

function defaultsNotes(state: State, spec: StrategySpec): string[] {
  const notes: string[] = [];
  if (!state.timeframeGiven) notes.push(`No timeframe given, so I used ${spec.timeframe}.`);
  if (!state.stoplossGiven) notes.push(`No stoploss given, so I used ${-spec.stoploss * 100} %.`);
  if (!spec.exit && spec.minimalRoi.length === 0 && !spec.trailing) notes.push("There is no exit rule and no take-profit: trades close only at the stoploss.");
  return notes;
}

function diffSpecs(before: StrategySpec, after: StrategySpec): string[] {
  const changes: string[] = [];
  const pct = (r: number) => `${Number((-r * 100).toFixed(2))} %`;
  if (before.className !== after.className) changes.push(`name ${before.className} → ${after.className}`);
  if (before.timeframe !== after.timeframe) changes.push(`timeframe ${before.timeframe} → ${after.timeframe}`);
  if (before.stoploss !== after.stoploss) changes.push(`stoploss ${pct(before.stoploss)} → ${pct(after.stoploss)}`);
  if (describeTrailing(before) !== describeTrailing(after)) changes.push(after.trailing ? `trailing stop: ${describeTrailing(after)}` : "trailing stop removed");
  if (describeRoi(before) !== describeRoi(after)) changes.push(`ROI: ${describeRoi(after)}`);
  for (const side of ["entry", "exit"] as const) {
    const old = describeLeaves(before, before[side]);
    const now = describeLeaves(after, after[side]);
    for (const l of old) if (!now.includes(l)) changes.push(`${side}: removed "${l}"`);
    for (const l of now) if (!old.includes(l)) changes.push(`${side}: added "${l}"`);
  }
  const params = (s: StrategySpec) => new Map(s.parameters.map((p) => [p.name, `${p.name} (${p.type} ${p.low}–${p.high}, default ${p.default})`]));
  const [pb, pa] = [params(before), params(after)];
  for (const [name, text] of pa) if (pb.get(name) !== text) changes.push(`parameter ${text}`);
  for (const name of pb.keys()) if (!pa.has(name)) changes.push(`parameter ${name} removed`);
  return changes;
}
