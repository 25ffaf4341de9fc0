import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { detectStrategyClass } from "@tradelab/contracts";

/**
 * Strategy templates: the Freqtrade strategies in examples/strategies/templates/, each with a title
 * and a one-line description. The files are read when asked for, so what the IDE offers is exactly
 * what is in the repository (and what the template tests backtest).
 */

export interface TemplateInfo {
  id: string;
  title: string;
  description: string;
  fileName: string;
  className: string;
}

export interface Template extends TemplateInfo {
  source: string;
}

const TEMPLATES: readonly Omit<TemplateInfo, "className">[] = [
  {
    id: "blank",
    title: "Blank",
    description: "A loadable skeleton with no entries: timeframe, ROI, stop-loss and empty populate methods to fill in.",
    fileName: "BlankStrategy.py",
  },
  {
    id: "rsi-mean-reversion",
    title: "RSI mean reversion",
    description: "5m: buys when RSI(14) climbs back above an oversold level (optionally only above EMA 200), sells when it crosses into overbought.",
    fileName: "RsiMeanReversion.py",
  },
  {
    id: "ema-cross",
    title: "EMA cross",
    description: "1h: buys when the fast EMA crosses above the slow EMA, sells on the cross back below; both periods are parameters.",
    fileName: "EmaCross.py",
  },
  {
    id: "bollinger-breakout",
    title: "Bollinger breakout",
    description: "5m: buys when the close breaks above the upper Bollinger band on above-average volume, sells back below the middle band.",
    fileName: "BollingerBreakout.py",
  },
];

const TEMPLATES_DIR = path.join("examples", "strategies", "templates");

/**
 * The templates folder: the first ancestor of `from` (default: the working directory — apps/web
 * for the web server, the repository root for tests) that holds examples/strategies/templates.
 */
export function templatesDir(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, TEMPLATES_DIR);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`cannot find ${TEMPLATES_DIR} in ${from} or any folder above it`);
  }
}

function load(meta: Omit<TemplateInfo, "className">, dir: string): Template {
  const source = readFileSync(path.join(dir, meta.fileName), "utf8");
  const detected = detectStrategyClass(source);
  if ("error" in detected) throw new Error(`template ${meta.fileName}: ${detected.error}`);
  return { ...meta, className: detected.className, source };
}

/** All templates, blank first. */
export function listTemplates(opts: { from?: string } = {}): TemplateInfo[] {
  const dir = templatesDir(opts.from);
  return TEMPLATES.map((meta) => {
    const { source: _source, ...info } = load(meta, dir);
    return info;
  });
}

/** One template with its source, or null for an unknown id. */
export function getTemplate(id: string, opts: { from?: string } = {}): Template | null {
  const meta = TEMPLATES.find((t) => t.id === id);
  return meta ? load(meta, templatesDir(opts.from)) : null;
}
