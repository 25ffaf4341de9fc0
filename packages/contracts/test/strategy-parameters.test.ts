import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStrategyParameters, strategyParameterSchema, validateParameterValues, type StrategyParameter } from "../src/index.js";
import { logicalLines, pythonRound, readLiteral } from "../src/python-source.js";

const HEADER = "from freqtrade.strategy import IStrategy, IntParameter, DecimalParameter, RealParameter, CategoricalParameter, BooleanParameter\n\n";
/** A strategy whose class body is `body` (indented 4), starting on line 4. */
const strategy = (body: string) => HEADER + "class S(IStrategy):\n" + body.replace(/^(?=.)/gm, "    ");
const parse = (body: string) => parseStrategyParameters(strategy(body));
const only = (body: string) => {
  const r = parse(body);
  expect(r.warnings).toEqual([]);
  expect(r.parameters).toHaveLength(1);
  return r.parameters[0]!;
};
const warningsOf = (body: string) => parse(body).warnings.map((w) => `${w.line}: ${w.message}`);

describe("parseStrategyParameters: the five classes", () => {
  it("IntParameter with positional and keyword bounds", () => {
    expect(only("buy_rsi = IntParameter(10, 40, default=30)")).toEqual({
      name: "buy_rsi", parameterClass: "IntParameter", kind: "int", low: 10, high: 40, default: 30, space: "buy", optimize: true, load: true, line: 4,
    });
    expect(only("buy_rsi = IntParameter(low=10, high=40, default=30, space='buy', optimize=False, load=False)")).toMatchObject({ low: 10, high: 40, optimize: false, load: false });
    expect(only("buy_rsi = IntParameter(high=40, low=10, default=30)")).toMatchObject({ low: 10, high: 40 });
  });

  it("numeric ranges given as one [low, high] list or tuple", () => {
    expect(only("buy_n = IntParameter([1, 5], default=3)")).toMatchObject({ low: 1, high: 5, default: 3 });
    expect(only("buy_x = DecimalParameter((0.1, 0.5), default=0.2)")).toMatchObject({ low: 0.1, high: 0.5 });
    expect(only("buy_n = IntParameter([1, 5], None, default=3)")).toMatchObject({ low: 1, high: 5 });
  });

  it("DecimalParameter: decimals default 3, and the default rounded as Freqtrade rounds it", () => {
    expect(only("sell_x = DecimalParameter(0.9, 1.1, default=1.02)")).toMatchObject({ kind: "decimal", decimals: 3, default: 1.02, space: "sell" });
    expect(only("sell_x = DecimalParameter(0, 1, decimals=2, default=0.125)")).toMatchObject({ decimals: 2, default: 0.12 });
    expect(only("sell_x = DecimalParameter(0, 1, default=0.12345)")).toMatchObject({ default: 0.123 });
    expect(only("sell_x = DecimalParameter(0, 1, decimals=0, default=0.5)")).toMatchObject({ decimals: 0, default: 0 });
  });

  it("RealParameter is a decimal with unlimited precision", () => {
    expect(only("buy_x = RealParameter(-0.5, 0.5, default=0.123456)")).toMatchObject({ parameterClass: "RealParameter", kind: "decimal", decimals: null, default: 0.123456, low: -0.5 });
  });

  it("CategoricalParameter: options, default, None when omitted (as Freqtrade 2026.9)", () => {
    expect(only(`buy_trigger = CategoricalParameter(["bb_lower", 'macd', """ema"""], default="macd", space="buy")`)).toMatchObject({
      kind: "categorical", options: ["bb_lower", "macd", "ema"], default: "macd",
    });
    expect(only("buy_trigger = CategoricalParameter(['a', 'b'])")).toMatchObject({ default: null });
    expect(only("buy_n = CategoricalParameter([1, 2.5, True, None], default=2.5)")).toMatchObject({ options: [1, 2.5, true, null], default: 2.5 });
  });

  it("BooleanParameter: default True/False, None when omitted", () => {
    expect(only("sell_flag = BooleanParameter(default=False)")).toMatchObject({ kind: "boolean", default: false, parameterClass: "BooleanParameter" });
    expect(only("sell_flag = BooleanParameter(default=True, space='sell', optimize=False)")).toMatchObject({ default: true, optimize: false });
    expect(only("sell_flag = BooleanParameter()")).toMatchObject({ default: null });
  });

  it("every parameter it returns satisfies the zod schema", () => {
    const r = parse([
      "buy_a = IntParameter(1, 5, default=2)",
      "buy_b = DecimalParameter(0.1, 0.9, default=0.5)",
      "buy_c = RealParameter(0.1, 0.9, default=0.5)",
      "buy_d = CategoricalParameter(['x', 'y'], default='y')",
      "buy_e = BooleanParameter(default=True)",
    ].join("\n"));
    expect(r.parameters.map((p) => p.name)).toEqual(["buy_a", "buy_b", "buy_c", "buy_d", "buy_e"]);
    for (const p of r.parameters) expect(strategyParameterSchema.parse(p)).toEqual(p);
  });
});

describe("parseStrategyParameters: the shapes of real source", () => {
  it("multi-line calls with comments, trailing commas and the declaration's own line", () => {
    const r = parse([
      "timeframe = '5m'",
      "# the entry threshold",
      "buy_rsi = IntParameter(",
      "    10,  # low",
      "    40,  # high",
      "    default=30,",
      "    space='buy',",
      ")",
      "sell_rsi = IntParameter(60, 90, default=70)  # trailing comment",
    ].join("\n"));
    expect(r.warnings).toEqual([]);
    expect(r.parameters.map((p) => [p.name, p.line])).toEqual([["buy_rsi", 6], ["sell_rsi", 12]]);
  });

  it("negative numbers, exponents, underscores, parentheses", () => {
    expect(only("buy_x = DecimalParameter(-0.35, -0.02, default=-0.1)")).toMatchObject({ low: -0.35, high: -0.02, default: -0.1 });
    expect(only("buy_x = RealParameter(1e-4, 2.5E-2, default=+.01)")).toMatchObject({ low: 0.0001, high: 0.025, default: 0.01 });
    expect(only("buy_n = IntParameter(1_000, 10_000, default=(5_000))")).toMatchObject({ low: 1000, high: 10000, default: 5000 });
    expect(only("buy_n = IntParameter(- 5, 5, default=-0)")).toMatchObject({ low: -5, default: -0 });
  });

  it("strings with either quote, escapes, raw and implicit concatenation", () => {
    expect(only(`buy_t = CategoricalParameter(['it\\'s', "say \\"hi\\"", r'\\d', 'a' "b"], default='ab')`)).toMatchObject({ options: ["it's", 'say "hi"', "\\d", "ab"] });
  });

  it("qualified names, import aliases and annotations", () => {
    expect(only("buy_n = freqtrade.strategy.IntParameter(1, 3, default=2)")).toMatchObject({ parameterClass: "IntParameter" });
    expect(only("buy_n: IntParameter = IntParameter(1, 3, default=2)")).toMatchObject({ name: "buy_n" });
    const aliased = "from freqtrade.strategy import IStrategy\nfrom freqtrade.strategy import (\n    IntParameter as IP,\n)\nclass S(IStrategy):\n    buy_n = IP(1, 3, default=2)\n";
    expect(parseStrategyParameters(aliased).parameters[0]).toMatchObject({ name: "buy_n", parameterClass: "IntParameter", line: 6 });
  });

  it("one call assigned to several names declares each of them", () => {
    expect(parse("buy_a = buy_b = IntParameter(1, 3, default=2)").parameters.map((p) => p.name)).toEqual(["buy_a", "buy_b"]);
  });

  it("space: explicit, from the buy_/sell_/enter_/exit_/protection_ prefix, custom", () => {
    const r = parse([
      "buy_a = IntParameter(1, 3, default=2)",
      "sell_a = IntParameter(1, 3, default=2)",
      "enter_a = IntParameter(1, 3, default=2)",
      "exit_a = IntParameter(1, 3, default=2)",
      "protection_a = IntParameter(1, 3, default=2)",
      "cooldown = IntParameter(1, 3, default=2, space='protection')",
      "buy_b = IntParameter(1, 3, default=2, space='sell')",
      "atr_len = IntParameter(1, 3, default=2, space='indicators')",
      "buy_c = IntParameter(1, 3, default=2, space='')",
    ].join("\n"));
    expect(r.warnings).toEqual([]);
    expect(Object.fromEntries(r.parameters.map((p) => [p.name, p.space]))).toEqual({
      buy_a: "buy", sell_a: "sell", enter_a: "enter", exit_a: "exit", protection_a: "protection",
      cooldown: "protection", buy_b: "sell", atr_len: "indicators", buy_c: "buy",
    });
  });

  it("ignores methods, docstrings and other classes", () => {
    const source = [
      HEADER + "class Helper:",
      "    buy_x = IntParameter(1, 3, default=2)",
      "",
      "class S(IStrategy):",
      '    """Uses buy_rsi = IntParameter(1, 2, default=1) in a docstring."""',
      "    buy_rsi = IntParameter(1, 50, default=30)",
      "",
      "    @property",
      "    def protections(self):",
      "        p = IntParameter(1, 2, default=1)",
      "        return []",
      "",
      "    def populate_indicators(self, dataframe, metadata):",
      "        return dataframe",
      "    sell_rsi = IntParameter(50, 90, default=70)",
      "",
      "class Other(S):",
      "    buy_other = IntParameter(1, 3, default=2)",
    ].join("\n");
    const r = parseStrategyParameters(source);
    expect(r).toMatchObject({ className: "S", warnings: [] });
    expect(r.parameters.map((p) => p.name)).toEqual(["buy_rsi", "sell_rsi"]);
  });

  it("reads base classes defined in the same file; the subclass's declarations win", () => {
    const source = [
      "from freqtrade.strategy import IStrategy, IntParameter",
      "class Base:",
      "    buy_a = IntParameter(1, 3, default=2)",
      "    buy_b = IntParameter(1, 3, default=2)",
      "    buy_c = IntParameter(1, 3, default=2)",
      "class S(IStrategy):",
      "    pass",
    ].join("\n");
    // detectStrategyClass only accepts `class X(IStrategy)`, so a mixin base is how this appears
    const mixin = source.replace("class S(IStrategy):\n    pass", "class Mixin(Base):\n    buy_b = IntParameter(5, 9, default=7)\n    buy_c = 4\nclass S(IStrategy):\n    pass");
    expect(parseStrategyParameters(mixin).parameters).toEqual([]);
    const inherited = source.replace("class S(IStrategy):", "class S(IStrategy):\n    buy_b = IntParameter(5, 9, default=7)\n    buy_c = 4");
    expect(parseStrategyParameters(inherited).parameters).toEqual([expect.objectContaining({ name: "buy_b", low: 5 })]);
  });

  it("applies <space>_params dicts over the defaults of parameters that load", () => {
    const r = parse([
      "buy_params = {'buy_rsi': 25, \"buy_gap\": 1.0456}",
      "sell_params = {'sell_rsi': 80}",
      "buy_rsi = IntParameter(10, 40, default=30)",
      "buy_gap = DecimalParameter(0.9, 1.1, default=1.0)",
      "sell_rsi = IntParameter(60, 90, default=70, load=False)",
      "buy_other = IntParameter(1, 3, default=2)",
    ].join("\n"));
    expect(r.warnings).toEqual([]);
    expect(r.parameters.map((p) => [p.name, p.default, p.overriddenBy])).toEqual([
      ["buy_rsi", 25, "buy_params"],
      ["buy_gap", 1.046, "buy_params"],
      ["sell_rsi", 70, undefined],
      ["buy_other", 2, undefined],
    ]);
  });

  it("CRLF line endings, tabs and backslash continuations", () => {
    const source = HEADER.replace(/\n/g, "\r\n") + "class S(IStrategy):\r\n\tbuy_n = \\\r\n\t\tIntParameter(1, 3,\r\n\t\t\tdefault=2)\r\n\tsell_n = IntParameter(1, 3, default=2)\r\n";
    expect(parseStrategyParameters(source).parameters.map((p) => [p.name, p.line])).toEqual([["buy_n", 4], ["sell_n", 7]]);
  });

  it("no strategy class: no parameters", () => {
    expect(parseStrategyParameters("x = IntParameter(1, 3, default=2)\n")).toEqual({ className: null, parameters: [], warnings: [] });
  });

  it("reads the example strategies without warnings", () => {
    const dir = path.resolve(import.meta.dirname, "../../../examples/strategies");
    const sample = parseStrategyParameters(readFileSync(path.join(dir, "SampleStrategy.py"), "utf8"));
    expect(sample.warnings).toEqual([]);
    expect(sample.parameters.map((p) => [p.name, p.kind, p.space, p.default])).toEqual([
      ["buy_rsi", "int", "buy", 30],
      ["sell_rsi", "int", "sell", 70],
      ["buy_ema_gap", "decimal", "buy", 1.02],
    ]);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".py"))) {
      expect(parseStrategyParameters(readFileSync(path.join(dir, file), "utf8")).warnings, file).toEqual([]);
    }
  });
});

describe("parseStrategyParameters: what it cannot read is a warning naming the line, never a guess", () => {
  it.each([
    ["buy_n = IntParameter(1, 10, default=DEFAULT_N)", /buy_n: default `DEFAULT_N` is not a literal value; parameter skipped/],
    ["buy_n = IntParameter(1, 5 * 2, default=3)", /buy_n: high `5 \* 2` is not a literal value/],
    ["buy_n = IntParameter(1, 10, 5)", /buy_n: IntParameter takes at most 2 positional arguments; default and the rest must be given by keyword/],
    ["buy_n = IntParameter(*RANGE, default=3)", /argument unpacking `\*RANGE` cannot be read/],
    ["buy_n = IntParameter(1, 10)", /buy_n: default is required/],
    ["buy_n = IntParameter(1, 10, default=2.5)", /IntParameter default must be a whole number, got 2.5/],
    ["buy_n = IntParameter([1, 2, 3], default=2)", /the range must be \[low, high\]/],
    ["buy_n = IntParameter([1, 5], 9, default=2)", /either \[low, high\] or low and high/],
    ["buy_n = IntParameter(1, 10, default=3, space=SPACE)", /space `SPACE` is not a literal value/],
    ["rsi_n = IntParameter(1, 10, default=3)", /rsi_n: no space: give space="buy"/],
    ["buy_n = IntParameter(1, 10, default=3, space='all')", /"all" is not a valid space/],
    ["buy_n = IntParameter(1, 10, default=3, optimize=OPT)", /optimize `OPT` is not a literal/],
    ["buy_n = IntParameter(1, 10, default=3, name='x')", /`name=` is not allowed/],
    ["buy_c = CategoricalParameter(['a'], default='a')", /at least two categories/],
    ["buy_c = CategoricalParameter(CHOICES, default='a')", /categories `CHOICES` is not a literal value/],
    ["buy_c = CategoricalParameter([['a'], ['b']])", /categories must be plain values/],
    ["buy_c = CategoricalParameter([f'a{x}', 'b'])", /categories `\[f'a\{x\}', 'b'\]` is not a literal value/],
    ["buy_f = BooleanParameter(True)", /BooleanParameter takes no positional arguments/],
    ["buy_x = DecimalParameter(0, 1, default=0.5, decimals=-1)", /decimals must be a whole number >= 0/],
  ])("%s", (body, message) => {
    const r = parse(body);
    expect(r.parameters).toEqual([]);
    expect(r.warnings).toEqual([{ line: 4, message: expect.stringMatching(message) }]);
  });

  it("declarations it cannot follow", () => {
    expect(warningsOf("if USE_FAST:\n    buy_n = IntParameter(1, 3, default=2)")).toEqual(["5: a parameter declared inside an if/for/try/with block is not read; declare it at class level"]);
    expect(warningsOf("buy_n = IntParameter(1, 3, default=2) if FAST else None")).toEqual([expect.stringMatching(/^4: `buy_n = IntParameter\(1, 3, default=2\) if FAST else None` is not a plain/)]);
    expect(warningsOf("buy_a, buy_b = IntParameter(1, 3, default=2), IntParameter(1, 3, default=2)")).toEqual([expect.stringMatching(/^4: .* is not a plain/)]);
    expect(warningsOf("x = 1\nbuy_params = dict(buy_n=2)")).toEqual([expect.stringMatching(/^5: buy_params is not a literal dict/)]);
    expect(warningsOf("buy_params = {'buy_n': N}\nbuy_n = IntParameter(1, 3, default=2)")).toEqual([expect.stringMatching(/^4: buy_params\["buy_n"\] is not a literal int value; the declared default is shown/)]);
    expect(warningsOf("buy_params = {'buy_n': 2.5}\nbuy_n = IntParameter(1, 3, default=2)")).toEqual([expect.stringMatching(/^4: buy_params\["buy_n"\] is not a literal int value/)]);
  });

  it("values Freqtrade accepts but that are surely mistakes: the parameter is kept, with a warning", () => {
    const r = parse("buy_a = IntParameter(10, 5, default=7)\nbuy_b = IntParameter(1, 5, default=9)\nbuy_c = CategoricalParameter(['x', 'y'], default='z')");
    expect(r.parameters.map((p) => p.name)).toEqual(["buy_a", "buy_b", "buy_c"]);
    expect(r.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      "4: buy_a: low 10 is above high 5",
      "5: buy_b: default 9 is outside 1..5",
      '6: buy_c: default "z" is not one of the categories',
    ]);
  });

  it("one unreadable parameter does not hide the others", () => {
    const r = parse("buy_a = IntParameter(1, 5, default=X)\nbuy_b = IntParameter(1, 5, default=2)");
    expect(r.parameters.map((p) => p.name)).toEqual(["buy_b"]);
    expect(r.warnings).toHaveLength(1);
  });
});

describe("validateParameterValues", () => {
  const params = parse([
    "buy_rsi = IntParameter(10, 40, default=30)",
    "buy_gap = DecimalParameter(0.9, 1.1, decimals=2, default=1.0)",
    "buy_real = RealParameter(0, 1, default=0.5)",
    "buy_trigger = CategoricalParameter(['bb', 'ema', 3], default='bb')",
    "sell_flag = BooleanParameter(default=True)",
  ].join("\n")).parameters as StrategyParameter[];

  it("accepts values that fit", () => {
    expect(validateParameterValues(params, { buy_rsi: 10, buy_gap: 1.05, buy_real: 0.123456789, buy_trigger: 3, sell_flag: false })).toEqual([]);
    expect(validateParameterValues(params, { buy_rsi: 40, buy_gap: 0.9, buy_trigger: "ema" })).toEqual([]);
    expect(validateParameterValues(params, {})).toEqual([]);
  });

  it("explains each value that does not fit", () => {
    expect(validateParameterValues(params, {
      buy_rsi: 41, buy_gap: 1.055, buy_real: "0.5", buy_trigger: "macd", sell_flag: "yes", buy_unknown: 1,
    })).toEqual([
      { name: "buy_rsi", message: "buy_rsi must be between 10 and 40, got 41" },
      { name: "buy_gap", message: "buy_gap takes at most 2 decimals, got 1.055" },
      { name: "buy_real", message: 'buy_real must be a number, got "0.5"' },
      { name: "buy_trigger", message: 'buy_trigger must be one of "bb", "ema", 3, got "macd"' },
      { name: "sell_flag", message: 'sell_flag must be true or false, got "yes"' },
      { name: "buy_unknown", message: "unknown parameter buy_unknown: the strategy declares buy_rsi, buy_gap, buy_real, buy_trigger, sell_flag" },
    ]);
    expect(validateParameterValues(params, { buy_rsi: 12.5 })).toEqual([{ name: "buy_rsi", message: "buy_rsi must be a whole number, got 12.5" }]);
    expect(validateParameterValues(params, { buy_rsi: Number.NaN })).toEqual([{ name: "buy_rsi", message: "buy_rsi must be a number, got NaN" }]);
    expect(validateParameterValues(params, { buy_trigger: "3" })[0]!.message).toMatch(/must be one of/);
    expect(validateParameterValues([], { x: 1 })).toEqual([{ name: "x", message: "unknown parameter x: the strategy declares no parameters" }]);
  });
});

describe("python-source helpers", () => {
  it("pythonRound rounds the exact binary value, ties to even, as Python's round()", () => {
    // expected values printed by CPython 3: round(x, n)
    const cases: [number, number, number][] = [
      [0.125, 2, 0.12], [0.135, 2, 0.14], [2.675, 2, 2.67], [1.0005, 3, 1.0], [-0.125, 2, -0.12],
      [0.5, 0, 0], [1.5, 0, 2], [0.0125, 3, 0.013], [1.02, 3, 1.02], [0.30000000000000004, 3, 0.3],
    ];
    for (const [x, n, want] of cases) expect(pythonRound(x, n), `round(${x}, ${n})`).toBe(want);
  });

  it("logical lines join brackets and continuations, drop comments, keep indentation", () => {
    const lines = logicalLines("a = [1,\n  2]  # c\n\n# only a comment\nif x:\n    y = '''a\nb'''\n    z = 1\n");
    expect(lines.map((l) => [l.line, l.indent, l.tokens.length])).toEqual([[1, 0, 7], [5, 0, 3], [6, 4, 3], [8, 4, 3]]);
  });

  it("readLiteral accepts literals only", () => {
    const lit = (s: string) => readLiteral(logicalLines(s)[0]!.tokens);
    expect(lit("[1, -2.5, 'a', None, True, (3,)]")).toMatchObject({ kind: "sequence", items: [{ value: 1 }, { value: -2.5 }, { value: "a" }, { kind: "none" }, { value: true }, { kind: "sequence" }] });
    expect(lit("{'a': 1, 'b': [2]}")).toMatchObject({ kind: "dict" });
    expect(lit("0x1F")).toMatchObject({ value: 31, isInt: true });
    for (const s of ["x", "1 + 2", "-2 ** 2", "f'{x}'", "b'x'", "{1, 2}", "{**d}", "3j", "[1, x]"]) expect(lit(s), s).toBeNull();
  });
});
