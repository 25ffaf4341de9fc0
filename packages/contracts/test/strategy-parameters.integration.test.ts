import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runPythonInSandboxImage } from "../../../test/sandbox-python.js";
import { parseStrategyParameters, type StrategyParameter } from "../src/index.js";

/**
 * parseStrategyParameters against Freqtrade itself: the sandbox image imports each strategy, runs
 * Freqtrade's detect_all_parameters() and applies the class's <space>_params as
 * ft_load_hyper_params() does; both must describe the same parameters.
 */
const PROBE = `
import importlib.util, json, sys, warnings
warnings.simplefilter("ignore")
import logging
logging.disable(logging.CRITICAL)
from freqtrade.strategy.hyper import HyperStrategyMixin, detect_all_parameters
from freqtrade.strategy.parameters import BooleanParameter, CategoricalParameter, DecimalParameter, NumericParameter

out = {}
for file, class_name in json.loads(sys.argv[1]):
    spec = importlib.util.spec_from_file_location(class_name, file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    cls = getattr(module, class_name)
    params = detect_all_parameters(cls)
    found = {}
    for space, by_name in params.items():
        HyperStrategyMixin._ft_set_param(None, by_name, getattr(cls, f"{space}_params", {}), space, False)
        for name, p in by_name.items():
            d = {"parameterClass": type(p).__name__, "space": p.space, "optimize": p.optimize, "load": p.load, "default": p.value}
            if isinstance(p, NumericParameter):
                d.update(low=p.low, high=p.high)
            if isinstance(p, DecimalParameter):
                d["decimals"] = p.decimals
            if isinstance(p, CategoricalParameter) and not isinstance(p, BooleanParameter):
                d["options"] = list(p.opt_range)
            found[name] = d
    out[class_name] = found
print(json.dumps(out))
`;

const repo = path.resolve(import.meta.dirname, "../../..");
const files = [
  path.join(import.meta.dirname, "fixtures/ParameterFixture.py"),
  path.join(repo, "examples/strategies/SampleStrategy.py"),
  ...["BlankStrategy", "RsiMeanReversion", "EmaCross", "BollingerBreakout"].map((n) => path.join(repo, "examples/strategies/templates", `${n}.py`)),
];

/** The fields Freqtrade can tell us, in the probe's shape. */
function comparable(p: StrategyParameter) {
  const d: Record<string, unknown> = { parameterClass: p.parameterClass, space: p.space, optimize: p.optimize, load: p.load, default: p.default };
  if (p.kind === "int" || p.kind === "decimal") Object.assign(d, { low: p.low, high: p.high });
  if (p.parameterClass === "DecimalParameter" && p.kind === "decimal") d.decimals = p.decimals;
  if (p.kind === "categorical") d.options = p.options;
  return d;
}

describe("parseStrategyParameters agrees with Freqtrade", () => {
  it("on the fixture, the sample strategy and the templates", async () => {
    const sources = files.map((f) => ({ name: path.basename(f), source: readFileSync(f, "utf8") }));
    const parsed = sources.map((s) => ({ ...s, result: parseStrategyParameters(s.source) }));
    const args = JSON.stringify(parsed.map((p) => [`/work/${p.name}`, p.result.className]));
    const stdout = await runPythonInSandboxImage(`import sys; sys.argv = ["probe", ${JSON.stringify(args)}]\n${PROBE}`, {
      files: Object.fromEntries(sources.map((s) => [s.name, s.source])),
    });
    const freqtrade = JSON.parse(stdout) as Record<string, Record<string, unknown>>;
    for (const { name, result } of parsed) {
      expect(result.warnings, name).toEqual([]);
      const ours = Object.fromEntries(result.parameters.map((p) => [p.name, comparable(p)]));
      expect(ours, name).toEqual(freqtrade[result.className!]);
    }
    // the fixture exercises every shape, including <space>_params, rounding and load=False
    expect(Object.keys(freqtrade.ParameterFixture!).length).toBe(14);
    expect(freqtrade.ParameterFixture!.buy_gap).toMatchObject({ default: 0.99 });
    expect(freqtrade.ParameterFixture!.buy_not_loaded).toMatchObject({ default: 5 });
  });
});
