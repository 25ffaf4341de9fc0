/**
 * OHLCV CSV import.
 *
 * Accepted shapes:
 *  - a header row naming a time column and open/high/low/close/volume, in any order and case
 *    (surrounding spaces, quotes, "_" and " " ignored). Time column names, by priority:
 *    timestamp, datetime, date, time, open_time, date_utc, time_utc, unix — or an unnamed first
 *    column (pandas' index, as in backtesting.py's CSVs). Volume may be named "volume", "vol" or
 *    start with "volume" ("Volume BTC": the first such column is taken as base volume). Other
 *    columns are ignored;
 *  - no header, Binance kline dumps (open_time, open, high, low, close, volume, close_time, …),
 *    recognised by an epoch number in the first field.
 * Delimiter: ",", ";" or tab (whichever the first line has most of). Double quotes are allowed.
 * Times: ISO 8601 (`2024-09-19T23:00:00Z`, with offset or fraction), `YYYY-MM-DD HH:MM[:SS]`,
 * `YYYY-MM-DD` (all taken as UTC when no offset is given), or epoch seconds, milliseconds,
 * microseconds or nanoseconds (told apart by magnitude).
 *
 * Validation, each error naming the file line and column: every field readable, positive prices,
 * volume ≥ 0, high ≥ max(open, close, low), low ≤ min(open, close), times aligned to the
 * timeframe, strictly increasing (no duplicates), and rows spaced by the timeframe (gaps are
 * allowed and counted; a file whose rows are mostly 1d apart is not accepted as 1h).
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { timeframeSchema, timeframeToMs, type Timeframe } from "@tradelab/contracts";
import { allocateCandles, formatUtcSecond, sliceCandles, type Candles } from "./candles.js";
import type { ImportSummary, MarketDataStore } from "./data-store.js";

export interface CsvIssue {
  /** 1-based line number in the file (the header is line 1). */
  line?: number;
  /** The column's header text, or "column N" for unnamed/headerless columns. */
  column?: string;
  message: string;
}

export function formatCsvIssue(issue: CsvIssue): string {
  const where = [issue.line !== undefined ? `line ${issue.line}` : "", issue.column !== undefined ? formatColumn(issue.column) : ""]
    .filter(Boolean)
    .join(", ");
  return where ? `${where}: ${issue.message}` : issue.message;
}

const formatColumn = (column: string): string => (/^column \d+$/.test(column) ? column : `column "${column}"`);

export class CsvImportError extends Error {
  readonly issues: readonly CsvIssue[];
  readonly fileName: string;

  constructor(fileName: string, issues: readonly CsvIssue[], truncated = false) {
    const lines = issues.map(formatCsvIssue);
    const message =
      issues.length === 1 && !truncated
        ? `${fileName}: ${lines[0]}`
        : `${fileName}: ${issues.length}${truncated ? "+" : ""} problems\n${lines.map((l) => `  ${l}`).join("\n")}${truncated ? "\n  (stopped after the first problems)" : ""}`;
    super(message);
    this.name = "CsvImportError";
    this.issues = issues;
    this.fileName = fileName;
  }
}

export interface ParseCsvOptions {
  timeframe: Timeframe;
  /** Used in error messages. */
  fileName?: string;
  /** Stop after this many problems (default 10). */
  maxIssues?: number;
}

export interface ParsedOhlcvCsv {
  candles: Candles;
  timeframe: Timeframe;
  /** Data rows read. */
  rows: number;
  /** Candles missing between the first and last row (gaps in the file). */
  missingCandles: number;
  /** Header names used for date, open, high, low, close, volume. */
  columns: Record<"date" | "open" | "high" | "low" | "close" | "volume", string>;
  headerless: boolean;
}

type Role = "date" | "open" | "high" | "low" | "close" | "volume";
const ROLES: readonly Role[] = ["date", "open", "high", "low", "close", "volume"];
const DATE_NAMES = ["timestamp", "datetime", "date", "time", "opentime", "dateutc", "timeutc", "datetimeutc", "unix"];
const PRICE_ROLES = ["open", "high", "low", "close"] as const;
const DEFAULT_MAX_ISSUES = 10;

const TIME_HELP =
  'use ISO 8601 (2024-09-19T23:00:00Z), "YYYY-MM-DD HH:MM:SS" (UTC), epoch seconds or epoch milliseconds';

/** Parses and validates OHLCV CSV text. Throws CsvImportError listing the problems found. */
export function parseOhlcvCsv(text: string, options: ParseCsvOptions): ParsedOhlcvCsv {
  const timeframe = timeframeSchema.parse(options.timeframe);
  const tfMs = timeframeToMs(timeframe);
  const fileName = options.fileName ?? "CSV";
  const maxIssues = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const issues: CsvIssue[] = [];
  const fail = (truncated = false): never => {
    throw new CsvImportError(fileName, issues, truncated);
  };

  const lines = text.replace(/^\uFEFF/, "").split("\n");
  let first = 0;
  while (first < lines.length && lines[first].trim() === "") first++;
  if (first === lines.length) {
    issues.push({ message: "the file is empty" });
    fail();
  }
  const headerLine = stripCr(lines[first]);
  const delimiter = detectDelimiter(headerLine);
  const headerFields = splitFields(headerLine, delimiter);

  // Map roles to column indexes.
  const headerless = /^\d{9,}(\.\d+)?$/.test(headerFields[0]?.trim() ?? "");
  const index = {} as Record<Role, number>;
  const names = {} as Record<Role, string>;
  if (headerless) {
    if (headerFields.length < 6) {
      issues.push({ line: first + 1, message: `a file without a header needs the Binance kline layout (open_time, open, high, low, close, volume, …); found ${headerFields.length} fields` });
      fail();
    }
    ROLES.forEach((role, i) => {
      index[role] = i;
      names[role] = `column ${i + 1}`;
    });
  } else {
    const normalized = headerFields.map(normalizeHeader);
    const display = headerFields.map((h, i) => unquote(h.trim()) || `column ${i + 1}`);
    const found = display.join(", ");
    const dateName = DATE_NAMES.find((name) => normalized.includes(name));
    const dateIndex = dateName !== undefined ? normalized.indexOf(dateName) : normalized[0] === "" ? 0 : -1;
    if (dateIndex < 0) {
      issues.push({ line: first + 1, message: `no date/time column; name one of timestamp, datetime, date, time, open_time (found: ${found})` });
    } else {
      index.date = dateIndex;
    }
    for (const role of ["open", "high", "low", "close", "volume"] as const) {
      const matches = normalized
        .map((name, i) => ({ name, i }))
        .filter(({ name }) => (role === "volume" ? name === "vol" || name.startsWith("volume") : name === role));
      const exact = matches.filter(({ name }) => name === role);
      if (matches.length === 0) {
        issues.push({ line: first + 1, message: `missing column "${role}" (found: ${found})` });
      } else if (exact.length > 1) {
        issues.push({ line: first + 1, message: `column "${role}" appears ${exact.length} times (found: ${found})` });
      } else {
        index[role] = (exact[0] ?? matches[0]).i;
      }
    }
    if (issues.length) fail();
    for (const role of ROLES) names[role] = display[index[role]];
  }

  // Data rows.
  const fieldCount = headerFields.length;
  const dataStart = headerless ? first : first + 1;
  const out = allocateCandles(lines.length - dataStart);
  let n = 0;
  let previousTime = Number.NEGATIVE_INFINITY;
  let previousLine = 0;
  const lineOf: number[] = [];
  const values = new Float64Array(5);

  rows: for (let li = dataStart; li < lines.length; li++) {
    const raw = stripCr(lines[li]);
    if (raw.trim() === "") continue;
    if (issues.length >= maxIssues) fail(true);
    const line = li + 1;
    const fields = splitFields(raw, delimiter);
    if (!headerless && fields.length !== fieldCount && !(fields.length > fieldCount && fields.slice(fieldCount).every((f) => f.trim() === ""))) {
      issues.push({ line, message: `expected ${fieldCount} fields like the header, found ${fields.length}` });
      continue;
    }
    if (headerless && fields.length < 6) {
      issues.push({ line, message: `expected at least 6 fields (open_time, open, high, low, close, volume), found ${fields.length}` });
      continue;
    }

    const rawTime = unquote(fields[index.date].trim());
    const time = parseCsvTimestamp(rawTime);
    if (time === undefined) {
      issues.push({ line, column: names.date, message: `cannot read "${rawTime}" as a time; ${TIME_HELP}` });
      continue;
    }

    for (let k = 0; k < 5; k++) {
      const role = ROLES[k + 1];
      const text = unquote(fields[index[role]].trim());
      const value = text === "" ? Number.NaN : Number(text);
      if (!Number.isFinite(value)) {
        issues.push({ line, column: names[role], message: `"${text}" is not a number` });
        continue rows;
      }
      values[k] = value;
    }
    const [open, high, low, close, volume] = values;
    for (let k = 0; k < 4; k++) {
      if (!(values[k] > 0)) {
        issues.push({ line, column: names[PRICE_ROLES[k]], message: `price must be positive, got ${values[k]}` });
        continue rows;
      }
    }
    if (volume < 0) {
      issues.push({ line, column: names.volume, message: `volume must not be negative, got ${volume}` });
      continue;
    }
    if (high < low) {
      issues.push({ line, column: names.high, message: `high ${high} is below low ${low}` });
      continue;
    }
    if (high < Math.max(open, close)) {
      issues.push({ line, column: names.high, message: `high ${high} is below max(open, close) ${Math.max(open, close)}` });
      continue;
    }
    if (low > Math.min(open, close)) {
      issues.push({ line, column: names.low, message: `low ${low} is above min(open, close) ${Math.min(open, close)}` });
      continue;
    }
    if (time % tfMs !== 0) {
      issues.push({
        line,
        column: names.date,
        message: `${formatUtcSecond(time)} is not aligned to the ${timeframe} timeframe (candles must open at multiples of ${timeframe} in UTC)`,
      });
      continue;
    }
    if (time === previousTime) {
      issues.push({ line, column: names.date, message: `duplicate time ${formatUtcSecond(time)} (also on line ${previousLine})` });
      continue;
    }
    if (time < previousTime) {
      issues.push({
        line,
        column: names.date,
        message: `${formatUtcSecond(time)} comes after ${formatUtcSecond(previousTime)} on line ${previousLine}; rows must be in increasing time order`,
      });
      continue;
    }
    previousTime = time;
    previousLine = line;
    out.date[n] = time;
    out.open[n] = open;
    out.high[n] = high;
    out.low[n] = low;
    out.close[n] = close;
    out.volume[n] = volume;
    lineOf[n] = line;
    n++;
  }
  if (issues.length) fail();
  if (n === 0) {
    issues.push({ message: "no data rows" });
    fail();
  }

  // Row spacing must match the timeframe (a 1d file is not a 1h file with gaps).
  let missingCandles = 0;
  if (n >= 2) {
    const counts = new Map<number, number>();
    for (let i = 1; i < n; i++) {
      const delta = out.date[i] - out.date[i - 1];
      counts.set(delta, (counts.get(delta) ?? 0) + 1);
      missingCandles += delta / tfMs - 1;
    }
    let modal = tfMs;
    let best = -1;
    for (const [delta, count] of counts) {
      if (count > best) {
        best = count;
        modal = delta;
      }
    }
    if (modal !== tfMs) {
      const at = out.date.findIndex((t, i) => i > 0 && t - out.date[i - 1] === modal);
      issues.push({
        line: lineOf[at],
        column: names.date,
        message: `rows are mostly ${formatDuration(modal)} apart, but the timeframe is ${timeframe}; pass the file's own timeframe`,
      });
      fail();
    }
  }

  return {
    candles: sliceCandles(out, 0, n),
    timeframe,
    rows: n,
    missingCandles,
    columns: names,
    headerless,
  };
}

/**
 * Epoch milliseconds for a CSV time field, or undefined when unreadable. Numbers are epoch
 * seconds (< 1e11), milliseconds (< 1e14), microseconds (< 1e17) or nanoseconds.
 */
export function parseCsvTimestamp(text: string): number | undefined {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) {
    const v = Number(s);
    if (v < 1e11) return Math.round(v * 1000);
    if (v < 1e14) return Math.round(v);
    if (v < 1e17) return Math.round(v / 1e3);
    return Math.round(v / 1e6);
  }
  const m = /^(\d{4})[-/](\d{2})[-/](\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i.exec(s);
  if (!m) return undefined;
  const [, y, mo, d, h = "0", mi = "0", sec = "0", frac = "", zone = ""] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const dayStart = Date.UTC(year, month - 1, day);
  if (new Date(dayStart).getUTCDate() !== day) return undefined; // e.g. 2024-02-30
  let offsetMinutes = 0;
  const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (z) {
    offsetMinutes = (z[1] === "-" ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
  }
  const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  return dayStart + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

export interface CsvImportResult extends ImportSummary {
  rows: number;
  missingCandles: number;
  originalFile: string;
}

/** Reads, validates and stores a CSV file (plus resampled larger timeframes). */
export async function importOhlcvCsvFile(
  store: MarketDataStore,
  filePath: string,
  options: { pair: string; timeframe: Timeframe; log?: (message: string) => void },
): Promise<CsvImportResult> {
  const originalFile = basename(filePath);
  const text = await readFile(filePath, "utf8");
  const parsed = parseOhlcvCsv(text, { timeframe: options.timeframe, fileName: originalFile });
  const summary = await store.importCandles(options.pair, parsed.timeframe, parsed.candles, {
    originalFile,
    log: options.log,
  });
  return { ...summary, rows: parsed.rows, missingCandles: parsed.missingCandles, originalFile };
}

function formatDuration(ms: number): string {
  const minutes = ms / 60_000;
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  if (Number.isInteger(minutes)) return `${minutes}m`;
  return `${ms / 1000}s`;
}

function normalizeHeader(name: string): string {
  return unquote(name.trim()).toLowerCase().replace(/[^a-z0-9]/g, "");
}

const stripCr = (line: string): string => (line.endsWith("\r") ? line.slice(0, -1) : line);

function unquote(field: string): string {
  return field.length >= 2 && field.startsWith('"') && field.endsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
}

function detectDelimiter(line: string): string {
  let best = ",";
  let bestCount = 0;
  for (const candidate of [",", ";", "\t"]) {
    const count = line.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/** Splits a line on `delimiter`, keeping delimiters inside double quotes. Quotes stay on fields. */
function splitFields(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let current = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (ch === delimiter && !quoted) {
      fields.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  fields.push(current);
  return fields;
}
