import { CANDLE_PATTERNS, INDICATOR_OUTPUTS, periodsOf, type CandlePattern, type Condition, type Indicator, type IndicatorKind, type Operand } from "./spec.js";
import { Cursor, isWord, sourceText, type Token } from "./tokens.js";

/**
 * The condition grammar of the built-in assistant:
 *
 *   condition := all ("or" all)*
 *   all       := leaf (("and" | "while" | "but" | "with" | ",") leaf)*
 *   leaf      := pattern | operand comparison
 *   comparison:= ("crosses" ("above"|"below")) operand | ("above"|"below"|">"|…) operand
 *              | "between" number "and" number | ("is"|"turns") ("positive"|"negative")
 *   operand   := number | [factor] indicator-or-price phrase, e.g. "RSI(14)", "the 200 EMA",
 *                "lower Bollinger band (20, 2)", "its 20-candle average", "1.5 times the volume average"
 *
 * Indicators named in conditions are looked up in (or added to) the draft's indicator list.
 */

/** The part of a spec the condition parser reads and extends. */
export interface Draft {
  indicators: Indicator[];
}

export const DEFAULT_PERIODS = { rsi: 14, ema: 20, sma: 20, atr: 14, adx: 14, volume_sma: 20 } as const;

/** What a phrase asks for; unspecified settings match any existing indicator of the kind. */
export interface IndicatorRequest {
  kind: IndicatorKind;
  nums: number[];
  std?: number;
  pattern?: CandlePattern;
}

/** A canonical, readable column id: rsi_14, ema_200, macd, bb_20_2, stoch, cdl_hammer, ema_buy_ema_period. */
export function indicatorId(ind: Indicator): string {
  const part = (p: ReturnType<typeof periodsOf>[number]) => (typeof p === "number" ? String(p) : p.param);
  switch (ind.kind) {
    case "pattern": return `cdl_${ind.pattern.slice(3).toLowerCase()}`;
    case "macd": return isDefault(ind) ? "macd" : `macd_${periodsOf(ind).map(part).join("_")}`;
    case "stoch": return isDefault(ind) ? "stoch" : `stoch_${periodsOf(ind).map(part).join("_")}`;
    case "bbands": return `bb_${part(ind.period)}_${String(ind.std).replace(".", "p")}`;
    default: return `${ind.kind}_${part(ind.period)}`;
  }
}
const isDefault = (ind: Indicator) => JSON.stringify(periodsOf(ind)) === JSON.stringify(ind.kind === "macd" ? [12, 26, 9] : [14, 3, 3]);

function buildIndicator(req: IndicatorRequest): Indicator {
  const [a, b, c] = req.nums;
  const ind: Indicator = (() => {
    switch (req.kind) {
      case "macd": return { id: "", kind: "macd", fast: a ?? 12, slow: b ?? 26, signal: c ?? 9 };
      case "stoch": return { id: "", kind: "stoch", fastk: a ?? 14, slowk: b ?? 3, slowd: c ?? 3 };
      case "bbands": return { id: "", kind: "bbands", period: a ?? 20, std: req.std ?? b ?? 2 };
      case "pattern": return { id: "", kind: "pattern", pattern: req.pattern! };
      default: return { id: "", kind: req.kind, period: a ?? DEFAULT_PERIODS[req.kind] };
    }
  })();
  return { ...ind, id: indicatorId(ind) };
}

/** Finds the indicator a phrase means in the draft (same kind, and same settings where given), or adds it. */
export function resolveIndicator(draft: Draft, req: IndicatorRequest): Indicator {
  const wanted = buildIndicator(req);
  const given = req.nums.length + (req.std !== undefined ? 1 : 0);
  const match = draft.indicators.find((ind) => {
    if (ind.kind !== req.kind) return false;
    if (ind.kind === "pattern") return ind.pattern === req.pattern;
    if (given === 0) return true;
    const have = periodsOf(ind);
    if (req.nums.some((n, i) => have[i] !== n)) return false;
    return req.std === undefined || (ind.kind === "bbands" && ind.std === req.std);
  });
  if (match) return match;
  draft.indicators.push(wanted);
  return wanted;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const KIND_WORDS: Record<string, IndicatorKind> = {
  rsi: "rsi", ema: "ema", exponential: "ema", sma: "sma", simple: "sma", ma: "sma", atr: "atr", adx: "adx", macd: "macd",
  bollinger: "bbands", bb: "bbands", bbands: "bbands", bband: "bbands", bands: "bbands", band: "bbands",
  stoch: "stoch", stochastic: "stoch", stochastics: "stoch", slowk: "stoch", slowd: "stoch",
};
const OUTPUT_WORDS: Record<string, string> = {
  upper: "upper", top: "upper", lower: "lower", bottom: "lower", middle: "middle", mid: "middle", basis: "middle", median: "middle",
  signal: "signal", histogram: "hist", hist: "hist", k: "slowk", "%k": "slowk", slowk: "slowk", d: "slowd", "%d": "slowd", slowd: "slowd",
};
const PRICE_WORDS: Record<string, Extract<Operand, { type: "price" }>["field"]> = {
  close: "close", closing: "close", price: "close", open: "open", opening: "open", high: "high", low: "low", volume: "volume",
};
/** Words that may sit inside an operand phrase without changing its meaning. */
const PHRASE_FILLER = new Set([
  "the", "a", "an", "line", "period", "periods", "length", "candle", "candles", "bar", "bars", "day", "days", "of", "value",
  "fast", "slow", "slower", "faster", "moving", "average", "averages", "mean", "true", "range", "indicator", "directional", "index",
  "strength", "relative", "oscillator", "std", "stdev", "sd", "standard", "deviation", "deviations", "dev",
]);
const AVERAGE_WORDS = new Set(["average", "mean", "ma", "sma"]);
const STD_WORDS = new Set(["std", "stdev", "sd", "standard", "deviation", "deviations", "dev"]);
/** Verbs and fillers between an operand and its comparison ("RSI drops below 30"). */
const VERBS = new Set([
  "is", "are", "was", "be", "goes", "go", "going", "drops", "drop", "dropping", "falls", "fall", "falling", "rises", "rise", "rising",
  "moves", "move", "gets", "get", "climbs", "climb", "trades", "trading", "stays", "remains", "has", "closes", "comes", "pushes",
  "dips", "dip", "sinks", "jumps", "spikes", "currently", "still", "back", "now", "itself", "has", "been", "then", "to",
]);

interface PatternWords { words: string[]; pattern: CandlePattern; direction: "bullish" | "bearish" | "any" }
/** Multi-word names first, so "inverted hammer" wins over "hammer". */
const PATTERN_PHRASES: PatternWords[] = (
  [
    ["inverted hammer", "CDLINVERTEDHAMMER", "bullish"], ["three white soldiers", "CDL3WHITESOLDIERS", "bullish"], ["three black crows", "CDL3BLACKCROWS", "bearish"],
    ["dark cloud cover", "CDLDARKCLOUDCOVER", "bearish"], ["morning star", "CDLMORNINGSTAR", "bullish"], ["evening star", "CDLEVENINGSTAR", "bearish"],
    ["shooting star", "CDLSHOOTINGSTAR", "bearish"], ["hanging man", "CDLHANGINGMAN", "bearish"], ["piercing line", "CDLPIERCING", "bullish"],
    ["piercing", "CDLPIERCING", "bullish"], ["engulfing", "CDLENGULFING", "any"], ["hammer", "CDLHAMMER", "bullish"], ["doji", "CDLDOJI", "any"],
    ["harami", "CDLHARAMI", "any"],
  ] as const
).map(([words, pattern, direction]) => ({ words: words.split(" "), pattern, direction }));

// ---------------------------------------------------------------------------------------------
// Parsing

export interface ConditionResult {
  condition: Condition | null;
  /** Fragments that were skipped because they did not parse. */
  skipped: string[];
}

const AND_WORDS = ["and", "while", "but", "with", "plus", "also", "when", "as", "whilst"];

/** Parses a whole condition (the tokens after "buy when"); unparsable leaves are skipped and reported. */
export function parseCondition(text: string, tokens: readonly Token[], draft: Draft): ConditionResult {
  const c = new Cursor(tokens);
  const skipped: string[] = [];
  const anyOf: Condition[] = [];
  let allOf: Condition[] = [];
  const close = () => {
    if (allOf.length) anyOf.push(allOf.length === 1 ? allOf[0]! : { type: "and", conditions: allOf });
    allOf = [];
  };
  while (!c.done) {
    if (c.punct(",", "&") || c.word(...AND_WORDS)) continue;
    if (c.word("or") || c.punct("|")) {
      close();
      continue;
    }
    const start = c.pos;
    const leaf = parseLeaf(c, draft);
    if (leaf) {
      allOf.push(...(leaf.type === "and" ? leaf.conditions : [leaf]));
      continue;
    }
    c.pos = start + 1;
    while (!c.done && !isWord(c.peek(), "and", "or", "while", "but") && !(c.peek()?.kind === "punct" && c.peek()!.text === ",")) c.pos++;
    skipped.push(sourceText(text, tokens.slice(start, c.pos)));
  }
  close();
  const condition = anyOf.length === 0 ? null : anyOf.length === 1 ? anyOf[0]! : { type: "or" as const, conditions: anyOf };
  return { condition, skipped: skipped.filter(Boolean) };
}

function parseLeaf(c: Cursor, draft: Draft): Condition | null {
  const start = c.pos;
  const pattern = parsePattern(c, draft);
  if (pattern) return pattern;
  c.pos = start;
  const left = parseOperand(c, draft, null);
  if (!left || left.type === "number") return null;
  c.skip(VERBS);
  const cmp = parseComparison(c, draft, left);
  if (!cmp) c.pos = start;
  return cmp;
}

function parsePattern(c: Cursor, draft: Draft): Condition | null {
  c.skip(new Set(["there", "is", "a", "an", "the", "we", "see", "get", "on"]));
  const dir = c.word("bullish", "bearish") as "bullish" | "bearish" | null;
  const t = c.peek();
  const raw = t?.kind === "word" && t.text.startsWith("cdl") ? (t.text.toUpperCase() as CandlePattern) : null;
  let found: { pattern: CandlePattern; direction: PatternWords["direction"] } | null = null;
  if (raw && raw in CANDLE_PATTERNS) {
    c.pos++;
    found = { pattern: raw, direction: PATTERN_PHRASES.find((p) => p.pattern === raw)?.direction ?? "any" };
  } else {
    const phrase = PATTERN_PHRASES.find((p) => p.words.every((w, i) => isWord(c.peek(i), w)));
    if (phrase) {
      c.pos += phrase.words.length;
      found = phrase;
    }
  }
  if (!found) return null;
  c.word("pattern", "candle", "candlestick", "candles", "formation");
  c.skip(new Set(["appears", "forms", "shows", "up", "prints", "occurs", "is", "detected", "formed", "appear", "form"]));
  const ind = resolveIndicator(draft, { kind: "pattern", nums: [], pattern: found.pattern });
  return { type: "pattern", id: ind.id, direction: dir ?? found.direction };
}

/** Reads an operand phrase; `left` gives "its …" and "signal" their meaning on the right side. */
export function parseOperand(c: Cursor, draft: Draft, left: Operand | null): Operand | null {
  const start = c.pos;
  let factor: number | undefined;
  c.skip(new Set(["the", "a", "an"]));
  if (c.word("twice", "double")) factor = 2;
  else if (c.peek()?.kind === "num" && isWord(c.peek(1), "x", "times")) {
    factor = c.number()!;
    c.pos++;
  }
  let kind: IndicatorKind | null = null;
  let price: Extract<Operand, { type: "price" }>["field"] | null = null;
  let output: string | undefined;
  let its = false;
  let average = false;
  let std: number | undefined;
  const nums: number[] = [];
  while (!c.done) {
    const t = c.peek()!;
    if (t.kind === "num") {
      const n = c.next() as { value: number };
      if (STD_WORDS.has((c.peek() as { text?: string })?.text ?? "")) std = n.value;
      else nums.push(n.value);
      continue;
    }
    if (t.kind === "punct" && ["(", ")", "-", ",", "/"].includes(t.text)) {
      // A comma only belongs to the phrase inside parentheses: "MACD(12, 26, 9)".
      if (t.text === "," && !(kind && c.peek(1)?.kind === "num" && nums.length > 0)) break;
      c.pos++;
      continue;
    }
    if (t.kind !== "word") break;
    const w = t.text;
    if ((w === "lower" || w === "higher" || w === "greater") && isWord(c.peek(1), "than")) break;
    if (w === "with" && kind && c.peek(1)?.kind === "num") {
      c.pos++;
    } else if (w === "its" || w === "their") {
      its = true;
      c.pos++;
    } else if (w === "moving" && isWord(c.peek(1), "average", "averages")) {
      kind ??= price === "volume" || (its && left?.type === "price" && left.field === "volume") ? null : "sma";
      average = true;
      c.pos += 2;
    } else if (AVERAGE_WORDS.has(w) && (price === "volume" || its)) {
      average = true;
      c.pos++;
    } else if (w === "average" && isWord(c.peek(1), "volume")) {
      price = "volume";
      average = true;
      c.pos += 2;
    } else if (w === "average" && isWord(c.peek(1), "true")) {
      kind = "atr";
      c.pos += 3;
    } else if (w in KIND_WORDS && !(kind === "ema" && (w === "sma" || w === "ma"))) {
      if (kind === "bbands" && KIND_WORDS[w] === "bbands") {
        c.pos++;
        continue;
      }
      if (kind && kind !== KIND_WORDS[w]) break;
      kind = KIND_WORDS[w]!;
      if (w === "slowk" || w === "slowd") output = OUTPUT_WORDS[w];
      c.pos++;
    } else if (w in OUTPUT_WORDS && (w.length > 1 || kind === "stoch")) {
      output = OUTPUT_WORDS[w];
      c.pos++;
    } else if (w in PRICE_WORDS && !kind && (!price || w === "price")) {
      price ??= PRICE_WORDS[w]!;
      c.pos++;
    } else if (PHRASE_FILLER.has(w)) {
      if ((w === "average" || w === "mean") && !kind && !price && !its) break;
      c.pos++;
    } else break;
  }
  // "lower band", "signal line", "%K" without the indicator's name: the indicator the output belongs to.
  if (!kind && !price && output) {
    kind = (Object.keys(INDICATOR_OUTPUTS) as IndicatorKind[]).find((k) => INDICATOR_OUTPUTS[k].includes(output!)) ?? null;
    if (its && left?.type === "indicator") kind = draft.indicators.find((i) => i.id === left.id)?.kind ?? kind;
  }
  if (its && !kind && average) {
    if (left?.type === "price" && left.field === "volume") return volumeAverage(draft, nums, factor);
    if (left?.type === "price") return withFactor({ type: "indicator", id: resolveIndicator(draft, { kind: "sma", nums: nums.slice(0, 1) }).id }, factor);
    c.pos = start;
    return null;
  }
  if (price === "volume" && average) return volumeAverage(draft, nums, factor);
  if (kind === "bbands" && std === undefined && nums.length >= 2) std = nums.splice(1)[0];
  if (kind) {
    const ind = resolveIndicator(draft, { kind, nums, ...(std !== undefined ? { std } : {}) });
    if (output && !INDICATOR_OUTPUTS[kind].includes(output)) {
      c.pos = start;
      return null;
    }
    return withFactor({ type: "indicator", id: ind.id, ...(output && output !== INDICATOR_OUTPUTS[kind][0] ? { output } : {}) }, factor);
  }
  if (price && nums.length === 0) return withFactor({ type: "price", field: price }, factor);
  if (!price && nums.length === 1 && factor === undefined && !its) return { type: "number", value: nums[0]! };
  c.pos = start;
  return null;
}

const withFactor = <T extends Operand>(o: T, factor: number | undefined): T => (factor === undefined ? o : { ...o, factor });
const volumeAverage = (draft: Draft, nums: number[], factor: number | undefined): Operand =>
  withFactor({ type: "indicator", id: resolveIndicator(draft, { kind: "volume_sma", nums: nums.slice(0, 1) }).id }, factor);

export const CROSS_UP = ["above", "over", "up", "upward", "upwards", "upside", "into"];
export const CROSS_DOWN = ["below", "under", "down", "downward", "downwards", "beneath"];

function parseComparison(c: Cursor, draft: Draft, left: Operand): Condition | null {
  const t = c.peek();
  if (!t) return null;
  const right = () => {
    c.skip(new Set(["the", "to"]));
    return parseOperand(c, draft, left);
  };
  if (t.kind === "op") {
    c.pos++;
    const r = right();
    return r ? { type: "compare", left, op: t.text, right: r } : null;
  }
  if (c.word("cross", "crosses", "crossed", "crossing", "breaks", "break", "breaking", "crossover")) {
    c.word("out", "back");
    const up = c.word(...CROSS_UP);
    const down = up ? null : c.word(...CROSS_DOWN);
    if (!up && !down) return null;
    c.word("through", "above", "below", "over", "under");
    const r = right();
    return r ? { type: "cross", left, direction: up ? "above" : "below", right: r } : null;
  }
  const turns = c.word("turns", "turned", "turning", "flips") !== null;
  c.skip(new Set(["is", "be"]));
  const sign = c.word("positive", "negative", "bullish", "bearish");
  if (sign) {
    const zero: Operand = { type: "number", value: 0 };
    const up = sign === "positive" || sign === "bullish";
    return turns ? { type: "cross", left, direction: up ? "above" : "below", right: zero } : { type: "compare", left, op: up ? ">" : "<", right: zero };
  }
  if (c.word("between")) {
    const lo = c.number();
    c.word("and", "to");
    c.punct("-");
    const hi = c.number();
    if (lo === null || hi === null) return null;
    return { type: "and", conditions: [{ type: "compare", left, op: ">", right: { type: "number", value: Math.min(lo, hi) } }, { type: "compare", left, op: "<", right: { type: "number", value: Math.max(lo, hi) } }] };
  }
  const op = comparisonWord(c);
  if (!op) return null;
  const r = right();
  if (!r) return null;
  // "touches the lower band": at or below it; "touches the upper band": at or above it.
  const touch = op === "touch" ? (r.type === "indicator" && r.output === "lower" ? "<=" : ">=") : op;
  return { type: "compare", left, op: touch, right: r };
}

function comparisonWord(c: Cursor): ">" | "<" | ">=" | "<=" | "touch" | null {
  if (c.word("above", "over", "exceeds", "exceed", "exceeding", "beyond")) return c.phrase("or", "equal", "to") ? ">=" : ">";
  if (c.word("below", "under", "beneath")) return c.phrase("or", "equal", "to") ? "<=" : "<";
  if (c.word("greater", "higher", "more", "bigger", "larger")) return c.word("than") && c.phrase("or", "equal", "to") ? ">=" : ">";
  if (c.word("less", "lower", "smaller", "fewer")) return c.word("than") && c.phrase("or", "equal", "to") ? "<=" : "<";
  if (c.phrase("at", "least")) return ">=";
  if (c.phrase("at", "most")) return "<=";
  if (c.word("touches", "touch", "touching", "hits", "hit", "reaches", "reach", "tags")) return "touch";
  return null;
}
