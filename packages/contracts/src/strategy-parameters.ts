import { z } from "zod";
import { detectStrategyClass } from "./backtest-request.js";
import {
  closingBracket, dottedName, isName, isOp, logicalLines, pythonRound, readLiteral, scalarValue, splitTopLevel, tokenText,
  type LogicalLine, type PyLiteral, type PyScalar, type Token,
} from "./python-source.js";

/**
 * A strategy's hyperoptable parameters (Freqtrade's `IntParameter`, `DecimalParameter`,
 * `RealParameter`, `CategoricalParameter`, `BooleanParameter`), read from the source without
 * running it, so the IDE can offer them as sliders and dropdowns.
 *
 * What is read mirrors Freqtrade 2026.9 (`freqtrade/strategy/parameters.py`, `hyper.py`):
 * - class-level `name = XParameter(...)` (also annotated, `a = b = ...`, qualified
 *   `freqtrade.strategy.IntParameter`, import aliases) in the strategy class and in base classes
 *   defined in the same file;
 * - the signatures: numeric `(low, high, *, default, ...)` or `([low, high], *, default, ...)`,
 *   `DecimalParameter(..., decimals=3)` with the default rounded as Freqtrade rounds it,
 *   `CategoricalParameter(categories, *, default=None)`, `BooleanParameter(*, default=None)`.
 *   Freqtrade's value for an omitted categorical/boolean default is `None` (its docstring's
 *   "first item" is not what the code does), so `default` is then null;
 * - the space: `space=` or, when missing, the name prefix `buy_`, `sell_`, `enter_`, `exit_`,
 *   `protection_`;
 * - class-level `<space>_params = {...}` dicts, which Freqtrade applies over the defaults of
 *   parameters with `load=True` (`overriddenBy` names the dict).
 *
 * Whatever is not a literal (a default from a variable, arithmetic, `*args`), a declaration inside
 * an `if` block, or a declaration Freqtrade would refuse is reported in `warnings` with its line,
 * and the parameter is left out rather than guessed.
 */

export const PARAMETER_CLASSES = ["IntParameter", "DecimalParameter", "RealParameter", "CategoricalParameter", "BooleanParameter"] as const;
export type ParameterClass = (typeof PARAMETER_CLASSES)[number];
export const PARAMETER_KINDS = ["int", "decimal", "categorical", "boolean"] as const;
export type ParameterKind = (typeof PARAMETER_KINDS)[number];
/** Name prefixes Freqtrade turns into a space when `space=` is missing (hyper.py, detect_all_parameters). */
export const AUTO_PARAMETER_SPACES = ["buy", "sell", "enter", "exit", "protection"] as const;

const KIND_OF: Record<ParameterClass, ParameterKind> = {
  IntParameter: "int",
  DecimalParameter: "decimal",
  RealParameter: "decimal",
  CategoricalParameter: "categorical",
  BooleanParameter: "boolean",
};

export const parameterScalarSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const commonFields = {
  name: z.string().regex(/^[A-Za-z_]\w*$/),
  /** the Freqtrade class as written (RealParameter is kind "decimal" with decimals null) */
  parameterClass: z.enum(PARAMETER_CLASSES),
  /** "buy", "sell", "protection", or any other identifier the strategy names */
  space: z.string(),
  optimize: z.boolean(),
  load: z.boolean(),
  /** 1-based line of the declaration */
  line: z.number().int().positive(),
  /** set when a class-level `<space>_params` dict supplies the default, e.g. "buy_params" */
  overriddenBy: z.string().optional(),
};

export const intParameterSchema = z.object({
  ...commonFields,
  kind: z.literal("int"),
  low: z.number().int(),
  high: z.number().int(),
  default: z.number().int(),
});
export const decimalParameterSchema = z.object({
  ...commonFields,
  kind: z.literal("decimal"),
  low: z.number(),
  high: z.number(),
  /** digits after the point (DecimalParameter, default 3); null for RealParameter (unlimited) */
  decimals: z.number().int().min(0).nullable(),
  default: z.number(),
});
export const categoricalParameterSchema = z.object({
  ...commonFields,
  kind: z.literal("categorical"),
  options: z.array(parameterScalarSchema).min(2),
  /** null when omitted (Freqtrade's value is then None) */
  default: parameterScalarSchema,
});
export const booleanParameterSchema = z.object({
  ...commonFields,
  kind: z.literal("boolean"),
  /** null when omitted (Freqtrade's value is then None) */
  default: z.boolean().nullable(),
});
export const strategyParameterSchema = z.discriminatedUnion("kind", [intParameterSchema, decimalParameterSchema, categoricalParameterSchema, booleanParameterSchema]);
export type StrategyParameter = z.infer<typeof strategyParameterSchema>;

export const parameterWarningSchema = z.object({ line: z.number().int().positive(), message: z.string() });
export type ParameterWarning = z.infer<typeof parameterWarningSchema>;

export const strategyParametersSchema = z.object({
  /** the class Freqtrade will load (as `detectStrategyClass` finds it), null when there is none */
  className: z.string().nullable(),
  /** in source order */
  parameters: z.array(strategyParameterSchema),
  warnings: z.array(parameterWarningSchema),
});
export type StrategyParameters = z.infer<typeof strategyParametersSchema>;

// ------------------------------------------------------------------------------------------
// Reading the source
// ------------------------------------------------------------------------------------------

interface ClassInfo {
  name: string;
  bases: string[];
  body: LogicalLine[];
}

/** A declaration that cannot be read; the message becomes a warning and the parameter is skipped. */
class Unreadable extends Error {}

const COMPOUND_KEYWORDS = new Set(["if", "elif", "else", "for", "while", "try", "except", "finally", "with", "match", "case"]);
const DEFINITION_KEYWORDS = new Set(["def", "async", "class"]);
const PARAMETER_CLASS_SET = new Set<string>(PARAMETER_CLASSES);
const isIdentifier = (s: string) => /^[A-Za-z_]\w*$/.test(s);

function topLevelClasses(lines: LogicalLine[]): Map<string, ClassInfo> {
  const classes = new Map<string, ClassInfo>();
  for (let k = 0; k < lines.length; k++) {
    const { tokens, indent } = lines[k]!;
    if (indent !== 0 || !isName(tokens[0], "class") || tokens[1]?.type !== "name") continue;
    const bases: string[] = [];
    if (isOp(tokens[2], "(")) {
      const close = closingBracket(tokens, 2);
      for (const arg of splitTopLevel(tokens.slice(3, close < 0 ? tokens.length : close), ",")) {
        const dotted = dottedName(arg);
        if (dotted) bases.push(dotted.split(".").pop()!);
      }
    }
    const body: LogicalLine[] = [];
    while (k + 1 < lines.length && lines[k + 1]!.indent > indent) body.push(lines[++k]!);
    classes.set(tokens[1].value, { name: tokens[1].value, bases, body });
  }
  return classes;
}

/** Local names bound to the parameter classes: the classes themselves, and `import X as Y` aliases. */
function parameterClassNames(lines: LogicalLine[]): Map<string, ParameterClass> {
  const names = new Map<string, ParameterClass>(PARAMETER_CLASSES.map((c) => [c, c]));
  for (const { tokens, indent } of lines) {
    if (indent !== 0 || !isName(tokens[0], "from")) continue;
    const at = tokens.findIndex((t) => isName(t, "import"));
    if (at < 0) continue;
    const imported = tokens.slice(at + 1).filter((t) => !isOp(t, "(") && !isOp(t, ")"));
    for (const part of splitTopLevel(imported, ",")) {
      if (part.length === 3 && isName(part[1], "as") && PARAMETER_CLASS_SET.has((part[0] as { value: string }).value)) {
        names.set((part[2] as { value: string }).value, (part[0] as { value: string }).value as ParameterClass);
      }
    }
  }
  return names;
}

interface Reader {
  source: string;
  classNames: Map<string, ParameterClass>;
  warnings: ParameterWarning[];
  parameters: Map<string, StrategyParameter>;
  /** space -> the last class-level `<space>_params` dict: name -> value (null: unreadable) */
  spaceParams: Map<string, { line: number; values: Map<string, PyLiteral | null> }>;
}

function resolveClass(r: Reader, dotted: string): ParameterClass | null {
  if (!dotted.includes(".")) return r.classNames.get(dotted) ?? null;
  const last = dotted.split(".").pop()!;
  return PARAMETER_CLASS_SET.has(last) ? (last as ParameterClass) : null;
}

/** True when the tokens call a parameter class anywhere. */
function mentionsParameter(r: Reader, tokens: Token[]): boolean {
  return tokens.some((t, k) => t.type === "name" && isOp(tokens[k + 1], "(") && (r.classNames.has(t.value) || PARAMETER_CLASS_SET.has(t.value)));
}

/** `Cls(args)` spanning exactly `tokens`, with Cls a parameter class. */
function parameterCall(r: Reader, tokens: Token[]): { cls: ParameterClass; args: Token[] } | null {
  const open = tokens.findIndex((t) => isOp(t, "("));
  if (open < 1 || closingBracket(tokens, open) !== tokens.length - 1) return null;
  const dotted = dottedName(tokens, 0, open);
  const cls = dotted ? resolveClass(r, dotted) : null;
  return cls ? { cls, args: tokens.slice(open + 1, -1) } : null;
}

function readClassBody(r: Reader, cls: ClassInfo) {
  if (cls.body.length === 0) return;
  const bodyIndent = cls.body[0]!.indent;
  let block: "definition" | "compound" | null = null;
  for (const { tokens, indent, line } of cls.body) {
    if (indent > bodyIndent) {
      if (block === "compound" && mentionsParameter(r, tokens)) {
        r.warnings.push({ line, message: "a parameter declared inside an if/for/try/with block is not read; declare it at class level" });
      }
      continue;
    }
    const first = tokens[0]!;
    if (isOp(first, "@") || (first.type === "name" && DEFINITION_KEYWORDS.has(first.value))) {
      block = "definition";
      continue;
    }
    if (first.type === "name" && COMPOUND_KEYWORDS.has(first.value)) {
      block = "compound";
      if (mentionsParameter(r, tokens)) r.warnings.push({ line, message: "a parameter declared inside an if/for/try/with block is not read; declare it at class level" });
      continue;
    }
    block = null;
    for (const statement of splitTopLevel(tokens, ";")) if (statement.length > 0) readStatement(r, statement);
  }
}

function readStatement(r: Reader, tokens: Token[]) {
  const line = tokens[0]!.line;
  const parts = splitTopLevel(tokens, "=");
  if (parts.length < 2) {
    if (mentionsParameter(r, tokens)) r.warnings.push({ line, message: `\`${tokenText(r.source, tokens)}\` is not a plain \`name = IntParameter(...)\` declaration; not read` });
    return;
  }
  const rhs = parts[parts.length - 1]!;
  const targetTokens = parts.slice(0, -1);
  const targets = targetTokens.map((t) =>
    t.length === 1 && t[0]!.type === "name" ? t[0].value : targetTokens.length === 1 && t[0]?.type === "name" && isOp(t[1], ":") ? t[0].value : null,
  );
  const call = parameterCall(r, rhs);
  if (!call) {
    if (mentionsParameter(r, rhs)) {
      r.warnings.push({ line, message: `\`${tokenText(r.source, tokens)}\` is not a plain \`name = IntParameter(...)\` declaration; not read` });
    }
    for (const name of targets) {
      if (name === null) continue;
      r.parameters.delete(name); // a subclass replacing an inherited parameter with a plain value
      const space = /^([A-Za-z_]\w*)_params$/.exec(name)?.[1];
      if (space) readSpaceParams(r, name, space, rhs, line);
    }
    return;
  }
  if (targets.some((t) => t === null)) {
    r.warnings.push({ line, message: `\`${tokenText(r.source, tokens)}\`: only a plain name can receive a parameter; not read` });
    return;
  }
  for (const name of targets as string[]) {
    r.parameters.delete(name);
    try {
      r.parameters.set(name, readParameter(r, name, call.cls, call.args, line));
    } catch (e) {
      if (!(e instanceof Unreadable)) throw e;
      r.warnings.push({ line, message: `${name}: ${e.message}; parameter skipped` });
    }
  }
}

function readSpaceParams(r: Reader, name: string, space: string, rhs: Token[], line: number) {
  const entries = isOp(rhs[0], "{") && closingBracket(rhs, 0) === rhs.length - 1 ? splitTopLevel(rhs.slice(1, -1), ",").filter((e) => e.length > 0) : null;
  const pairs = entries?.map((e) => splitTopLevel(e, ":"));
  if (!pairs || pairs.some((p) => p.length !== 2)) {
    r.spaceParams.delete(space);
    r.warnings.push({ line, message: `${name} is not a literal dict (\`${tokenText(r.source, rhs)}\`); its values are not applied to the defaults` });
    return;
  }
  const values = new Map<string, PyLiteral | null>();
  for (const [k, v] of pairs) {
    const key = readLiteral(k!);
    if (key?.kind === "string") values.set(key.value, readLiteral(v!));
  }
  r.spaceParams.set(space, { line, values });
}

type Arg = { value: PyLiteral; text: string } | { value: null; text: string };

function bindArguments(r: Reader, cls: ParameterClass, argTokens: Token[]): Map<string, Arg> {
  const positionalNames = cls === "CategoricalParameter" ? ["categories"] : cls === "BooleanParameter" ? [] : ["low", "high"];
  const parts = splitTopLevel(argTokens, ",");
  if (parts.length > 0 && parts[parts.length - 1]!.length === 0) parts.pop(); // trailing comma, or no arguments
  const bound = new Map<string, Arg>();
  let positional = 0;
  for (const part of parts) {
    if (part.length === 0) throw new Unreadable("empty argument (a stray comma)");
    const text = tokenText(r.source, part);
    if (isOp(part[0], "*") || isOp(part[0], "**")) throw new Unreadable(`argument unpacking \`${text}\` cannot be read`);
    let key: string;
    let valueTokens = part;
    if (part[0]!.type === "name" && isOp(part[1], "=")) {
      key = part[0].value;
      valueTokens = part.slice(2);
      if (key === "name") throw new Unreadable("`name=` is not allowed (Freqtrade takes the name from the attribute)");
    } else {
      if (positional >= positionalNames.length) {
        throw new Unreadable(`${cls} takes ${positionalNames.length === 0 ? "no" : `at most ${positionalNames.length}`} positional argument${positionalNames.length === 1 ? "" : "s"}; default and the rest must be given by keyword (default=...)`);
      }
      key = positionalNames[positional++]!;
    }
    if (bound.has(key)) throw new Unreadable(`${key} is given twice`);
    bound.set(key, { value: readLiteral(valueTokens), text: tokenText(r.source, valueTokens) });
  }
  return bound;
}

function readParameter(r: Reader, name: string, cls: ParameterClass, argTokens: Token[], line: number): StrategyParameter {
  const args = bindArguments(r, cls, argTokens);
  /** the literal of an argument; undefined when not given; throws when given but not a literal */
  const literal = (key: string): PyLiteral | undefined => {
    const arg = args.get(key);
    if (!arg) return undefined;
    if (arg.value === null) throw new Unreadable(`${key} \`${arg.text}\` is not a literal value`);
    return arg.value;
  };
  const flag = (key: string): boolean => {
    const v = literal(key);
    if (v === undefined) return true;
    if (v.kind !== "bool") throw new Unreadable(`${key} must be True or False, got \`${args.get(key)!.text}\``);
    return v.value;
  };

  const spaceArg = literal("space");
  if (spaceArg && spaceArg.kind !== "string" && spaceArg.kind !== "none") throw new Unreadable(`space must be a string, got \`${args.get("space")!.text}\``);
  const explicitSpace = spaceArg?.kind === "string" && spaceArg.value !== "" ? spaceArg.value : null;
  const space = explicitSpace ?? AUTO_PARAMETER_SPACES.find((s) => name.startsWith(`${s}_`));
  if (!space) throw new Unreadable(`no space: give space="buy" (or "sell", ...) or start the name with buy_ or sell_ (Freqtrade refuses to load the strategy otherwise)`);
  if (space === "all" || space === "default" || !isIdentifier(space)) throw new Unreadable(`"${space}" is not a valid space (Freqtrade refuses it)`);
  const common = { name, parameterClass: cls, space, optimize: flag("optimize"), load: flag("load"), line };

  switch (KIND_OF[cls]) {
    case "int":
    case "decimal": {
      const { low, high } = readRange(args, literal);
      const def = literal("default");
      if (!def) throw new Unreadable("default is required");
      if (def.kind !== "number") throw new Unreadable(`default must be a number, got \`${args.get("default")!.text}\``);
      if (cls === "IntParameter") {
        for (const [label, v] of [["low", low], ["high", high], ["default", def.value]] as const) {
          if (!Number.isInteger(v)) throw new Unreadable(`IntParameter ${label} must be a whole number, got ${v}`);
        }
        return { ...common, kind: "int", low, high, default: def.value };
      }
      let decimals: number | null = null;
      if (cls === "DecimalParameter") {
        const d = literal("decimals");
        decimals = d === undefined ? 3 : d.kind === "number" && Number.isInteger(d.value) && d.value >= 0 ? d.value : NaN;
        if (Number.isNaN(decimals)) throw new Unreadable(`decimals must be a whole number >= 0, got \`${args.get("decimals")!.text}\``);
      }
      return { ...common, kind: "decimal", low, high, decimals, default: decimals === null ? def.value : pythonRound(def.value, decimals) };
    }
    case "categorical": {
      const categories = literal("categories");
      if (!categories) throw new Unreadable("categories are required");
      if (categories.kind !== "sequence") throw new Unreadable(`categories must be a list, got \`${args.get("categories")!.text}\``);
      const options = categories.items.map(scalarValue);
      if (options.some((o) => o === undefined)) throw new Unreadable("categories must be plain values (numbers, strings, True/False/None)");
      if (options.length < 2) throw new Unreadable("CategoricalParameter needs at least two categories (Freqtrade refuses fewer)");
      const def = literal("default");
      const defValue = def === undefined ? null : scalarValue(def);
      if (defValue === undefined) throw new Unreadable(`default must be a plain value, got \`${args.get("default")!.text}\``);
      return { ...common, kind: "categorical", options: options as PyScalar[], default: defValue };
    }
    case "boolean": {
      const def = literal("default");
      if (def && def.kind !== "bool" && def.kind !== "none") throw new Unreadable(`default must be True or False, got \`${args.get("default")!.text}\``);
      return { ...common, kind: "boolean", default: def?.kind === "bool" ? def.value : null };
    }
  }
}

/** low/high of a numeric parameter: `(low, high)` or `([low, high])`, as NumericParameter checks them. */
function readRange(args: Map<string, Arg>, literal: (key: string) => PyLiteral | undefined): { low: number; high: number } {
  const lowArg = literal("low");
  const highArg = literal("high");
  const highGiven = highArg !== undefined && highArg.kind !== "none";
  let pair: (PyLiteral | undefined)[];
  if (lowArg?.kind === "sequence") {
    if (highGiven) throw new Unreadable("give either [low, high] or low and high, not both");
    if (lowArg.items.length !== 2) throw new Unreadable(`the range must be [low, high], got \`${args.get("low")!.text}\``);
    pair = lowArg.items;
  } else {
    if (lowArg === undefined || !highGiven) throw new Unreadable("low and high are required (or one [low, high] list)");
    pair = [lowArg, highArg];
  }
  const [low, high] = pair.map((v, k) => {
    if (v?.kind !== "number") throw new Unreadable(`${k === 0 ? "low" : "high"} must be a number`);
    return v.value;
  });
  return { low: low!, high: high! };
}

/** Applies `<space>_params` dicts (Freqtrade: values from them win over declared defaults when load=True). */
function applySpaceParams(r: Reader) {
  for (const p of r.parameters.values()) {
    const dict = r.spaceParams.get(p.space);
    if (!p.load || !dict || !dict.values.has(p.name)) continue;
    const lit = dict.values.get(p.name);
    const value = lit ? scalarValue(lit) : undefined;
    const fits =
      p.kind === "int" ? typeof value === "number" && Number.isInteger(value)
      : p.kind === "decimal" ? typeof value === "number"
      : p.kind === "boolean" ? typeof value === "boolean"
      : value !== undefined;
    if (!fits) {
      r.warnings.push({ line: dict.line, message: `${p.space}_params["${p.name}"] is not a literal ${p.kind === "categorical" ? "plain" : p.kind} value; the declared default is shown` });
      continue;
    }
    const overriddenBy = `${p.space}_params`;
    if (p.kind === "decimal") r.parameters.set(p.name, { ...p, overriddenBy, default: p.decimals === null ? (value as number) : pythonRound(value as number, p.decimals) });
    else r.parameters.set(p.name, { ...p, overriddenBy, default: value } as StrategyParameter);
  }
}

/** Warnings about values Freqtrade accepts but that are surely mistakes: empty ranges, defaults outside them. */
function checkDefaults(r: Reader) {
  for (const p of r.parameters.values()) {
    const from = p.overriddenBy ? ` (from ${p.overriddenBy})` : "";
    if (p.kind === "int" || p.kind === "decimal") {
      if (p.low > p.high) r.warnings.push({ line: p.line, message: `${p.name}: low ${p.low} is above high ${p.high}` });
      else if (p.default < p.low || p.default > p.high) r.warnings.push({ line: p.line, message: `${p.name}: default ${p.default}${from} is outside ${p.low}..${p.high}` });
    } else if (p.kind === "categorical" && p.default !== null && !p.options.includes(p.default)) {
      r.warnings.push({ line: p.line, message: `${p.name}: default ${JSON.stringify(p.default)}${from} is not one of the categories` });
    }
  }
}

/** The hyperoptable parameters of the strategy class in `source` (see the module comment). */
export function parseStrategyParameters(source: string): StrategyParameters {
  const detected = detectStrategyClass(source);
  if ("error" in detected) return { className: null, parameters: [], warnings: [] };
  const lines = logicalLines(source);
  const classes = topLevelClasses(lines);
  const r: Reader = { source, classNames: parameterClassNames(lines), warnings: [], parameters: new Map(), spaceParams: new Map() };
  const visited = new Set<string>();
  const visit = (name: string) => {
    const cls = classes.get(name);
    if (!cls || visited.has(name)) return;
    visited.add(name);
    // bases first so the class's own declarations win; the first base wins over later ones (MRO)
    for (const base of [...cls.bases].reverse()) visit(base);
    readClassBody(r, cls);
  };
  visit(detected.className);
  applySpaceParams(r);
  checkDefaults(r);
  return {
    className: detected.className,
    parameters: [...r.parameters.values()].sort((a, b) => a.line - b.line),
    warnings: r.warnings.sort((a, b) => a.line - b.line),
  };
}

// ------------------------------------------------------------------------------------------
// Checking values chosen by a user
// ------------------------------------------------------------------------------------------

export interface ParameterValueError {
  name: string;
  message: string;
}

const show = (v: unknown) => (typeof v === "string" ? JSON.stringify(v) : String(v));

/** Checks one value against its parameter; null when it is acceptable. */
export function checkParameterValue(p: StrategyParameter, value: unknown): string | null {
  switch (p.kind) {
    case "int":
    case "decimal": {
      if (typeof value !== "number" || !Number.isFinite(value)) return `${p.name} must be a number, got ${show(value)}`;
      if (p.kind === "int" && !Number.isInteger(value)) return `${p.name} must be a whole number, got ${value}`;
      if (value < p.low || value > p.high) return `${p.name} must be between ${p.low} and ${p.high}, got ${value}`;
      if (p.kind === "decimal" && p.decimals !== null && pythonRound(value, p.decimals) !== value) {
        return `${p.name} takes at most ${p.decimals} decimal${p.decimals === 1 ? "" : "s"}, got ${value}`;
      }
      return null;
    }
    case "categorical":
      return p.options.some((o) => o === value) ? null : `${p.name} must be one of ${p.options.map(show).join(", ")}, got ${show(value)}`;
    case "boolean":
      return typeof value === "boolean" ? null : `${p.name} must be true or false, got ${show(value)}`;
  }
}

/**
 * Checks values a user chose for a strategy's parameters: each must name a declared parameter and
 * fit it (numbers in low..high, whole numbers for IntParameter, at most `decimals` digits for
 * DecimalParameter, one of the options, true/false). Returns one error per bad value; [] when all fit.
 */
export function validateParameterValues(params: readonly StrategyParameter[], values: Readonly<Record<string, unknown>>): ParameterValueError[] {
  const byName = new Map(params.map((p) => [p.name, p]));
  const errors: ParameterValueError[] = [];
  for (const [name, value] of Object.entries(values)) {
    const p = byName.get(name);
    if (!p) {
      const declared = params.length ? `the strategy declares ${params.map((q) => q.name).join(", ")}` : "the strategy declares no parameters";
      errors.push({ name, message: `unknown parameter ${name}: ${declared}` });
      continue;
    }
    const message = checkParameterValue(p, value);
    if (message) errors.push({ name, message });
  }
  return errors;
}

/** The timeframe the strategy declares (`timeframe = "1h"`), if any. */
export function declaredTimeframe(source: string): string | null {
  return /^\s+timeframe\s*(?::\s*str\s*)?=\s*["'](\w+)["']/m.exec(source)?.[1] ?? null;
}
