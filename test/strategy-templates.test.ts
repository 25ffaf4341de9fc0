import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseStrategyParameters } from "@tradelab/contracts";
import { getTemplate, listTemplates, templatesDir } from "../apps/web/src/server/strategy/templates.js";

const root = path.resolve(import.meta.dirname, "..");

describe("strategy templates", () => {
  it("lists the four templates with their file and class names", () => {
    expect(listTemplates().map((t) => [t.id, t.fileName, t.className])).toEqual([
      ["blank", "BlankStrategy.py", "BlankStrategy"],
      ["rsi-mean-reversion", "RsiMeanReversion.py", "RsiMeanReversion"],
      ["ema-cross", "EmaCross.py", "EmaCross"],
      ["bollinger-breakout", "BollingerBreakout.py", "BollingerBreakout"],
    ]);
    for (const t of listTemplates()) {
      expect(t.title.length).toBeGreaterThan(2);
      expect(t.description.length).toBeGreaterThan(20);
    }
  });

  it("finds the folder from the repository root and from apps/web (the web server's working directory)", () => {
    const dir = path.join(root, "examples/strategies/templates");
    expect(templatesDir(root)).toBe(dir);
    expect(templatesDir(path.join(root, "apps/web"))).toBe(dir);
    expect(listTemplates({ from: path.join(root, "apps/web") })).toEqual(listTemplates());
    expect(() => templatesDir("/")).toThrow(/cannot find examples\/strategies\/templates/);
  });

  it("returns a template's source, and null for an unknown id", () => {
    expect(getTemplate("ema-cross")!.source).toMatch(/^class EmaCross\(IStrategy\):$/m);
    expect(getTemplate("nope")).toBeNull();
  });

  it("each template is idiomatic: interface 3, 5m or 1h, ROI, stop-loss, startup candles, plot_config, volume guard, allowed imports", () => {
    for (const { id } of listTemplates()) {
      const { source } = getTemplate(id)!;
      expect(source, id).toMatch(/^    INTERFACE_VERSION = 3$/m);
      expect(source, id).toMatch(/^    timeframe = "(5m|1h)"$/m);
      expect(source, id).toMatch(/^    minimal_roi = \{/m);
      expect(source, id).toMatch(/^    stoploss = -0\.\d+$/m);
      expect(source, id).toMatch(/^    startup_candle_count = \d+/m);
      expect(source, id).toMatch(/^    plot_config = \{$/m);
      const imports = source.match(/^(?:from \S+ import .+|import .+)$/gm)!;
      for (const line of imports) {
        expect(line, id).toMatch(/^(from pandas import DataFrame|import talib\.abstract as ta|from technical import qtpylib|from functools import reduce|from freqtrade\.strategy import [\w, ]+)$/);
      }
      if (id !== "blank") expect(source, id).toMatch(/dataframe\["volume"\] > 0/);
    }
  });

  it("parseStrategyParameters reads every template's parameters without warnings, and each is used in a condition", () => {
    const expected: Record<string, string[]> = {
      blank: [],
      "rsi-mean-reversion": ["buy_rsi", "buy_trend_filter", "sell_rsi"],
      "ema-cross": ["buy_fast", "buy_slow"],
      "bollinger-breakout": ["buy_volume_factor", "sell_band_offset"],
    };
    for (const { id } of listTemplates()) {
      const { source } = getTemplate(id)!;
      const parsed = parseStrategyParameters(source);
      expect(parsed.warnings, id).toEqual([]);
      expect(parsed.parameters.map((p) => p.name), id).toEqual(expected[id]);
      for (const p of parsed.parameters) expect(source, `${id} ${p.name}`).toContain(`self.${p.name}.value`);
    }
  });
});
