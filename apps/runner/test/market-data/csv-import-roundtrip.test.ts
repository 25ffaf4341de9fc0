/**
 * CSV file → store → feather files → read back, through the library and through the CLI.
 * Filesystem only (temp directories), so it lives in the unit project.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/data-import-cli.js";
import { candlesToRows } from "../../src/market-data/candles.js";
import { importOhlcvCsvFile, parseOhlcvCsv } from "../../src/market-data/csv-import.js";
import { MarketDataStore } from "../../src/market-data/data-store.js";
import { buildExchangeInfo } from "../../src/market-data/markets-metadata.js";

const SOL_CSV = fileURLToPath(new URL("../fixtures/market-data/SOLUSDT.csv", import.meta.url));
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

describe("importing SOLUSDT.csv into a store", () => {
  it("writes 1h plus resampled 2h/4h/1d and reads them back", async () => {
    const store = new MarketDataStore(await tempDir());
    const result = await importOhlcvCsvFile(store, SOL_CSV, { pair: "SOL/USDT", timeframe: "1h" });
    expect(result).toMatchObject({ pair: "SOL/USDT", timeframe: "1h", rows: 1000, missingCandles: 0, originalFile: "SOLUSDT.csv", removed: [] });
    expect(result.written.map((w) => [w.timeframe, w.candles, w.file])).toEqual([
      ["1h", 1000, "binance/SOL_USDT-1h.feather"],
      ["2h", 499, "binance/SOL_USDT-2h.feather"],
      ["4h", 249, "binance/SOL_USDT-4h.feather"],
      ["1d", 41, "binance/SOL_USDT-1d.feather"],
    ]);

    // 1h reads back exactly as parsed from the CSV.
    const parsed = parseOhlcvCsv(await readFile(SOL_CSV, "utf8"), { timeframe: "1h" });
    const hourly = candlesToRows(await store.readCandles("SOL/USDT", "1h"));
    expect(hourly).toEqual(candlesToRows(parsed.candles));

    // The first daily candle aggregates the 24 hours of 2024-09-20 (the partial 2024-09-19 is dropped).
    const day = hourly.filter((c) => c.date >= Date.UTC(2024, 8, 20) && c.date < Date.UTC(2024, 8, 21));
    expect(day).toHaveLength(24);
    const [daily] = candlesToRows(await store.readCandles("SOL/USDT", "1d"));
    expect(daily).toEqual({
      date: Date.UTC(2024, 8, 20),
      open: 142.88,
      high: Math.max(...day.map((c) => c.high)),
      low: Math.min(...day.map((c) => c.low)),
      close: 146.66,
      volume: day.reduce((s, c) => s + c.volume, 0),
    });
    expect(daily.high).toBe(152.5);
    expect(daily.low).toBe(141.18);

    // Manifest: source "imported" with the original file name.
    const manifest = await store.readManifest();
    expect(manifest.entries.map((e) => [e.timeframe, e.source, e.originalFile, e.derivedFrom])).toEqual([
      ["1h", "imported", "SOLUSDT.csv", undefined],
      ["2h", "imported", "SOLUSDT.csv", "1h"],
      ["4h", "imported", "SOLUSDT.csv", "1h"],
      ["1d", "imported", "SOLUSDT.csv", "1h"],
    ]);
    expect(manifest.entries[0]).toMatchObject({ firstCandle: "2024-09-19T23:00:00.000Z", lastCandle: "2024-10-31T14:00:00.000Z", candles: 1000 });
  });

  it("answers coverage questions about the imported pair", async () => {
    const store = new MarketDataStore(await tempDir());
    await importOhlcvCsvFile(store, SOL_CSV, { pair: "SOL/USDT", timeframe: "1h" });
    expect(await store.checkCoverage(["SOL/USDT"], "1h", Date.UTC(2024, 8, 20), Date.UTC(2024, 9, 31))).toEqual({ ok: true });
    const fiveMinutes = await store.checkCoverage(["SOL/USDT"], "5m", Date.UTC(2024, 8, 20), Date.UTC(2024, 9, 31));
    expect(fiveMinutes.ok ? "" : fiveMinutes.error).toBe(
      "no data for SOL/USDT 5m; available: 1h from 2024-09-19 23:00 to 2024-10-31 15:00; " +
        "2h from 2024-09-20 00:00 to 2024-10-31 14:00; 4h from 2024-09-20 00:00 to 2024-10-31 12:00; " +
        "1d from 2024-09-20 00:00 to 2024-10-31 00:00",
    );
    const tooLong = await store.checkCoverage(["SOL/USDT"], "1h", Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1));
    expect(tooLong.ok ? "" : tooLong.error).toBe(
      "not enough data for SOL/USDT 1h: requested 2024-01-01 00:00 to 2025-01-01 00:00, available 2024-09-19 23:00 to 2024-10-31 15:00 (UTC)",
    );
    // SOL/USDT has no recorded Binance metadata: the sandbox gets the generic symbol.
    expect(buildExchangeInfo(["SOL/USDT"]).symbols[0].symbol).toBe("SOLUSDT");
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
    const { code, out, err } = await run([SOL_CSV, "--pair", "sol/usdt", "--timeframe", "1h", "--data-dir", dir]);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("imported 1000 1h candles of SOL/USDT from SOLUSDT.csv (2024-09-19 23:00 to 2024-10-31 14:00 UTC)");
    expect(out).toContain("1d         41 candles  binance/SOL_USDT-1d.feather");
    expect((await new MarketDataStore(dir).availability()).map((a) => a.timeframe)).toEqual(["1h", "2h", "4h", "1d"]);
  });

  it("reports invalid CSV content with line and column, exit code 1", async () => {
    const dir = await tempDir();
    const csv = path.join(dir, "bad.csv");
    await writeFile(csv, "timestamp,open,high,low,close,volume\n2024-09-20 00:00:00,10,9,8,9.5,1\n");
    const { code, err } = await run([csv, "--pair", "SOL/USDT", "--timeframe", "1h", "--data-dir", path.join(dir, "store")]);
    expect(code).toBe(1);
    expect(err).toBe('error: bad.csv: line 2, column "high": high 9 is below max(open, close) 10');
  });

  it("reports usage errors, exit code 2", async () => {
    const missing = await run([SOL_CSV, "--timeframe", "1h"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/^error: missing --pair\n\nusage: npm run data:import/);
    expect((await run([SOL_CSV, "--pair", "SOL/USDT", "--timeframe", "3m"])).err).toMatch(/^error: unknown timeframe "3m"; use one of 1m, 5m/);
    expect((await run([SOL_CSV, "--pair", "SOLUSDT", "--timeframe", "1h"])).err).toMatch(/^error: invalid pair "SOLUSDT"/);
    expect((await run(["--pair", "SOL/USDT", "--timeframe", "1h"])).err).toMatch(/^error: missing the CSV file/);
    expect((await run([SOL_CSV, "--bogus"])).code).toBe(2);
  });

  it("reports a missing file, exit code 1", async () => {
    const dir = await tempDir();
    const { code, err } = await run([path.join(dir, "nope.csv"), "--pair", "SOL/USDT", "--timeframe", "1h", "--data-dir", dir]);
    expect(code).toBe(1);
    expect(err).toMatch(/^error: ENOENT: no such file or directory/);
  });
});
