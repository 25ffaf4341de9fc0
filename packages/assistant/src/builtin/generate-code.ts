import {
  columnName,
  startupCandles,
  strategySpecSchema,
  type Condition,
  type Indicator,
  type Operand,
  type Parameter,
  type Period,
  type StrategySpec,
} from "./spec.js";

/**
 * Spec → a readable Freqtrade strategy in the style of examples/strategies/templates: interface 3,
 * TA-Lib indicators, qtpylib crosses from `technical`, a volume guard, plot_config for the chart.
 * Only past candles are read (no negative shifts), so the code has no lookahead.
 */
export function generateStrategyCode(input: StrategySpec): { className: string; fileName: string; source: string } {
  const spec = strategySpecSchema.parse(input);
  const entry = spec.entry ? conditionLines(spec, spec.entry) : null;
  const exit = spec.exit ? conditionLines(spec, spec.exit) : null;
  const usesCross = [entry, exit].some((c) => c?.some((l) => l.includes("qtpylib.")));
  const paramClasses = [...new Set(spec.parameters.map((p) => (p.type === "int" ? "IntParameter" : "DecimalParameter")))].sort();

  const lines = [
    `# ${spec.className}: written by the built-in strategy assistant.`,
    "from pandas import DataFrame",
    "",
    "import talib.abstract as ta",
    ...(usesCross ? ["from technical import qtpylib"] : []),
    "",
    `from freqtrade.strategy import ${[...paramClasses, "IStrategy"].join(", ")}`,
    "",
    "",
    `class ${spec.className}(IStrategy):`,
    "    INTERFACE_VERSION = 3",
    `    timeframe = "${spec.timeframe}"`,
    "    can_short = False",
    "",
    ...roiLines(spec),
    `    stoploss = ${py(spec.stoploss)}`,
    ...trailingLines(spec),
    "",
    "    process_only_new_candles = True",
    "    use_exit_signal = True",
    `    startup_candle_count = ${startupCandles(spec)}`,
    ...(spec.parameters.length ? ["", ...spec.parameters.map((p) => `    ${p.name} = ${parameterCall(p)}`)] : []),
    "",
    ...plotConfigLines(spec),
    "",
    "    def populate_indicators(self, dataframe: DataFrame, metadata: dict) -> DataFrame:",
    ...spec.indicators.flatMap((ind) => indicatorLines(ind)).map((l) => `        ${l}`),
    "        return dataframe",
    "",
    ...trendMethod("populate_entry_trend", "enter_long", entry),
    "",
    ...trendMethod("populate_exit_trend", "exit_long", exit),
  ];
  return { className: spec.className, fileName: `${spec.className}.py`, source: `${lines.join("\n")}\n` };
}

/** A number as Python writes it (floats keep a decimal point where it matters, e.g. nbdevup=2.0). */
const py = (n: number): string => String(Number(n.toPrecision(12)));
const pyFloat = (n: number): string => (Number.isInteger(n) ? `${n}.0` : py(n));

function roiLines(spec: StrategySpec): string[] {
  if (spec.minimalRoi.length === 0) return ['    minimal_roi = {"0": 100}  # no ROI exit: trades close on the exit signal or the stoploss'];
  const steps = [...spec.minimalRoi].sort((a, b) => a.afterMinutes - b.afterMinutes);
  return [`    minimal_roi = {${steps.map((r) => `"${r.afterMinutes}": ${py(r.profit)}`).join(", ")}}`];
}

function trailingLines(spec: StrategySpec): string[] {
  const t = spec.trailing;
  if (!t) return [];
  return [
    "    trailing_stop = True",
    `    trailing_stop_positive = ${py(t.positive)}`,
    ...(t.offset !== null ? [`    trailing_stop_positive_offset = ${py(t.offset)}`, `    trailing_only_offset_is_reached = ${t.onlyOffsetIsReached ? "True" : "False"}`] : []),
  ];
}

function parameterCall(p: Parameter): string {
  if (p.type === "int") return `IntParameter(${p.low}, ${p.high}, default=${p.default}, space="${p.space}")`;
  const decimals = Math.max(...[p.low, p.high, p.default].map((n) => (py(n).split(".")[1] ?? "").length), 1);
  return `DecimalParameter(${pyFloat(p.low)}, ${pyFloat(p.high)}, decimals=${decimals}, default=${pyFloat(p.default)}, space="${p.space}")`;
}

const periodArg = (p: Period): string => (typeof p === "number" ? String(p) : `self.${p.param}.value`);

/** The one-period indicators computed by a TA-Lib function of that name. */
const TALIB_SINGLE: Partial<Record<Indicator["kind"], string>> = { rsi: "RSI", ema: "EMA", sma: "SMA", atr: "ATR", adx: "ADX" };

/** An indicator whose window is an optimisable parameter: one column per value of its range, as hyperopt needs. */
const optimisedPeriod = (ind: Indicator): string | null =>
  "period" in ind && typeof ind.period !== "number" && ind.kind !== "bbands" ? ind.period.param : null;

function singleCall(ind: Indicator, period: string): string {
  if (ind.kind === "volume_sma") return `dataframe["volume"].rolling(${period}).mean()`;
  return `ta.${TALIB_SINGLE[ind.kind]}(dataframe, timeperiod=${period})`;
}

function indicatorLines(ind: Indicator): string[] {
  const col = (output?: string) => `dataframe["${columnName(ind, output)}"]`;
  switch (ind.kind) {
    case "macd":
      return [
        `macd = ta.MACD(dataframe, fastperiod=${periodArg(ind.fast)}, slowperiod=${periodArg(ind.slow)}, signalperiod=${periodArg(ind.signal)})`,
        `${col("macd")} = macd["macd"]`,
        `${col("signal")} = macd["macdsignal"]`,
        `${col("hist")} = macd["macdhist"]`,
      ];
    case "bbands":
      return [
        `bands = ta.BBANDS(dataframe, timeperiod=${periodArg(ind.period)}, nbdevup=${pyFloat(ind.std)}, nbdevdn=${pyFloat(ind.std)})`,
        `${col("upper")} = bands["upperband"]`,
        `${col("middle")} = bands["middleband"]`,
        `${col("lower")} = bands["lowerband"]`,
      ];
    case "stoch":
      return [
        `stoch = ta.STOCH(dataframe, fastk_period=${periodArg(ind.fastk)}, slowk_period=${periodArg(ind.slowk)}, slowk_matype=0, slowd_period=${periodArg(ind.slowd)}, slowd_matype=0)`,
        `${col("slowk")} = stoch["slowk"]`,
        `${col("slowd")} = stoch["slowd"]`,
      ];
    case "pattern":
      return [`${col()} = ta.${ind.pattern}(dataframe)  # +100 bullish, -100 bearish, 0 none`];
    default: {
      const param = optimisedPeriod(ind);
      if (!param) return [`${col()} = ${singleCall(ind, String(ind.period))}`];
      return [
        `# One column per period in ${param}'s range, so hyperopt can try each (outside hyperopt, .range is the current value).`,
        `for period in self.${param}.range:`,
        `    dataframe[f"${ind.kind}_{period}"] = ${singleCall(ind, "period")}`,
        `${col()} = dataframe[f"${ind.kind}_{self.${param}.value}"]  # the chart's column`,
      ];
    }
  }
}

function operandExpr(spec: StrategySpec, o: Operand): string {
  switch (o.type) {
    case "number": return py(o.value);
    case "param": return `self.${o.name}.value`;
    case "price": return scaled(`dataframe["${o.field}"]`, o.factor);
    case "indicator": {
      const ind = spec.indicators.find((i) => i.id === o.id)!;
      const param = optimisedPeriod(ind);
      const series = param ? `dataframe[f"${ind.kind}_{self.${param}.value}"]` : `dataframe["${columnName(ind, o.output)}"]`;
      return scaled(series, o.factor);
    }
  }
}

const scaled = (series: string, factor: number | undefined) => (factor === undefined || factor === 1 ? series : `(${series} * ${py(factor)})`);
const FLIP = { ">": "<", "<": ">", ">=": "<=", "<=": ">=" } as const;

function leafExpr(spec: StrategySpec, c: Exclude<Condition, { type: "and" | "or" }>): string {
  if (c.type === "pattern") {
    const col = `dataframe["${c.id}"]`;
    return c.direction === "bullish" ? `(${col} > 0)` : c.direction === "bearish" ? `(${col} < 0)` : `(${col} != 0)`;
  }
  // Keep the series on the left: `30 > rsi` reads better as `rsi < 30`.
  const [left, right, op] =
    c.type === "compare" && c.left.type === "number" ? [c.right, c.left, FLIP[c.op]] : [c.left, c.right, c.type === "compare" ? c.op : null];
  if (c.type === "cross") return `qtpylib.crossed_${c.direction}(${operandExpr(spec, left)}, ${operandExpr(spec, right)})`;
  return `(${operandExpr(spec, left)} ${op} ${operandExpr(spec, right)})`;
}

function conditionExpr(spec: StrategySpec, c: Condition): string {
  if (c.type === "and" || c.type === "or") return `(${c.conditions.map((s) => conditionExpr(spec, s)).join(c.type === "and" ? " & " : " | ")})`;
  return leafExpr(spec, c);
}

/** The top-level terms of a condition, one per line, joined by `&`, with the volume guard last. */
function conditionLines(spec: StrategySpec, c: Condition): string[] {
  const terms = c.type === "and" ? c.conditions.map((s) => conditionExpr(spec, s)) : [conditionExpr(spec, c)];
  return [...terms, '(dataframe["volume"] > 0)'].map((t, i) => (i === 0 ? t : `& ${t}`));
}

function trendMethod(name: string, column: string, lines: string[] | null): string[] {
  const head = `    def ${name}(self, dataframe: DataFrame, metadata: dict) -> DataFrame:`;
  if (!lines) return [head, `        # No ${column === "enter_long" ? "entry" : "exit"} condition given.`, "        return dataframe"];
  const body = lines.map((l, i) => `            ${l}${i === lines.length - 1 ? "," : ""}`);
  return [head, "        dataframe.loc[", ...body, `            "${column}",`, "        ] = 1", "        return dataframe"];
}

const OVERLAY_COLORS = ["orange", "#58a6ff", "#d2a8ff", "#3fb950", "#f778ba"];

function plotConfigLines(spec: StrategySpec): string[] {
  const main: string[] = [];
  const subplots = new Map<string, string[]>();
  const sub = (title: string, item: string) => {
    const items = subplots.get(title) ?? [];
    if (!items.includes(item)) subplots.set(title, [...items, item]);
  };
  const entry = (col: string, color: string, type?: string) => `"${col}": {"color": "${color}"${type ? `, "type": "${type}"` : ""}}`;
  for (const ind of spec.indicators) {
    const col = (output?: string) => columnName(ind, output);
    switch (ind.kind) {
      case "ema":
      case "sma":
        main.push(entry(col(), OVERLAY_COLORS[main.length % OVERLAY_COLORS.length]!));
        break;
      case "bbands":
        main.push(entry(col("upper"), "grey"), entry(col("middle"), "orange"), entry(col("lower"), "grey"));
        break;
      case "rsi": sub("RSI", entry(col(), "red")); break;
      case "macd": sub("MACD", entry(col("macd"), "#58a6ff")); sub("MACD", entry(col("signal"), "orange")); sub("MACD", entry(col("hist"), "#8b949e", "bar")); break;
      case "stoch": sub("Stoch", entry(col("slowk"), "#58a6ff")); sub("Stoch", entry(col("slowd"), "orange")); break;
      case "adx": sub("ADX", entry(col(), "#d2a8ff")); break;
      case "atr": sub("ATR", entry(col(), "#3fb950")); break;
      case "volume_sma": sub("Volume", entry("volume", "#8b949e", "bar")); sub("Volume", entry(col(), "orange")); break;
      case "pattern": sub("Patterns", entry(col(), "#f778ba", "bar")); break;
    }
  }
  const block = (items: string[], indent: string) => items.map((i) => `${indent}${i},`);
  return [
    "    plot_config = {",
    `        "main_plot": {${main.length ? "" : "},"}`,
    ...(main.length ? [...block(main, "            "), "        },"] : []),
    `        "subplots": {${subplots.size ? "" : "},"}`,
    ...(subplots.size
      ? [...[...subplots].flatMap(([title, items]) => [`            "${title}": {`, ...block(items, "                "), "            },"]), "        },"]
      : []),
    "    }",
  ];
}
