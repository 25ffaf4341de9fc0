import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { indicatorsArtifactSchema } from "@tradelab/contracts";
import { parseIndicatorsArtifact } from "../src/results/indicators-artifact.js";

const exec = promisify(execFile);

interface Case {
  case: string;
  artifact?: unknown;
  log: string[];
}

/** tradelab_sandbox.indicators run by Python in the sandbox image on hand-made dataframes. */
describe("chart indicators capture in the sandbox image", () => {
  const cases = new Map<string, Case>();
  beforeAll(async () => {
    const dir = path.resolve(import.meta.dirname, "sandbox");
    const { stdout } = await exec("docker", [
      "run", "--rm", "--network", "none", "--user", "1000:1000", "-v", `${dir}:/t:ro`,
      "--entrypoint", "python", inject("sandboxImage"), "/t/check_indicators.py",
    ], { maxBuffer: 16 << 20 });
    for (const line of stdout.trim().split("\n")) {
      const c = JSON.parse(line) as Case;
      cases.set(c.case, c);
    }
  });
  const artifact = (name: string) => {
    const a = cases.get(name)!.artifact;
    // Whatever the sandbox writes must pass both the contract and the runner's own check.
    expect(indicatorsArtifactSchema.safeParse(a).success).toBe(true);
    return parseIndicatorsArtifact(JSON.stringify(a));
  };

  it("captures plot_config columns (main plot, sub-plots, fill_to) with nulls for NaN/inf and numbers for flags and numeric strings", () => {
    const a = artifact("attribute");
    expect(a.plotConfig).toEqual({
      main_plot: { ema: { color: "red", width: 2 }, nope: {} },
      subplots: { Sub: { flag: { type: "bar" }, tag: {}, big: { fill_to: "close" } } },
    });
    const btc = a.pairs["BTC/USDT"]!;
    expect(btc.t).toEqual([0, 1, 2, 3, 4].map((i) => Date.UTC(2024, 0, 1) + i * 300_000));
    expect(btc.columns).toEqual({
      ema: [null, 1.1234568, 2.5, null, null],
      flag: [1, 0, 1, 0, 1],
      tag: [1.5, null, null, 2, 3],
      big: [123456789, 1, 2, 3, 4],
      close: [100, 101, 102, 103, 104],
    });
    expect(Object.keys(a.pairs["ETH/USDT"]!.columns)).toEqual(["ema", "flag", "tag", "close"]);
    expect(cases.get("attribute")!.log).toEqual([
      "WARNING plot_config: subplot 'Bad' is not a dict of columns; skipped",
      "WARNING plot_config: no column 'nope'; skipped on the chart",
      "WARNING plot_config: no column 'big' for ETH/USDT; skipped on the chart",
      expect.stringMatching(/^INFO chart indicators written: \d+ bytes/),
    ]);
  });

  it("reads plot_config from a property and from a method", () => {
    expect(artifact("property").pairs["BTC/USDT"]!.columns).toEqual({ close: [100, 101, 102, 103, 104] });
    expect(artifact("method").plotConfig).toEqual({ main_plot: {}, subplots: { S: { ema: {} } } });
  });

  it("writes the empty artifact without plot_config, and with a warning when plot_config is broken", () => {
    const empty = { plotConfig: { main_plot: {}, subplots: {} }, pairs: {} };
    expect(artifact("no-plot-config")).toEqual(empty);
    expect(artifact("broken")).toEqual(empty);
    expect(cases.get("broken")!.log).toEqual(["WARNING chart indicators not captured: RuntimeError: boom"]);
    expect(artifact("not-a-dict")).toEqual(empty);
    expect(cases.get("not-a-dict")!.log[0]).toMatch(/plot_config is a list, not a dict/);
  });

  it("leaves out pairs that would take the file over its size cap, and never raises when it cannot write", () => {
    expect(Object.keys(artifact("size-cap").pairs)).toEqual(["A/USDT"]);
    expect(cases.get("size-cap")!.log).toEqual([expect.stringMatching(/^WARNING chart indicators left out for B\/USDT: over/)]);
    expect(cases.get("unwritable")!.log).toEqual([
      expect.stringMatching(/^WARNING chart indicators not captured: FileNotFoundError/),
      expect.stringMatching(/^WARNING chart indicators: cannot write/),
    ]);
  });
});
