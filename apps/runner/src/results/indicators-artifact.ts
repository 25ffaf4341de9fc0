import { plotConfigSchema, type IndicatorsArtifact } from "@tradelab/contracts";
import { formatZodIssues } from "../errors.js";

/**
 * Reads the sandbox's `indicators.json` (untrusted: written by the process that ran the strategy).
 * `plotConfig` is checked with its zod schema; the arrays — hundreds of thousands of numbers per
 * pair — with plain loops, which also check what the schema cannot: ascending times and every
 * column as long as its time axis. Several times faster than `indicatorsArtifactSchema.parse`
 * (see chart-data.test.ts). Throws an Error naming the first problem.
 */
export function parseIndicatorsArtifact(text: string): IndicatorsArtifact {
  return checkIndicatorsArtifact(JSON.parse(text) as unknown);
}

/** The checks of parseIndicatorsArtifact on parsed JSON. */
export function checkIndicatorsArtifact(raw: unknown): IndicatorsArtifact {
  if (!isObject(raw)) throw new Error("indicators.json: not a JSON object");
  const plot = plotConfigSchema.safeParse(raw.plotConfig ?? {});
  if (!plot.success) throw new Error(`indicators.json: plotConfig: ${formatZodIssues(plot.error)}`);
  if (!isObject(raw.pairs)) throw new Error("indicators.json: pairs must be an object");
  const pairs: IndicatorsArtifact["pairs"] = {};
  for (const [pair, entry] of Object.entries(raw.pairs)) {
    const where = `indicators.json: ${pair}`;
    if (!isObject(entry) || !Array.isArray(entry.t) || !isObject(entry.columns)) throw new Error(`${where}: needs t and columns`);
    const t = entry.t as unknown[];
    for (let i = 0; i < t.length; i++) {
      const v = t[i];
      if (typeof v !== "number" || !Number.isFinite(v) || (i > 0 && v <= (t[i - 1] as number))) {
        throw new Error(`${where}: t[${i}] is not an ascending time`);
      }
    }
    for (const [name, column] of Object.entries(entry.columns)) {
      if (!Array.isArray(column) || column.length !== t.length) throw new Error(`${where}: column ${name} must have ${t.length} values`);
      for (let i = 0; i < column.length; i++) {
        const v = column[i] as unknown;
        if (v !== null && typeof v !== "number") throw new Error(`${where}: column ${name}[${i}] is not a number or null`);
      }
    }
    pairs[pair] = entry as IndicatorsArtifact["pairs"][string];
  }
  return { plotConfig: plot.data, pairs };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
