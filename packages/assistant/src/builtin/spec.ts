import { z } from "zod";

/**
 * A strategy as data: what the built-in interpreter builds and edits, what an LLM may return as
 * JSON, and what `generateStrategyCode` turns into Freqtrade code. Every boundary parses it with
 * `strategySpecSchema`, whose messages name the offending field.
 */

export const SPEC_TIMEFRAMES = ["1m", "5m", "15m", "30m", "1h", "2h", "4h", "6h", "8h", "12h", "1d"] as const;
export type SpecTimeframe = (typeof SPEC_TIMEFRAMES)[number];

export const TIMEFRAME_MINUTES: Record<SpecTimeframe, number> = {
  "1m": 1, "5m": 5, "15m": 15, "30m": 30, "1h": 60, "2h": 120, "4h": 240, "6h": 360, "8h": 480, "12h": 720, "1d": 1440,
};

/** TA-Lib candle patterns the assistant knows, with the words people use for them. */
export const CANDLE_PATTERNS = {
  CDLHAMMER: "hammer",
  CDLINVERTEDHAMMER: "inverted hammer",
  CDLENGULFING: "engulfing",
  CDLDOJI: "doji",
  CDLMORNINGSTAR: "morning star",
  CDLEVENINGSTAR: "evening star",
  CDLSHOOTINGSTAR: "shooting star",
  CDLHANGINGMAN: "hanging man",
  CDLHARAMI: "harami",
  CDLPIERCING: "piercing line",
  CDLDARKCLOUDCOVER: "dark cloud cover",
  CDL3WHITESOLDIERS: "three white soldiers",
  CDL3BLACKCROWS: "three black crows",
} as const;
export type CandlePattern = keyof typeof CANDLE_PATTERNS;

const identifier = z.string().regex(/^[a-z][a-z0-9_]*$/, { error: "must be a lowercase Python identifier (letters, digits, _)" });
const paramRefSchema = z.object({ param: identifier }).strict();
export type ParamRef = z.infer<typeof paramRefSchema>;
const period = z.union([z.number().int().min(2).max(1000), paramRefSchema]);
export type Period = z.infer<typeof period>;

const indicatorBase = { id: identifier };
export const indicatorSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ ...indicatorBase, kind: z.literal("rsi"), period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("ema"), period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("sma"), period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("atr"), period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("adx"), period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("volume_sma"), period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("macd"), fast: period, slow: period, signal: period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("bbands"), period, std: z.number().positive().max(5) }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("stoch"), fastk: period, slowk: period, slowd: period }).strict(),
    z.object({ ...indicatorBase, kind: z.literal("pattern"), pattern: z.enum(Object.keys(CANDLE_PATTERNS) as [CandlePattern, ...CandlePattern[]]) }).strict(),
  ],
  { error: (i) => `unknown indicator kind ${JSON.stringify((i.input as { kind?: unknown } | undefined)?.kind)}; use rsi, ema, sma, atr, adx, volume_sma, macd, bbands, stoch or pattern` },
);
export type Indicator = z.infer<typeof indicatorSchema>;
export type IndicatorKind = Indicator["kind"];

/** The columns an indicator produces, by output name; the first is its default output. */
export const INDICATOR_OUTPUTS: Record<IndicatorKind, readonly string[]> = {
  rsi: ["value"], ema: ["value"], sma: ["value"], atr: ["value"], adx: ["value"], volume_sma: ["value"], pattern: ["value"],
  macd: ["macd", "signal", "hist"],
  bbands: ["middle", "upper", "lower"],
  stoch: ["slowk", "slowd"],
};

/** The dataframe column of an indicator's output: the id itself for single-output indicators. */
export const columnName = (ind: Indicator, output?: string): string => {
  const outputs = INDICATOR_OUTPUTS[ind.kind];
  const out = output ?? outputs[0]!;
  return outputs.length === 1 || (ind.kind === "macd" && out === "macd") ? ind.id : `${ind.id}_${out}`;
};

const factor = z.number().positive().optional();
export const operandSchema = z.discriminatedUnion(
  "type",
  [
    z.object({ type: z.literal("indicator"), id: identifier, output: z.string().optional(), factor }).strict(),
    z.object({ type: z.literal("price"), field: z.enum(["open", "high", "low", "close", "volume"]), factor }).strict(),
    z.object({ type: z.literal("number"), value: z.number().finite() }).strict(),
    z.object({ type: z.literal("param"), name: identifier }).strict(),
  ],
  { error: "an operand is {type: indicator|price|number|param, ...}" },
);
export type Operand = z.infer<typeof operandSchema>;

export type Condition =
  | { type: "compare"; left: Operand; op: ">" | "<" | ">=" | "<="; right: Operand }
  | { type: "cross"; left: Operand; direction: "above" | "below"; right: Operand }
  | { type: "pattern"; id: string; direction: "bullish" | "bearish" | "any" }
  | { type: "and"; conditions: Condition[] }
  | { type: "or"; conditions: Condition[] };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.discriminatedUnion(
    "type",
    [
      z.object({ type: z.literal("compare"), left: operandSchema, op: z.enum([">", "<", ">=", "<="]), right: operandSchema }).strict(),
      z.object({ type: z.literal("cross"), left: operandSchema, direction: z.enum(["above", "below"]), right: operandSchema }).strict(),
      z.object({ type: z.literal("pattern"), id: identifier, direction: z.enum(["bullish", "bearish", "any"]) }).strict(),
      z.object({ type: z.enum(["and", "or"]), conditions: z.array(conditionSchema).min(2, { error: "and/or needs at least two conditions" }) }).strict(),
    ],
    { error: "a condition is {type: compare|cross|pattern|and|or, ...}" },
  ),
);

export const parameterSchema = z
  .object({
    name: identifier,
    type: z.enum(["int", "decimal"]),
    low: z.number().finite(),
    high: z.number().finite(),
    default: z.number().finite(),
    space: z.enum(["buy", "sell"]),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.low >= p.high) ctx.addIssue({ code: "custom", message: `parameter ${p.name}: low ${p.low} must be below high ${p.high}` });
    if (p.default < p.low || p.default > p.high) ctx.addIssue({ code: "custom", message: `parameter ${p.name}: default ${p.default} is outside ${p.low}..${p.high}` });
    if (p.type === "int" && ![p.low, p.high, p.default].every(Number.isInteger)) ctx.addIssue({ code: "custom", message: `parameter ${p.name}: an int parameter needs whole numbers` });
  });
export type Parameter = z.infer<typeof parameterSchema>;

const ratio = (what: string) => z.number().gt(0, { error: `${what} must be above 0` }).lt(1, { error: `${what} must be below 100 %` });

export const strategySpecSchema = z
  .object({
    className: z.string().regex(/^[A-Z][A-Za-z0-9_]{0,63}$/, { error: "className must be a Python class name starting with a capital letter" }),
    timeframe: z.enum(SPEC_TIMEFRAMES, { error: (i) => `unknown timeframe ${JSON.stringify(i.input)}; use one of ${SPEC_TIMEFRAMES.join(", ")}` }),
    indicators: z.array(indicatorSchema),
    entry: conditionSchema.nullable(),
    exit: conditionSchema.nullable(),
    /** Freqtrade's convention: a negative ratio, -0.05 = 5 % below the entry. */
    stoploss: z.number().lt(0, { error: "stoploss must be negative (-0.05 = 5 %)" }).gte(-1, { error: "stoploss cannot be below -1 (-100 %)" }),
    trailing: z
      .object({ positive: ratio("trailing.positive"), offset: ratio("trailing.offset").nullable(), onlyOffsetIsReached: z.boolean() })
      .strict()
      .nullable(),
    /** Take profit at `profit` once a trade is `afterMinutes` old; empty = no ROI exit. */
    minimalRoi: z.array(z.object({ afterMinutes: z.number().int().min(0), profit: z.number().gt(-1) }).strict()),
    parameters: z.array(parameterSchema),
  })
  .strict()
  .superRefine((spec, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
    const ids = new Map(spec.indicators.map((ind) => [ind.id, ind]));
    const params = new Set(spec.parameters.map((p) => p.name));
    if (ids.size !== spec.indicators.length) issue(["indicators"], "indicator ids must be unique");
    if (params.size !== spec.parameters.length) issue(["parameters"], "parameter names must be unique");
    spec.indicators.forEach((ind, i) => {
      for (const ref of periodsOf(ind)) if (typeof ref !== "number" && !params.has(ref.param)) issue(["indicators", i], `indicator ${ind.id} uses unknown parameter ${ref.param}`);
    });
    const checkOperand = (o: Operand, path: (string | number)[]) => {
      if (o.type === "param" && !params.has(o.name)) issue(path, `unknown parameter ${o.name}`);
      if (o.type !== "indicator") return;
      const ind = ids.get(o.id);
      if (!ind) return issue(path, `unknown indicator ${o.id}; declare it in indicators`);
      if (o.output !== undefined && !INDICATOR_OUTPUTS[ind.kind].includes(o.output)) issue(path, `indicator ${o.id} (${ind.kind}) has no output ${JSON.stringify(o.output)}; it has ${INDICATOR_OUTPUTS[ind.kind].join(", ")}`);
    };
    const checkCondition = (c: Condition, path: (string | number)[]) => {
      if (c.type === "and" || c.type === "or") return c.conditions.forEach((sub, i) => checkCondition(sub, [...path, "conditions", i]));
      if (c.type === "pattern") {
        if (ids.get(c.id)?.kind !== "pattern") issue(path, `${c.id} is not a candle-pattern indicator`);
        return;
      }
      checkOperand(c.left, [...path, "left"]);
      checkOperand(c.right, [...path, "right"]);
      if (c.left.type === "number" && c.right.type === "number") issue(path, "a condition cannot compare two numbers");
    };
    if (spec.entry) checkCondition(spec.entry, ["entry"]);
    if (spec.exit) checkCondition(spec.exit, ["exit"]);
    if (spec.trailing?.offset != null && spec.trailing.offset <= spec.trailing.positive) issue(["trailing", "offset"], "trailing.offset must be above trailing.positive");
    const minutes = spec.minimalRoi.map((r) => r.afterMinutes);
    if (new Set(minutes).size !== minutes.length) issue(["minimalRoi"], "minimalRoi has two steps at the same minute");
  });
export type StrategySpec = z.infer<typeof strategySpecSchema>;

/** The period-like settings of an indicator (numbers or parameter references). */
export function periodsOf(ind: Indicator): Period[] {
  switch (ind.kind) {
    case "macd": return [ind.fast, ind.slow, ind.signal];
    case "stoch": return [ind.fastk, ind.slowk, ind.slowd];
    case "pattern": return [];
    default: return [ind.period];
  }
}

/** Candles an indicator needs before its first value: its longest window (the parameter's high end when optimised). */
export function startupCandles(spec: StrategySpec): number {
  const high = (p: Period) => (typeof p === "number" ? p : (spec.parameters.find((x) => x.name === p.param)?.high ?? 0));
  const needs = spec.indicators.map((ind) => {
    const [a = 0, b = 0, c = 0] = periodsOf(ind).map(high);
    if (ind.kind === "macd") return b + c;
    if (ind.kind === "stoch") return a + b + c;
    if (ind.kind === "adx") return 2 * a;
    return a;
  });
  return Math.max(30, ...needs);
}

/** Parses a spec from untrusted JSON; the error lists every problem with its path. */
export function parseStrategySpec(input: unknown): { ok: true; spec: StrategySpec } | { ok: false; error: string } {
  const r = strategySpecSchema.safeParse(input);
  if (r.success) return { ok: true, spec: r.data };
  return { ok: false, error: r.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "spec"}: ${i.message}`).join("; ") };
}
