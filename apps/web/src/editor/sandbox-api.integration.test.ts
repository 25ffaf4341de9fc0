import { beforeAll, describe, expect, it } from "vitest";
import { runPythonInSandboxImage } from "../../../../test/sandbox-python";
import { DATA_PROVIDER_MEMBERS, PARAMETER_CLASS_DOCS, QTPYLIB_FUNCTIONS, STRATEGY_ATTRIBUTES, STRATEGY_METHODS } from "./freqtrade-api";
import { TALIB_FUNCTIONS } from "./talib-functions";

/**
 * The editor's tables against the real libraries in the sandbox image: TA-Lib's function list
 * (`talib.get_functions()` and each function's info), and Freqtrade's IStrategy, parameter classes,
 * DataProvider and qtpylib signatures.
 */
const PROBE = `
import inspect, json, warnings
warnings.simplefilter("ignore")
import talib
from talib import abstract
from technical import qtpylib
from freqtrade.strategy import IStrategy, IntParameter, DecimalParameter, RealParameter, CategoricalParameter, BooleanParameter
from freqtrade.data.dataprovider import DataProvider

def names(fn):
    out = []
    for p in inspect.signature(fn).parameters.values():
        if p.name == "self":
            continue
        out.append(("**" if p.kind == p.VAR_KEYWORD else "*" if p.kind == p.VAR_POSITIONAL else "") + p.name)
    return out

def info(name):
    i = abstract.Function(name).info
    inputs = []
    for v in i["input_names"].values():
        inputs += list(v) if isinstance(v, (list, tuple)) else [v]
    return {"group": i["group"], "inputs": inputs, "parameters": [[k, v] for k, v in i["parameters"].items()], "outputs": list(i["output_names"])}

print(json.dumps({
    "talib_version": talib.__version__,
    "functions": talib.get_functions(),
    "info": {n: info(n) for n in talib.get_functions()},
    "methods": {n: names(f) for n, f in vars(IStrategy).items() if callable(f) and not n.startswith("_")},
    # class attributes, and the ones only annotated (timeframe: str, stoploss: float, ...)
    "attributes": sorted({n for n in dir(IStrategy) if not n.startswith("_")} | {n for c in IStrategy.__mro__ for n in getattr(c, "__annotations__", {})}),
    "parameter_classes": {c.__name__: names(c.__init__) for c in (IntParameter, DecimalParameter, RealParameter, CategoricalParameter, BooleanParameter)},
    "qtpylib": {n: names(f) for n, f in inspect.getmembers(qtpylib, inspect.isfunction)},
    "dp": [n for n in dir(DataProvider) if not n.startswith("_")],
}))
`;

interface Probe {
  talib_version: string;
  functions: string[];
  info: Record<string, { group: string; inputs: string[]; parameters: [string, number][]; outputs: string[] }>;
  methods: Record<string, string[]>;
  attributes: string[];
  parameter_classes: Record<string, string[]>;
  qtpylib: Record<string, string[]>;
  dp: string[];
}

/** Parameter names of a Python parameter list as the tables write it ("pair: str, *, side: str = '*', **kwargs"). */
function paramNames(params: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const c of params) {
    if (c === "[" || c === "(") depth++;
    if (c === "]" || c === ")") depth--;
    if (c === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim().split(/[:=]/)[0]!.trim()).filter((p) => p !== "" && p !== "*");
}

describe("the editor's tables match the sandbox image", () => {
  let probe: Probe;
  beforeAll(async () => {
    probe = JSON.parse(await runPythonInSandboxImage(PROBE));
  });

  it("every TA-Lib function in the table exists in the image's TA-Lib, with the same group, inputs, parameters and outputs", () => {
    const real = new Set(probe.functions);
    const missing = TALIB_FUNCTIONS.filter((f) => !real.has(f.name)).map((f) => f.name);
    const covered = TALIB_FUNCTIONS.length - missing.length;
    console.log(`TA-Lib ${probe.talib_version}: the editor's table covers ${covered} of its ${real.size} functions${real.size > covered ? ` (not listed: ${probe.functions.filter((n) => !TALIB_FUNCTIONS.some((f) => f.name === n)).join(", ")})` : ""}`);
    expect(missing).toEqual([]);
    for (const f of TALIB_FUNCTIONS) {
      expect({ group: f.group, inputs: f.inputs, parameters: f.parameters, outputs: f.outputs }, f.name).toEqual(probe.info[f.name]);
    }
    expect(covered).toBe(real.size);
  });

  it("every IStrategy method has Freqtrade's parameter names, every attribute exists", () => {
    for (const m of STRATEGY_METHODS) {
      expect(probe.methods[m.name], m.name).toBeDefined();
      expect(paramNames(m.params), m.name).toEqual(probe.methods[m.name]);
    }
    // unfilledtimeout and max_open_trades are not IStrategy attributes, but strategies may set them:
    // Freqtrade's StrategyResolver copies them into the configuration
    const resolverOnly = ["unfilledtimeout", "max_open_trades"];
    for (const a of STRATEGY_ATTRIBUTES) {
      if (!resolverOnly.includes(a.name)) expect(probe.attributes, a.name).toContain(a.name);
    }
  });

  it("the parameter classes, qtpylib helpers and DataProvider members exist with these parameters", () => {
    for (const c of PARAMETER_CLASS_DOCS) expect(paramNames(c.params), c.name).toEqual(probe.parameter_classes[c.name]!.filter((n) => n !== "**kwargs"));
    for (const f of QTPYLIB_FUNCTIONS) expect(paramNames(f.params), f.name).toEqual(probe.qtpylib[f.name]);
    for (const m of DATA_PROVIDER_MEMBERS) expect(probe.dp, m.name).toContain(m.name);
  });
});
