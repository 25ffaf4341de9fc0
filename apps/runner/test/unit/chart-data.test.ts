import { describe, expect, it } from "vitest";
import { indicatorsArtifactSchema, pairChartSchema, type IndicatorsArtifact } from "@tradelab/contracts";
import { checkIndicatorsArtifact, parseIndicatorsArtifact } from "../../src/results/indicators-artifact.js";
import { alignIndicators } from "../../src/backtest/chart-data.js";

const T0 = Date.UTC(2024, 0, 1);
const axis = (n: number, from = 0) => Array.from({ length: n }, (_, i) => T0 + (from + i) * 300_000);
const artifact = (pairs: IndicatorsArtifact["pairs"]) => JSON.stringify({ plotConfig: { main_plot: { ema: {} }, subplots: {} }, pairs });

describe("parseIndicatorsArtifact", () => {
  it("accepts the sandbox's artifact and fills plot_config defaults", () => {
    const text = JSON.stringify({ plotConfig: { main_plot: { ema: { color: "red", plotly: { opacity: 0.5 } } } }, pairs: { "BTC/USDT": { t: axis(3), columns: { ema: [null, 1.5, 2] } } } });
    expect(parseIndicatorsArtifact(text)).toEqual({
      plotConfig: { main_plot: { ema: { color: "red", plotly: { opacity: 0.5 } } }, subplots: {} },
      pairs: { "BTC/USDT": { t: axis(3), columns: { ema: [null, 1.5, 2] } } },
    });
  });

  it.each([
    ["not an object", "[]", /not a JSON object/],
    ["a bad style", JSON.stringify({ plotConfig: { main_plot: { ema: { color: 3 } } }, pairs: {} }), /plotConfig: main_plot\.ema\.color/],
    ["no t", artifact({ "BTC/USDT": { columns: {} } as never }), /BTC\/USDT: needs t and columns/],
    ["times out of order", artifact({ "BTC/USDT": { t: [T0, T0], columns: {} } }), /t\[1\] is not an ascending time/],
    ["a short column", artifact({ "BTC/USDT": { t: axis(3), columns: { ema: [1, 2] } } }), /column ema must have 3 values/],
    ["a string value", artifact({ "BTC/USDT": { t: axis(2), columns: { ema: [1, "2" as never] } } }), /column ema\[1\] is not a number or null/],
  ])("refuses %s", (_name, text, message) => {
    expect(() => parseIndicatorsArtifact(text)).toThrow(message);
  });

  it("checks a year of 5m candles with 8 columns faster than the zod schema", () => {
    const t = axis(105_120);
    const columns = Object.fromEntries(Array.from({ length: 8 }, (_, c) => [`c${c}`, t.map((_, i) => (i < 50 ? null : 42_000 + c + (i % 977) / 7))]));
    const text = artifact({ "BTC/USDT": { t, columns } });
    const best = (f: () => unknown) => {
      let ms = Infinity;
      for (let k = 0; k < 3; k++) {
        const started = performance.now();
        f();
        ms = Math.min(ms, performance.now() - started);
      }
      return ms;
    };
    const parsed = JSON.parse(text);
    const zodMs = best(() => indicatorsArtifactSchema.parse(parsed));
    const oursMs = best(() => checkIndicatorsArtifact(parsed));
    const jsonMs = best(() => JSON.parse(text));
    console.log(`indicators check of ${(text.length / 2 ** 20).toFixed(1)} MiB after JSON.parse (${jsonMs.toFixed(0)} ms): ours ${oursMs.toFixed(0)} ms, zod ${zodMs.toFixed(0)} ms`);
    expect(oursMs).toBeLessThan(zodMs);
  });
});

describe("alignIndicators", () => {
  const t = axis(6);

  it("reuses the columns when the strategy's rows are the candles", () => {
    const ema = [null, 1, 2, 3, 4, 5];
    const out = alignIndicators(t, { t: axis(6), columns: { ema } });
    expect(out.ema).toBe(ema);
  });

  it("pads with nulls where the strategy has no rows (late start, early end)", () => {
    expect(alignIndicators(t, { t: axis(3, 2), columns: { ema: [7, 8, 9] } })).toEqual({ ema: [null, null, 7, 8, 9, null] });
  });

  it("places rows by time across gaps and drops rows outside the candles", () => {
    const series = { t: [T0 - 300_000, t[0]!, t[2]!, t[5]!, t[5]! + 300_000], columns: { a: [0, 1, 2, 3, 4], b: [null, 5, null, 6, 7] } };
    expect(alignIndicators(t, series)).toEqual({ a: [1, null, 2, null, null, 3], b: [5, null, null, null, null, 6] });
  });

  it("gives no columns without indicators", () => {
    expect(alignIndicators(t, undefined)).toEqual({});
    expect(alignIndicators([], { t: axis(2), columns: { a: [1, 2] } })).toEqual({ a: [] });
  });

  it("aligns 8 columns of 100k candles in well under 50 ms (zod validation of the chart would cost far more)", () => {
    const n = 105_120;
    const tt = axis(n);
    const columns = Object.fromEntries(Array.from({ length: 8 }, (_, c) => [`c${c}`, tt.map((_, i) => 42_000 + c + (i % 977) / 7)]));
    const started = performance.now();
    const aligned = alignIndicators(tt, { t: axis(n), columns });
    const alignMs = performance.now() - started;
    const candles = { t: tt, open: tt.map(() => 1), high: tt.map(() => 2), low: tt.map(() => 0.5), close: tt.map(() => 1.5), volume: tt.map(() => 10) };
    const chart = { pair: "BTC/USDT", timeframe: "5m", candles, indicators: aligned, plotConfig: { main_plot: {}, subplots: {} }, trades: [] };
    const z0 = performance.now();
    pairChartSchema.parse(chart);
    const zodMs = performance.now() - z0;
    console.log(`align 8 × ${n}: ${alignMs.toFixed(1)} ms; zod output validation would add ${zodMs.toFixed(0)} ms`);
    expect(alignMs).toBeLessThan(50);
  });
});
