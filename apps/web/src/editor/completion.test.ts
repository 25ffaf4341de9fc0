import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeDocument, detectCompletionContext, lexicalState } from "./completion-context";
import { completionEntries } from "./completion-items";
import { DATAFRAME_COLUMNS, PARAMETER_CLASS_DOCS, QTPYLIB_FUNCTIONS, SNIPPETS, STRATEGY_ATTRIBUTES, STRATEGY_METHODS } from "./freqtrade-api";
import { hoverAt } from "./hover";
import { TALIB_BY_NAME, TALIB_FUNCTIONS, TALIB_GROUPS } from "./talib-functions";

const sample = readFileSync(path.resolve(import.meta.dirname, "../../../../examples/strategies/SampleStrategy.py"), "utf8");
const sampleDoc = analyzeDocument(sample);
const emptyDoc = analyzeDocument("");

/** Problems in Monaco snippet syntax as these modules use it: `$n`, `${n}`, `${n:text}` without nesting. */
function snippetProblems(body: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") {
      i++;
      continue;
    }
    if (body[i] !== "$") continue;
    const m = /^\$(?:\d+|\{\d+(?::[^{}$]*)?\})/.exec(body.slice(i));
    if (!m) problems.push(`bad "$" at ${i}: ${body.slice(i, i + 20)}`);
    else i += m[0].length - 1;
  }
  return problems;
}

describe("the TA-Lib table", () => {
  it("lists every function of TA-Lib's abstract API once, with group, description, inputs, parameters and outputs", () => {
    expect(TALIB_FUNCTIONS).toHaveLength(201);
    expect(TALIB_BY_NAME.size).toBe(TALIB_FUNCTIONS.length);
    for (const f of TALIB_FUNCTIONS) {
      expect(f.name, f.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(TALIB_GROUPS).toContain(f.group);
      expect(f.description.length, f.name).toBeGreaterThan(3);
      expect(f.inputs.length, f.name).toBeGreaterThan(0);
      for (const i of f.inputs) expect(["open", "high", "low", "close", "volume", "periods"], `${f.name} ${i}`).toContain(i);
      expect(f.outputs.length, f.name).toBeGreaterThan(0);
      for (const [name, value] of f.parameters) {
        expect(name, f.name).toMatch(/^[a-z_][a-z0-9_]*$/);
        expect(Number.isFinite(value), `${f.name}.${name}`).toBe(true);
      }
    }
    // the ones strategies use most, with TA-Lib's defaults
    expect(TALIB_BY_NAME.get("RSI")).toMatchObject({ group: "Momentum Indicators", inputs: ["close"], parameters: [["timeperiod", 14]], outputs: ["real"] });
    expect(TALIB_BY_NAME.get("MACD")).toMatchObject({ parameters: [["fastperiod", 12], ["slowperiod", 26], ["signalperiod", 9]], outputs: ["macd", "macdsignal", "macdhist"] });
    expect(TALIB_BY_NAME.get("BBANDS")).toMatchObject({ parameters: [["timeperiod", 20], ["nbdevup", 2], ["nbdevdn", 2], ["matype", 0]] });
    expect(TALIB_BY_NAME.get("ATR")).toMatchObject({ inputs: ["high", "low", "close"] });
    for (const name of ["EMA", "SMA", "TEMA", "ADX", "CCI", "MFI", "OBV", "SAR", "STOCH", "STOCHRSI", "WILLR", "CDLDOJI", "CDLENGULFING", "HT_SINE"]) expect(TALIB_BY_NAME.has(name), name).toBe(true);
    expect(TALIB_FUNCTIONS.filter((f) => f.group === "Pattern Recognition")).toHaveLength(61);
  });
});

describe("the Freqtrade tables", () => {
  it("covers the IStrategy callbacks and attributes the editor promises", () => {
    const methods = STRATEGY_METHODS.map((m) => m.name);
    for (const name of ["populate_indicators", "populate_entry_trend", "populate_exit_trend", "custom_stoploss", "custom_exit", "confirm_trade_entry", "confirm_trade_exit", "leverage", "informative_pairs", "bot_start", "custom_stake_amount", "adjust_trade_position"]) {
      expect(methods).toContain(name);
    }
    const attributes = STRATEGY_ATTRIBUTES.map((a) => a.name);
    for (const name of ["minimal_roi", "stoploss", "trailing_stop", "trailing_stop_positive", "trailing_stop_positive_offset", "trailing_only_offset_is_reached", "timeframe", "startup_candle_count", "process_only_new_candles", "use_exit_signal", "exit_profit_only", "can_short", "order_types", "plot_config", "INTERFACE_VERSION"]) {
      expect(attributes).toContain(name);
    }
    expect(DATAFRAME_COLUMNS.map((c) => c.name)).toEqual(["date", "open", "high", "low", "close", "volume", "enter_long", "exit_long", "enter_short", "exit_short", "enter_tag", "exit_tag"]);
    for (const name of ["crossed_above", "crossed_below", "bollinger_bands", "typical_price"]) expect(QTPYLIB_FUNCTIONS.map((f) => f.name)).toContain(name);
  });

  it("every snippet is valid Monaco snippet syntax", () => {
    const bodies = [
      ...SNIPPETS.map((s) => [s.label, s.body]),
      ...STRATEGY_METHODS.flatMap((m) => [[m.name, m.body], [m.name, m.call ?? ""]]),
      ...STRATEGY_ATTRIBUTES.map((a) => [a.name, a.value]),
      ...QTPYLIB_FUNCTIONS.map((f) => [f.name, f.call]),
      ...PARAMETER_CLASS_DOCS.map((f) => [f.name, f.call]),
      ...completionEntries({ kind: "talib", prefix: "" }, emptyDoc).map((e) => [e.label, e.insertText]),
    ];
    for (const [label, body] of bodies) expect(snippetProblems(body!), label).toEqual([]);
  });

  it("snippets for parameters and the new-strategy skeleton are there", () => {
    expect(SNIPPETS.map((s) => s.label)).toEqual(expect.arrayContaining(["strategy", "indicators", "entry", "intparameter", "decimalparameter", "plot_config"]));
  });
});

describe("detectCompletionContext", () => {
  it.each([
    ["        dataframe['rsi'] = ta.", { kind: "talib", prefix: "" }],
    ["        dataframe['rsi'] = ta.RS", { kind: "talib", prefix: "RS" }],
    ["        x = talib.abstract.EM", { kind: "talib", prefix: "EM" }],
    ["        bb = qtpylib.boll", { kind: "qtpylib", prefix: "boll" }],
    ["        dataframe['", { kind: "column", prefix: "" }],
    ['        x = dataframe["clo', { kind: "column", prefix: "clo" }],
    ["        (df['close'] > df['", { kind: "column", prefix: "" }],
    ['        dataframe.loc[cond, ["enter_long", "en', { kind: "column", prefix: "en" }],
    ['            ["enter_long", "enter_', { kind: "column", prefix: "enter_" }],
    ["        pair = metadata['", { kind: "metadata", prefix: "" }],
    ["        if self.", { kind: "self", prefix: "" }],
    ["        (dataframe['rsi'] < self.buy_r", { kind: "self", prefix: "buy_r" }],
    ["        df = self.dp.", { kind: "member", owner: "dp", prefix: "" }],
    ["        v = self.buy_rsi.va", { kind: "member", owner: "buy_rsi", prefix: "va" }],
    ["    def ", { kind: "def", indent: 4, prefix: "" }],
    ["    def custom_st", { kind: "def", indent: 4, prefix: "custom_st" }],
    ["    stop", { kind: "statement", indent: 4, prefix: "stop" }],
    ["\tstop", { kind: "statement", indent: 4, prefix: "stop" }],
    ["", { kind: "statement", indent: 0, prefix: "" }],
    ["        ", { kind: "statement", indent: 8, prefix: "" }],
    ["    buy_rsi = Int", { kind: "expression", prefix: "Int" }],
    ["        x = (dataframe", { kind: "expression", prefix: "dataframe" }],
    ["        x = 1  # ta.", { kind: "none" }],
    ["        print('ta.", { kind: "none" }],
    ["        x = some.thing.ta.", { kind: "none" }],
    ['        s = """docs ta.', { kind: "none" }],
  ])("%j", (prefix, expected) => {
    expect(detectCompletionContext(prefix)).toEqual(expected);
  });

  it("lexicalState tells code, strings and comments apart", () => {
    expect(lexicalState("x = 'a' + \"b\" ")).toBe("code");
    expect(lexicalState("x = 'it\\'s")).toBe("string");
    expect(lexicalState("x = '#' + y")).toBe("code");
    expect(lexicalState("x = y  # 'quoted'")).toBe("comment");
    expect(lexicalState("x = '''a'''")).toBe("code");
  });
});

describe("analyzeDocument", () => {
  it("collects the columns a strategy assigns, its parameters and its class indentation", () => {
    expect(sampleDoc.columns).toEqual(["rsi", "macd", "macdsignal", "macdhist", "bb_lowerband", "bb_middleband", "bb_upperband", "ema50", "tema", "enter_long", "enter_tag", "exit_long", "exit_tag"]);
    expect(sampleDoc.parameters.map((p) => p.name)).toEqual(["buy_rsi", "sell_rsi", "buy_ema_gap"]);
    expect(sampleDoc.parameters[0]!.detail).toBe("IntParameter 10..40, default 30");
    expect(sampleDoc.classIndent).toBe(4);
    expect(analyzeDocument("class A(IStrategy):\n\n  # two spaces\n  x = 1\n").classIndent).toBe(2);
    expect(emptyDoc).toEqual({ columns: [], parameters: [], classIndent: null });
  });
});

describe("completionEntries", () => {
  const labels = (prefix: string, doc = sampleDoc) => completionEntries(detectCompletionContext(prefix), doc).map((e) => e.label);

  it("after ta.: every TA-Lib function as a call snippet with its parameters", () => {
    const entries = completionEntries({ kind: "talib", prefix: "" }, emptyDoc);
    expect(entries).toHaveLength(201);
    const rsi = entries.find((e) => e.label === "RSI")!;
    expect(rsi).toMatchObject({ kind: "function", snippet: true, insertText: "RSI(dataframe, timeperiod=${1:14})", detail: "Relative Strength Index · Momentum Indicators" });
    expect(rsi.documentation).toContain("ta.RSI(dataframe, timeperiod=14)");
    expect(entries.find((e) => e.label === "BBANDS")!.insertText).toBe("BBANDS(dataframe, timeperiod=${1:20}, nbdevup=${2:2}, nbdevdn=${3:2})");
    expect(entries.find((e) => e.label === "CDLDOJI")!.insertText).toBe("CDLDOJI(dataframe)");
  });

  it("inside dataframe['…: the strategy's own columns, then the standard ones", () => {
    const columns = labels("        dataframe['");
    expect(columns.slice(0, 3)).toEqual(["rsi", "macd", "macdsignal"]);
    expect(columns).toEqual(expect.arrayContaining(["open", "high", "low", "close", "volume", "date", "enter_long", "exit_long", "enter_short", "exit_short", "enter_tag", "exit_tag"]));
    expect(new Set(columns).size).toBe(columns.length);
  });

  it("after self.: the strategy's parameters (as .value), attributes, callbacks and helpers", () => {
    const entries = completionEntries(detectCompletionContext("        x = self."), sampleDoc);
    expect(entries.find((e) => e.label === "buy_rsi")).toMatchObject({ insertText: "buy_rsi.value", detail: "IntParameter 10..40, default 30" });
    expect(entries.map((e) => e.label)).toEqual(expect.arrayContaining(["stoploss", "timeframe", "dp", "wallets", "config", "populate_indicators", "lock_pair"]));
    expect(entries.find((e) => e.label === "lock_pair")).toMatchObject({ snippet: true, insertText: 'lock_pair(${1:pair}, ${2:until}, reason="${3:cooldown}")' });
  });

  it("after self.dp. and self.<parameter>.: their members", () => {
    expect(labels("        df = self.dp.")).toEqual(expect.arrayContaining(["get_pair_dataframe", "get_analyzed_dataframe", "current_whitelist"]));
    expect(labels("        v = self.buy_rsi.")).toEqual(["value", "range"]);
    expect(labels("        v = self.timeframe.")).toEqual([]);
  });

  it("at class level: attribute assignments, callback definitions and parameter snippets", () => {
    const entries = completionEntries(detectCompletionContext("    "), sampleDoc);
    expect(entries.find((e) => e.label === "stoploss")).toMatchObject({ insertText: "stoploss = ${1:-0.10}", snippet: true });
    const def = entries.find((e) => e.label === "custom_stoploss")!;
    expect(def.insertText.split("\n")[0]).toBe("def custom_stoploss(self, pair: str, trade: Trade, current_time: datetime, current_rate: float, current_profit: float, after_fill: bool, **kwargs) -> float | None:");
    expect(entries.map((e) => e.label)).toEqual(expect.arrayContaining(["intparameter", "decimalparameter", "plot_config", "populate_indicators", "minimal_roi"]));
    expect(entries.map((e) => e.label)).not.toContain("lock_pair");
  });

  it("after def: callback signatures without the def", () => {
    const entries = completionEntries(detectCompletionContext("    def "), sampleDoc);
    expect(entries.find((e) => e.label === "populate_indicators")!.insertText).toMatch(/^populate_indicators\(self, dataframe: DataFrame, metadata: dict\) -> DataFrame:\n\t/);
    expect(completionEntries(detectCompletionContext("def "), sampleDoc)).toEqual([]);
  });

  it("at the top of the file: the new-strategy and import snippets; in a method: indicator and condition snippets", () => {
    expect(labels("")).toEqual(["strategy", "imports"]);
    expect(labels("        ")).toEqual(expect.arrayContaining(["indicators", "entry", "exit", "ta", "qtpylib", "dataframe"]));
    expect(labels("    buy_rsi = Int")).toEqual(expect.arrayContaining(["IntParameter", "DecimalParameter", "CategoricalParameter", "BooleanParameter"]));
  });

  it("nothing in comments and strings", () => {
    expect(labels("        # self.")).toEqual([]);
    expect(labels("        log('self.")).toEqual([]);
  });
});

describe("hoverAt", () => {
  const hover = (line: string, marker: string, doc = sampleDoc) => hoverAt(line, line.indexOf(marker) + 2, doc);

  it("documents TA-Lib and qtpylib calls", () => {
    const h = hover("        dataframe['rsi'] = ta.RSI(dataframe, timeperiod=14)", "RSI")!;
    expect(h.markdown).toContain("**RSI** — Relative Strength Index");
    expect(h.markdown).toContain("Reads `close`; returns a Series.");
    expect(line(h, "        dataframe['rsi'] = ta.RSI(dataframe, timeperiod=14)")).toBe("RSI");
    expect(hover("        m = ta.MACD(dataframe)", "MACD")!.markdown).toContain("a DataFrame with columns `macd`, `macdsignal`, `macdhist`");
    expect(hover("        bb = qtpylib.bollinger_bands(x)", "bollinger")!.markdown).toContain("qtpylib.bollinger_bands(series, window=20, stds=2) -> DataFrame[upper, mid, lower]");
    expect(hover("        x = ta.NOPE(dataframe)", "NOPE")).toBeNull();
  });

  it("documents callbacks, attributes, parameters, columns and parameter classes", () => {
    expect(hover("    def custom_stoploss(self, pair: str, trade: Trade,", "custom_stoploss")!.markdown).toContain("def custom_stoploss(self, pair: str");
    expect(hover("    stoploss = -0.10", "stoploss")!.markdown).toContain("stoploss: float");
    expect(hover("    minimal_roi = {", "minimal_roi")!.markdown).toContain("Minutes since entry");
    expect(hover("        if self.dp.runmode.value == 'backtest':", "dp")!.markdown).toContain("The data provider");
    expect(hover("        x = self.buy_rsi.value", "buy_rsi")!.markdown).toContain("IntParameter 10..40, default 30");
    expect(hover("        x = dataframe['volume'] > 0", "volume")!.markdown).toContain("**volume**");
    expect(hover("        x = dataframe['tema']", "tema")!.markdown).toContain("a column this strategy computes");
    expect(hover("    buy_rsi = IntParameter(low=10, high=40, default=30)", "IntParameter")!.markdown).toContain("A whole-number parameter");
  });

  it("stays quiet elsewhere", () => {
    expect(hover("        rsi = 3", "rsi")).toBeNull();
    expect(hover("        x = dataframe", "dataframe")).toBeNull();
    expect(hoverAt("   ", 2, sampleDoc)).toBeNull();
  });
});

function line(h: { startColumn: number; endColumn: number }, text: string) {
  return text.slice(h.startColumn - 1, h.endColumn - 1);
}
