/**
 * CSV file → store → feather files → read back, through the library and through the CLI.
 * Filesystem only (temp directories), so it lives in the unit project.
 *
 * Data: EURUSD.csv from the PyPI package backtesting 0.6.6 (backtesting/test/EURUSD.csv): real 1h
 * EUR/USD candles, 2017-04-19 09:00 to 2018-02-07 15:00, 5000 rows, pandas' unnamed index column
 * as the time. Forex, so markets close at weekends: the file has weekend (and Christmas/New Year)
 * gaps, which the import counts and the resampling keeps as partial interior buckets.
 * The file is not committed: scripts/fetch-sample-ohlcv.sh downloads it once (sha256-checked)
 * into <repo>/.data/samples/ and prints its path.
 */
import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/data-import-cli.js";
import { candlesToRows } from "../../src/market-data/candles.js";
import { importOhlcvCsvFile, parseOhlcvCsv } from "../../src/market-data/csv-import.js";
import { MarketDataStore } from "../../src/market-data/data-store.js";
import { buildExchangeInfo, genericSymbol, recordedSymbol } from "../../src/market-data/markets-metadata.js";

const FETCH_SCRIPT = fileURLToPath(new URL("../../../../scripts/fetch-sample-ohlcv.sh", import.meta.url));
const HOUR = 3_600_000;
const FETCH_TIMEOUT_MS = 120_000;

let EURUSD_CSV = "";
let csvText = "";

beforeAll(async () => {
  EURUSD_CSV = execFileSync("bash", [FETCH_SCRIPT], { encoding: "utf8", timeout: FETCH_TIMEOUT_MS, stdio: ["ignore", "pipe", "inherit"] }).trim();
  expect(path.basename(EURUSD_CSV)).toBe("EURUSD.csv");
  csvText = await readFile(EURUSD_CSV, "utf8");
}, FETCH_TIMEOUT_MS + 10_000);

const roots: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "market-data-import-"));
  roots.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of roots) await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The CSV's data rows read directly (no parser from src): [time ms, open, high, low, close, volume]. */
function rawRows(text: string): number[][] {
  const lines = text.trim().split("\n");
  expect(lines[0].trim()).toBe(",Open,High,Low,Close,Volume");
  return lines.slice(1).map((line) => {
    const [time, ...values] = line.trim().split(",");
    return [Date.parse(`${time.replace(" ", "T")}Z`), ...values.map(Number)];
  });
}

describe("importing EURUSD.csv into a store", () => {
  it("the sample has the expected shape, and its gaps are the forex weekends", () => {
    const rows = rawRows(csvText);
    expect(rows).toHaveLength(5000);
    expect(rows[0]).toEqual([Date.UTC(2017, 3, 19, 9), 1.0716, 1.0722, 1.07083, 1.07219, 1413]);
    expect(rows[4999]).toEqual([Date.UTC(2018, 1, 7, 15), 1.23427, 1.23444, 1.22904, 1.22904, 6143]);
    const gaps = rows.slice(1).map((r, i) => [rows[i][0], r[0]]).filter(([a, b]) => b - a !== HOUR);
    expect(gaps).toHaveLength(42);
    // Every gap opens on a Friday evening (UTC) and closes on Sunday evening, or Monday evening after
    // Christmas and New Year's Day 2018.
    for (const [a, b] of gaps) {
      expect(new Date(a).getUTCDay()).toBe(5);
      expect([0, 1]).toContain(new Date(b).getUTCDay());
    }
    expect(gaps.filter(([, b]) => new Date(b).getUTCDay() === 1).map(([, b]) => new Date(b).toISOString())).toEqual([
      "2017-12-25T22:00:00.000Z",
      "2018-01-01T22:00:00.000Z",
    ]);
  });

  it("writes 1h plus resampled 2h/4h/1d and reads them back", async () => {
    const store = new MarketDataStore(await tempDir());
    const result = await importOhlcvCsvFile(store, EURUSD_CSV, { pair: "EUR/USD", timeframe: "1h" });

    // Missing candles, counted here from the raw CSV: the hours absent between consecutive rows.
    const rows = rawRows(csvText);
    const missingHours = rows.slice(1).reduce((sum, r, i) => sum + (r[0] - rows[i][0]) / HOUR - 1, 0);
    expect(missingHours).toBe(2063);
    expect((rows[4999][0] - rows[0][0]) / HOUR + 1).toBe(5000 + 2063);
    expect(result).toMatchObject({ pair: "EUR/USD", timeframe: "1h", rows: 5000, missingCandles: missingHours, originalFile: "EURUSD.csv", removed: [] });
    expect(result.missingCandles).toBe(2063);

    // The resampled timeframes cover the whole file despite the weekend gaps (resample.ts once sized
    // its output for gap-free input and silently wrote only 2h 2500 / 4h 1250 / 1d 209 candles here,
    // ending 2018-02-05, 2018-01-29 and 2017-12-19). 1d: one candle per UTC day that has rows
    // (weekend-gap days included, aggregated from the hours present), minus the partial first day
    // 2017-04-19 and partial last day 2018-02-07.
    const days = new Set(rows.map((r) => Math.floor(r[0] / (24 * HOUR))));
    expect(days.size - 2).toBe(249);
    expect(result.written.map((w) => [w.timeframe, w.file, w.candles, w.firstCandle, w.lastCandle])).toEqual([
      ["1h", "binance/EUR_USD-1h.feather", 5000, "2017-04-19T09:00:00.000Z", "2018-02-07T15:00:00.000Z"],
      ["2h", "binance/EUR_USD-2h.feather", 2527, "2017-04-19T10:00:00.000Z", "2018-02-07T14:00:00.000Z"],
      ["4h", "binance/EUR_USD-4h.feather", 1291, "2017-04-19T12:00:00.000Z", "2018-02-07T12:00:00.000Z"],
      ["1d", "binance/EUR_USD-1d.feather", 249, "2017-04-20T00:00:00.000Z", "2018-02-06T00:00:00.000Z"],
    ]);

    // 1h reads back exactly as parsed from the CSV.
    const parsed = parseOhlcvCsv(csvText, { timeframe: "1h", fileName: "EURUSD.csv" });
    // (This is also csv-import.test.ts's check of a real file: pandas' unnamed index column as time.)
    expect(parsed).toMatchObject({ timeframe: "1h", rows: 5000, missingCandles: 2063, headerless: false });
    expect(parsed.columns).toEqual({ date: "column 1", open: "Open", high: "High", low: "Low", close: "Close", volume: "Volume" });
    const hourly = candlesToRows(await store.readCandles("EUR/USD", "1h"));
    expect(hourly).toEqual(candlesToRows(parsed.candles));
    expect(hourly.map((c) => [c.date, c.open, c.high, c.low, c.close, c.volume])).toEqual(rows);

    // The first daily candle aggregates the 24 hours of Thursday 2017-04-20 (the partial
    // 2017-04-19, from 09:00, is dropped).
    const day = hourly.filter((c) => c.date >= Date.UTC(2017, 3, 20) && c.date < Date.UTC(2017, 3, 21));
    expect(day).toHaveLength(24);
    const [daily] = candlesToRows(await store.readCandles("EUR/USD", "1d"));
    expect(daily).toEqual({
      date: Date.UTC(2017, 3, 20),
      open: day[0].open,
      high: Math.max(...day.map((c) => c.high)),
      low: Math.min(...day.map((c) => c.low)),
      close: day[23].close,
      volume: day.reduce((s, c) => s + c.volume, 0),
    });
    // CSV line "2017-04-20 00:00:00,1.07146,…" opens the day, "2017-04-20 23:00:00,…,1.07142,312" closes it.
    expect(daily.open).toBe(1.07146);
    expect(daily.close).toBe(1.07142);
    expect(daily.high).toBe(1.07775);
    expect(daily.low).toBe(1.07072);
    expect(daily.volume).toBe(25433);

    // Manifest: source "imported" with the original file name.
    const manifest = await store.readManifest();
    expect(manifest.entries.map((e) => [e.timeframe, e.source, e.originalFile, e.derivedFrom])).toEqual([
      ["1h", "imported", "EURUSD.csv", undefined],
      ["2h", "imported", "EURUSD.csv", "1h"],
      ["4h", "imported", "EURUSD.csv", "1h"],
      ["1d", "imported", "EURUSD.csv", "1h"],
    ]);
    expect(manifest.entries[0]).toMatchObject({ firstCandle: "2017-04-19T09:00:00.000Z", lastCandle: "2018-02-07T15:00:00.000Z", candles: 5000 });
    expect(manifest.entries[3]).toMatchObject({ firstCandle: "2017-04-20T00:00:00.000Z", lastCandle: "2018-02-06T00:00:00.000Z", candles: 249 });
  });

  it("answers coverage questions about the imported pair", async () => {
    const store = new MarketDataStore(await tempDir());
    await importOhlcvCsvFile(store, EURUSD_CSV, { pair: "EUR/USD", timeframe: "1h" });
    expect(await store.checkCoverage(["EUR/USD"], "1h", Date.UTC(2017, 4, 1), Date.UTC(2018, 1, 1))).toEqual({ ok: true });
    const fiveMinutes = await store.checkCoverage(["EUR/USD"], "5m", Date.UTC(2017, 4, 1), Date.UTC(2018, 1, 1));
    expect(fiveMinutes.ok ? "" : fiveMinutes.error).toBe(
      "no data for EUR/USD 5m; available: 1h from 2017-04-19 09:00 to 2018-02-07 16:00; " +
        "2h from 2017-04-19 10:00 to 2018-02-07 16:00; 4h from 2017-04-19 12:00 to 2018-02-07 16:00; " +
        "1d from 2017-04-20 00:00 to 2018-02-07 00:00",
    );
    const tooLong = await store.checkCoverage(["EUR/USD"], "1h", Date.UTC(2017, 0, 1), Date.UTC(2018, 6, 1));
    expect(tooLong.ok ? "" : tooLong.error).toBe(
      "not enough data for EUR/USD 1h: requested 2017-01-01 00:00 to 2018-07-01 00:00, available 2017-04-19 09:00 to 2018-02-07 16:00 (UTC)",
    );
    // EUR/USD has no recorded Binance metadata: the sandbox gets the generic symbol.
    expect(recordedSymbol("EUR/USD")).toBeUndefined();
    const { symbols } = buildExchangeInfo(["EUR/USD"]);
    expect(symbols).toEqual([genericSymbol("EUR/USD")]);
    expect(symbols[0]).toMatchObject({ symbol: "EURUSD", baseAsset: "EUR", quoteAsset: "USD", status: "TRADING" });
  });
});

describe("data-import CLI", () => {
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...a) => void out.push(a.join(" ")));
    vi.spyOn(console, "error").mockImplementation((...a) => void err.push(a.join(" ")));
    const code = await main(args);
    return { code, out: out.join("\n"), err: err.join("\n") };
  };

  it("imports a CSV", async () => {
    const dir = await tempDir();
    const { code, out, err } = await run([EURUSD_CSV, "--pair", "eur/usd", "--timeframe", "1h", "--data-dir", dir]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out.split("\n")).toEqual([
      "imported 5000 1h candles of EUR/USD from EURUSD.csv (2017-04-19 09:00 to 2018-02-07 15:00 UTC, 2063 missing candles)",
      "  1h       5000 candles  binance/EUR_USD-1h.feather",
      "  2h       2527 candles  binance/EUR_USD-2h.feather",
      "  4h       1291 candles  binance/EUR_USD-4h.feather",
      "  1d        249 candles  binance/EUR_USD-1d.feather",
      `store: ${dir}`,
    ]);
    expect((await new MarketDataStore(dir).availability()).map((a) => a.timeframe)).toEqual(["1h", "2h", "4h", "1d"]);
  });

  it("reports invalid CSV content with line and column, exit code 1", async () => {
    const dir = await tempDir();
    const csv = path.join(dir, "bad.csv");
    await writeFile(csv, ",Open,High,Low,Close,Volume\n2017-04-19 09:00:00,1.0716,1.07,1.07083,1.07219,1413\n");
    const { code, err } = await run([csv, "--pair", "EUR/USD", "--timeframe", "1h", "--data-dir", path.join(dir, "store")]);
    expect(code).toBe(1);
    expect(err).toBe('error: bad.csv: line 2, column "High": high 1.07 is below low 1.07083');
  });

  it("reports usage errors, exit code 2", async () => {
    const missing = await run([EURUSD_CSV, "--timeframe", "1h"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: missing --pair\n\nusage: npm run data:import/);
    expect((await run([EURUSD_CSV, "--pair", "EUR/USD", "--timeframe", "3m"])).err).toMatch(/^error: unknown timeframe "3m"; use one of 1m, 5m/);
    expect((await run([EURUSD_CSV, "--pair", "EURUSD", "--timeframe", "1h"])).err).toMatch(/^error: invalid pair "EURUSD"/);
    expect((await run(["--pair", "EUR/USD", "--timeframe", "1h"])).err).toMatch(/^error: missing the CSV file/);
    expect((await run([EURUSD_CSV, "--bogus"])).code).toBe(2);
  });

  it("reports a missing file, exit code 1", async () => {
    const dir = await tempDir();
    const { code, err } = await run([path.join(dir, "nope.csv"), "--pair", "EUR/USD", "--timeframe", "1h", "--data-dir", dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/^error: ENOENT: no such file or directory/);
  });
});
