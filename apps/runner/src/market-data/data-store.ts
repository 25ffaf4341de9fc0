/**
 * The market-data store: freqtrade feather files under `<root>/binance/` plus `<root>/manifest.json`
 * describing every pair × timeframe (source, range, candle count, file).
 *
 * `<root>` is bind-mounted read-only into the sandbox at /data; freqtrade runs with
 * `--datadir /data/binance`.
 *
 * Writes are atomic (temp file + rename; data files first, manifest last, so the manifest never
 * names a file that is not complete) and serialised per root, within the process (a promise
 * chain) and across processes (a lock directory, taken over when older than 10 minutes).
 */
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { z } from "zod";
import {
  TIMEFRAMES,
  pairSchema,
  pairToFileStem,
  timeframeSchema,
  timeframeToMs,
  type Timeframe,
} from "@tradelab/contracts";
import { candleCount, formatUtcMinute, type Candles } from "./candles.js";
import { readFeather, writeFeather, writeFileAtomic } from "./feather.js";
import {
  DEFAULT_GENERATION_END_MS,
  DEFAULT_GENERATION_START_MS,
  DEFAULT_PAIRS,
  DEFAULT_SEED,
  GENERATED_TIMEFRAME,
  GENERATOR_ID,
  generateCandles,
} from "./generate.js";
import { resampleAll, resampleTargets } from "./resample.js";

export const MANIFEST_FILE = "manifest.json";
/** Sub-directory freqtrade reads (`--datadir <mount>/binance`). */
export const EXCHANGE_DIR = "binance";
/** Where the sandbox sees the store, and the --datadir freqtrade gets there. */
export const SANDBOX_DATA_MOUNT = "/data";
export const SANDBOX_FREQTRADE_DATADIR = `${SANDBOX_DATA_MOUNT}/${EXCHANGE_DIR}`;

export type DataSource = "generated" | "imported";

const manifestEntrySchema = z.object({
  pair: z.string(),
  timeframe: timeframeSchema,
  source: z.enum(["generated", "imported"]),
  /** generated: PRNG seed and generator version. */
  seed: z.number().int().optional(),
  generator: z.string().optional(),
  /** imported: the original file's name and when it was imported. */
  originalFile: z.string().optional(),
  importedAt: z.string().optional(),
  /** Set when this timeframe was resampled from another one of the same pair. */
  derivedFrom: timeframeSchema.optional(),
  /** Open time of the first and last candle (ISO 8601, UTC). */
  firstCandle: z.string(),
  lastCandle: z.string(),
  candles: z.number().int().nonnegative(),
  /** Path relative to the store root, e.g. "binance/BTC_USDT-5m.feather". */
  file: z.string(),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

const manifestSchema = z.object({
  version: z.literal(1),
  exchange: z.literal("binance"),
  entries: z.array(manifestEntrySchema),
});
export type Manifest = z.infer<typeof manifestSchema>;

export interface Availability {
  pair: string;
  timeframe: Timeframe;
  source: DataSource;
  /** Open time of the first candle (ISO 8601, UTC). */
  start: string;
  /** Close time of the last candle = its open time + timeframe (ISO 8601, UTC; exclusive end). */
  end: string;
  candles: number;
}

export type CoverageProblemKind = "empty-range" | "no-pair" | "no-timeframe" | "out-of-range";
export interface CoverageProblem {
  kind: CoverageProblemKind;
  pair?: string;
  timeframe: string;
  message: string;
}
/** `error`: every problem's message, one per line. */
export type CoverageResult = { ok: true } | { ok: false; error: string; problems: CoverageProblem[] };

export class MarketDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MarketDataError";
  }
}

export interface EnsureDefaultOptions {
  log?: (message: string) => void;
  seed?: number;
  pairs?: readonly string[];
  startMs?: number;
  endMs?: number;
}

export interface EnsureDefaultResult {
  generated: string[];
  kept: string[];
  durationMs: number;
}

export interface ImportOptions {
  /** The original file's name, recorded in the manifest. */
  originalFile: string;
  log?: (message: string) => void;
}

export interface WrittenDataset {
  timeframe: Timeframe;
  candles: number;
  file: string;
  firstCandle: string;
  lastCandle: string;
}

export interface ImportSummary {
  pair: string;
  timeframe: Timeframe;
  written: WrittenDataset[];
  /** Files of this pair's previous data that were removed (timeframes the import does not cover). */
  removed: string[];
}

const GENERATED_TIMEFRAMES: readonly Timeframe[] = [GENERATED_TIMEFRAME, ...resampleTargets(GENERATED_TIMEFRAME)];
const LOCK_DIR = ".lock";
const LOCK_STALE_MS = 10 * 60_000;
const LOCK_TIMEOUT_MS = 15 * 60_000;
const queues = new Map<string, Promise<unknown>>();

export class MarketDataStore {
  readonly rootDir: string;

  constructor(rootDir: string) {
    this.rootDir = resolve(rootDir);
  }

  /** Host directory to bind-mount read-only into the sandbox at SANDBOX_DATA_MOUNT (/data). */
  get hostPath(): string {
    return this.rootDir;
  }

  /** Host directory holding the feather files (what freqtrade sees as /data/binance). */
  get exchangeDir(): string {
    return join(this.rootDir, EXCHANGE_DIR);
  }

  get manifestPath(): string {
    return join(this.rootDir, MANIFEST_FILE);
  }

  /** Path relative to the root of a pair's file, freqtrade's naming: binance/BTC_USDT-5m.feather. */
  static relativeFile(pair: string, timeframe: Timeframe): string {
    return `${EXCHANGE_DIR}/${pairToFileStem(pair)}-${timeframe}.feather`;
  }

  filePath(pair: string, timeframe: Timeframe): string {
    return join(this.rootDir, MarketDataStore.relativeFile(pair, timeframe));
  }

  async readManifest(): Promise<Manifest> {
    let text: string;
    try {
      text = await readFile(this.manifestPath, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return emptyManifest();
      throw err;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new MarketDataError(`${this.manifestPath} is not valid JSON: ${(err as Error).message}`);
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new MarketDataError(`${this.manifestPath} is malformed at ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
    }
    return parsed.data;
  }

  /**
   * Generates, resamples and writes the default synthetic data set (7 pairs, 5m…1d,
   * 2023-01-01 to 2025-01-01) where it is missing or stale. Idempotent: a complete, current data
   * set is left untouched. Pairs holding imported data are kept as they are.
   */
  async ensureDefaultDataSet(options: EnsureDefaultOptions = {}): Promise<EnsureDefaultResult> {
    const {
      log = () => {},
      seed = DEFAULT_SEED,
      pairs = DEFAULT_PAIRS,
      startMs = DEFAULT_GENERATION_START_MS,
      endMs = DEFAULT_GENERATION_END_MS,
    } = options;
    return this.exclusive(async () => {
      const started = Date.now();
      const manifest = await this.readManifest();
      const result: EnsureDefaultResult = { generated: [], kept: [], durationMs: 0 };
      const lastCandle = new Date(endMs - timeframeToMs(GENERATED_TIMEFRAME)).toISOString();
      for (const pair of pairs) {
        const entries = manifest.entries.filter((e) => e.pair === pair);
        if (entries.some((e) => e.source === "imported")) {
          result.kept.push(pair);
          continue;
        }
        const base = entries.find((e) => e.timeframe === GENERATED_TIMEFRAME);
        const current =
          base?.seed === seed &&
          base.generator === GENERATOR_ID &&
          base.firstCandle === new Date(startMs).toISOString() &&
          base.lastCandle === lastCandle &&
          GENERATED_TIMEFRAMES.every((tf) => entries.some((e) => e.timeframe === tf)) &&
          (await this.filesExist(entries));
        if (current) {
          result.kept.push(pair);
          continue;
        }
        const t0 = Date.now();
        const candles = generateCandles({ pair, seed, startMs, endMs });
        const datasets = new Map<Timeframe, Candles>([[GENERATED_TIMEFRAME, candles], ...resampleAll(candles, GENERATED_TIMEFRAME)]);
        const written = await this.writeDatasets(pair, datasets);
        manifest.entries = manifest.entries.filter((e) => e.pair !== pair);
        for (const w of written) {
          manifest.entries.push({
            pair,
            timeframe: w.timeframe,
            source: "generated",
            seed,
            generator: GENERATOR_ID,
            ...(w.timeframe === GENERATED_TIMEFRAME ? {} : { derivedFrom: GENERATED_TIMEFRAME }),
            firstCandle: w.firstCandle,
            lastCandle: w.lastCandle,
            candles: w.candles,
            file: w.file,
          });
        }
        result.generated.push(pair);
        log(`market data: generated ${pair} (${candleCount(candles)} × 5m + ${written.length - 1} resampled timeframes) in ${Date.now() - t0} ms`);
        await this.writeManifest(manifest);
        await new Promise((r) => setImmediate(r)); // let other work run between pairs
      }
      result.durationMs = Date.now() - started;
      if (result.generated.length > 0) log(`market data: default data set ready in ${this.rootDir} (${result.durationMs} ms)`);
      return result;
    });
  }

  /**
   * Stores candles of `timeframe` for `pair` as source "imported", plus every larger timeframe
   * resampled from them. Replaces all earlier data of that pair (a pair's timeframes always
   * come from one source).
   */
  async importCandles(pair: string, timeframe: Timeframe, candles: Candles, options: ImportOptions): Promise<ImportSummary> {
    const validPair = parsePair(pair);
    const tf = parseTimeframe(timeframe);
    if (candleCount(candles) === 0) throw new MarketDataError(`nothing to import for ${validPair} ${tf}: no candles`);
    const log = options.log ?? (() => {});
    return this.exclusive(async () => {
      const manifest = await this.readManifest();
      const datasets = new Map<Timeframe, Candles>([[tf, candles], ...resampleAll(candles, tf)]);
      const written = await this.writeDatasets(validPair, datasets);
      const writtenFiles = new Set(written.map((w) => w.file));
      const removed = manifest.entries.filter((e) => e.pair === validPair && !writtenFiles.has(e.file)).map((e) => e.file);
      const importedAt = new Date().toISOString();
      manifest.entries = manifest.entries.filter((e) => e.pair !== validPair);
      for (const w of written) {
        manifest.entries.push({
          pair: validPair,
          timeframe: w.timeframe,
          source: "imported",
          originalFile: options.originalFile,
          importedAt,
          ...(w.timeframe === tf ? {} : { derivedFrom: tf }),
          firstCandle: w.firstCandle,
          lastCandle: w.lastCandle,
          candles: w.candles,
          file: w.file,
        });
      }
      await this.writeManifest(manifest);
      for (const file of removed) await rm(join(this.rootDir, file), { force: true });
      for (const w of written) log(`market data: wrote ${validPair} ${w.timeframe} (${w.candles} candles) to ${w.file}`);
      for (const file of removed) log(`market data: removed ${file} (replaced by the import)`);
      return { pair: validPair, timeframe: tf, written, removed };
    });
  }

  /** Every stored pair × timeframe with its source and range. */
  async availability(): Promise<Availability[]> {
    const manifest = await this.readManifest();
    return manifest.entries.map(toAvailability);
  }

  /**
   * Checks that every pair has `timeframe` candles covering [startMs, endMs). On failure, each
   * problem names the pair/timeframe and what is available instead.
   */
  async checkCoverage(pairs: readonly string[], timeframe: string, startMs: number, endMs: number): Promise<CoverageResult> {
    const problems: CoverageProblem[] = [];
    const tfParsed = timeframeSchema.safeParse(timeframe);
    if (!tfParsed.success) {
      problems.push({ kind: "no-timeframe", timeframe, message: tfParsed.error.issues[0]?.message ?? `unknown timeframe ${timeframe}` });
      return failure(problems);
    }
    const tf = tfParsed.data;
    if (!(Number.isFinite(startMs) && Number.isFinite(endMs)) || endMs <= startMs) {
      problems.push({
        kind: "empty-range",
        timeframe: tf,
        message: `empty time range: ${formatTime(startMs)} to ${formatTime(endMs)}`,
      });
      return failure(problems);
    }
    const available = await this.availability();
    const knownPairs = [...new Set(available.map((a) => a.pair))].sort();
    for (const rawPair of pairs) {
      const pairParsed = pairSchema.safeParse(rawPair);
      if (!pairParsed.success) {
        problems.push({ kind: "no-pair", pair: rawPair, timeframe: tf, message: pairParsed.error.issues[0]?.message ?? `invalid pair ${rawPair}` });
        continue;
      }
      const pair = pairParsed.data;
      const ofPair = available.filter((a) => a.pair === pair);
      if (ofPair.length === 0) {
        problems.push({
          kind: "no-pair",
          pair,
          timeframe: tf,
          message: `no data for ${pair}; available pairs: ${knownPairs.length ? knownPairs.join(", ") : "none"}`,
        });
        continue;
      }
      const entry = ofPair.find((a) => a.timeframe === tf);
      if (!entry) {
        problems.push({
          kind: "no-timeframe",
          pair,
          timeframe: tf,
          message: `no data for ${pair} ${tf}; available: ${describeRanges(ofPair)}`,
        });
        continue;
      }
      const start = Date.parse(entry.start);
      const end = Date.parse(entry.end);
      if (startMs < start || endMs > end) {
        problems.push({
          kind: "out-of-range",
          pair,
          timeframe: tf,
          message:
            `not enough data for ${pair} ${tf}: requested ${formatTime(startMs)} to ${formatTime(endMs)}, ` +
            `available ${formatTime(start)} to ${formatTime(end)} (UTC)`,
        });
      }
    }
    return problems.length ? failure(problems) : { ok: true };
  }

  /** Like checkCoverage, but throws a MarketDataError with the combined message. */
  async assertCoverage(pairs: readonly string[], timeframe: string, startMs: number, endMs: number): Promise<void> {
    const result = await this.checkCoverage(pairs, timeframe, startMs, endMs);
    if (!result.ok) throw new MarketDataError(result.error);
  }

  /** Reads a stored pair × timeframe. */
  async readCandles(pair: string, timeframe: Timeframe): Promise<Candles> {
    const validPair = parsePair(pair);
    const tf = parseTimeframe(timeframe);
    const manifest = await this.readManifest();
    const entry = manifest.entries.find((e) => e.pair === validPair && e.timeframe === tf);
    if (!entry) {
      const others = manifest.entries.filter((e) => e.pair === validPair).map(toAvailability);
      throw new MarketDataError(
        others.length ? `no data for ${validPair} ${tf}; available: ${describeRanges(others)}` : `no data for ${validPair}`,
      );
    }
    return readFeather(join(this.rootDir, entry.file));
  }

  private async writeDatasets(pair: string, datasets: Map<Timeframe, Candles>): Promise<WrittenDataset[]> {
    const written: WrittenDataset[] = [];
    for (const [timeframe, candles] of datasets) {
      const n = candleCount(candles);
      if (n === 0) continue; // e.g. less than one complete day for 1d
      const file = MarketDataStore.relativeFile(pair, timeframe);
      await writeFeather(join(this.rootDir, file), candles);
      written.push({
        timeframe,
        candles: n,
        file,
        firstCandle: new Date(candles.date[0]).toISOString(),
        lastCandle: new Date(candles.date[n - 1]).toISOString(),
      });
    }
    return written;
  }

  private async writeManifest(manifest: Manifest): Promise<void> {
    const order = (tf: Timeframe) => TIMEFRAMES.indexOf(tf);
    manifest.entries.sort((a, b) => (a.pair === b.pair ? order(a.timeframe) - order(b.timeframe) : a.pair < b.pair ? -1 : 1));
    await writeFileAtomic(this.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  private async filesExist(entries: readonly ManifestEntry[]): Promise<boolean> {
    for (const entry of entries) {
      const info = await stat(join(this.rootDir, entry.file)).catch(() => undefined);
      if (!info?.isFile() || info.size === 0) return false;
    }
    return true;
  }

  /** Runs `fn` alone for this root: in-process queue, then a cross-process lock directory. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const previous = queues.get(this.rootDir) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => withLockDir(this.rootDir, fn));
    queues.set(this.rootDir, run);
    void run.finally(() => {
      if (queues.get(this.rootDir) === run) queues.delete(this.rootDir);
    }).catch(() => {});
    return run;
  }
}

async function withLockDir<T>(rootDir: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(rootDir, { recursive: true });
  const lockDir = join(rootDir, LOCK_DIR);
  const deadline = Date.now() + LOCK_TIMEOUT_MS;
  for (;;) {
    try {
      await mkdir(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const info = await stat(lockDir).catch(() => undefined);
      if (info && Date.now() - info.mtimeMs > LOCK_STALE_MS) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new MarketDataError(`timed out waiting for the market-data lock ${lockDir}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

function emptyManifest(): Manifest {
  return { version: 1, exchange: "binance", entries: [] };
}

function toAvailability(entry: ManifestEntry): Availability {
  return {
    pair: entry.pair,
    timeframe: entry.timeframe,
    source: entry.source,
    start: entry.firstCandle,
    end: new Date(Date.parse(entry.lastCandle) + timeframeToMs(entry.timeframe)).toISOString(),
    candles: entry.candles,
  };
}

/**
 * "1h, 2h from 2024-09-19 23:00 to 2024-10-31 15:00" — timeframes sharing a range are grouped;
 * groups are separated by "; ".
 */
export function describeRanges(items: readonly Availability[]): string {
  const sorted = [...items].sort((a, b) => TIMEFRAMES.indexOf(a.timeframe) - TIMEFRAMES.indexOf(b.timeframe));
  const groups: { timeframes: string[]; range: string }[] = [];
  for (const item of sorted) {
    const range = `from ${formatTime(Date.parse(item.start))} to ${formatTime(Date.parse(item.end))}`;
    const group = groups.find((g) => g.range === range);
    if (group) group.timeframes.push(item.timeframe);
    else groups.push({ timeframes: [item.timeframe], range });
  }
  return groups.map((g) => `${g.timeframes.join(", ")} ${g.range}`).join("; ");
}

function failure(problems: CoverageProblem[]): CoverageResult {
  return { ok: false, error: problems.map((p) => p.message).join("\n"), problems };
}

const formatTime = (ms: number): string => (Number.isFinite(ms) ? formatUtcMinute(ms) : String(ms));

function parsePair(pair: string): string {
  const parsed = pairSchema.safeParse(pair);
  if (!parsed.success) throw new MarketDataError(parsed.error.issues[0]?.message ?? `invalid pair ${JSON.stringify(pair)}`);
  return parsed.data;
}

function parseTimeframe(timeframe: string): Timeframe {
  const parsed = timeframeSchema.safeParse(timeframe);
  if (!parsed.success) throw new MarketDataError(parsed.error.issues[0]?.message ?? `unknown timeframe ${timeframe}`);
  return parsed.data;
}
