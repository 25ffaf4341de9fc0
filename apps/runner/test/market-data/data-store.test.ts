import { mkdir, mkdtemp, readFile, readdir, rm, stat, utimes, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { candleCount, candlesInRange, candlesToRows } from "../../src/market-data/candles.js";
import { MarketDataError, MarketDataStore, SANDBOX_FREQTRADE_DATADIR } from "../../src/market-data/data-store.js";
import { GENERATOR_ID, generateCandles } from "../../src/market-data/generate.js";
import { resampleCandles } from "../../src/market-data/resample.js";

const DAY = 86_400_000;
const START = Date.UTC(2024, 0, 1);
const SHORT = { pairs: ["BTC/USDT", "ETH/USDT"], startMs: START, endMs: START + 3 * DAY };
const TIMEFRAMES = ["5m", "15m", "30m", "1h", "2h", "4h", "1d"];

const roots: string[] = [];
async function tempStore(): Promise<MarketDataStore> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "market-data-test-"));
  roots.push(dir);
  return new MarketDataStore(dir);
}
afterAll(async () => {
  for (const dir of roots) await rm(dir, { recursive: true, force: true });
});

async function snapshot(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  files.set("manifest.json", await readFile(path.join(root, "manifest.json")));
  for (const name of (await readdir(path.join(root, "binance"))).sort()) files.set(name, await readFile(path.join(root, "binance", name)));
  return files;
}

describe("MarketDataStore.ensureDefaultDataSet", () => {
  it("generates, resamples and writes every pair × timeframe with a manifest", async () => {
    const store = await tempStore();
    const logs: string[] = [];
    const result = await store.ensureDefaultDataSet({ ...SHORT, log: (m) => logs.push(m) });
    expect(result.generated).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(logs.some((l) => l.startsWith("market data: generated BTC/USDT"))).toBe(true);

    const files = (await readdir(store.exchangeDir)).sort();
    expect(files).toHaveLength(14);
    expect(files).toContain("BTC_USDT-5m.feather");
    expect(files).toContain("ETH_USDT-1d.feather");

    const manifest = JSON.parse(await readFile(store.manifestPath, "utf8"));
    expect(manifest.entries).toHaveLength(14);
    expect(manifest.entries[0]).toEqual({
      pair: "BTC/USDT",
      timeframe: "5m",
      source: "generated",
      seed: 20230101,
      generator: GENERATOR_ID,
      firstCandle: "2024-01-01T00:00:00.000Z",
      lastCandle: "2024-01-03T23:55:00.000Z",
      candles: 864,
      file: "binance/BTC_USDT-5m.feather",
    });
    expect(manifest.entries.find((e: { timeframe: string }) => e.timeframe === "1d")).toMatchObject({
      pair: "BTC/USDT",
      derivedFrom: "5m",
      candles: 3,
      lastCandle: "2024-01-03T00:00:00.000Z",
    });
    expect(await readdir(store.rootDir)).not.toContain(".lock");
  });

  it("stores exactly the generated and resampled candles", async () => {
    const store = await tempStore();
    await store.ensureDefaultDataSet(SHORT);
    const expected = generateCandles({ pair: "ETH/USDT", startMs: SHORT.startMs, endMs: SHORT.endMs });
    expect(candlesToRows(await store.readCandles("ETH/USDT", "5m"))).toEqual(candlesToRows(expected));
    expect(candlesToRows(await store.readCandles("ETH/USDT", "4h"))).toEqual(candlesToRows(resampleCandles(expected, "5m", "4h")));
  });

  it("is idempotent: a second call changes nothing", async () => {
    const store = await tempStore();
    await store.ensureDefaultDataSet(SHORT);
    const before = await snapshot(store.rootDir);
    const mtime = (await stat(store.filePath("BTC/USDT", "5m"))).mtimeMs;
    const again = await store.ensureDefaultDataSet(SHORT);
    expect(again.generated).toEqual([]);
    expect(again.kept).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect(await snapshot(store.rootDir)).toEqual(before);
    expect((await stat(store.filePath("BTC/USDT", "5m"))).mtimeMs).toBe(mtime);
  });

  it("same seed → byte-identical stores", async () => {
    const a = await tempStore();
    const b = await tempStore();
    await a.ensureDefaultDataSet(SHORT);
    await b.ensureDefaultDataSet(SHORT);
    expect(await snapshot(b.rootDir)).toEqual(await snapshot(a.rootDir));
  });

  it("regenerates a pair whose file went missing, and everything when the seed changes", async () => {
    const store = await tempStore();
    await store.ensureDefaultDataSet(SHORT);
    await rm(store.filePath("ETH/USDT", "1h"));
    expect((await store.ensureDefaultDataSet(SHORT)).generated).toEqual(["ETH/USDT"]);
    expect((await stat(store.filePath("ETH/USDT", "1h"))).size).toBeGreaterThan(0);
    const reseeded = await store.ensureDefaultDataSet({ ...SHORT, seed: 7 });
    expect(reseeded.generated).toEqual(["BTC/USDT", "ETH/USDT"]);
    expect((await store.readManifest()).entries.every((e) => e.seed === 7)).toBe(true);
  });

  it("serialises concurrent calls (one generates, the other finds it done)", async () => {
    const store = await tempStore();
    const [a, b] = await Promise.all([store.ensureDefaultDataSet(SHORT), new MarketDataStore(store.rootDir).ensureDefaultDataSet(SHORT)]);
    expect([a.generated.length, b.generated.length].sort()).toEqual([0, 2]);
    expect((await store.readManifest()).entries).toHaveLength(14);
  });

  it("takes over a stale lock left by a crashed process", async () => {
    const store = await tempStore();
    const lock = path.join(store.rootDir, ".lock");
    await mkdir(lock, { recursive: true });
    const old = new Date(Date.now() - 60 * 60_000);
    await utimes(lock, old, old);
    expect((await store.ensureDefaultDataSet({ ...SHORT, pairs: ["BTC/USDT"] })).generated).toEqual(["BTC/USDT"]);
  });

  it("keeps pairs that hold imported data", async () => {
    const store = await tempStore();
    await store.ensureDefaultDataSet(SHORT);
    const hourly = resampleCandles(generateCandles({ pair: "BTC/USDT", seed: 99, startMs: START, endMs: START + 2 * DAY }), "5m", "1h");
    const summary = await store.importCandles("BTC/USDT", "1h", hourly, { originalFile: "btc.csv" });
    expect(summary.written.map((w) => w.timeframe)).toEqual(["1h", "2h", "4h", "1d"]);
    expect(summary.removed).toEqual(["binance/BTC_USDT-5m.feather", "binance/BTC_USDT-15m.feather", "binance/BTC_USDT-30m.feather"]);
    expect((await readdir(store.exchangeDir)).filter((f) => f.startsWith("BTC_")).sort()).toEqual([
      "BTC_USDT-1d.feather",
      "BTC_USDT-1h.feather",
      "BTC_USDT-2h.feather",
      "BTC_USDT-4h.feather",
    ]);
    const again = await store.ensureDefaultDataSet(SHORT);
    expect(again.generated).toEqual([]);
    expect(again.kept).toEqual(["BTC/USDT", "ETH/USDT"]);
    const btc = (await store.readManifest()).entries.filter((e) => e.pair === "BTC/USDT");
    expect(btc.every((e) => e.source === "imported" && e.originalFile === "btc.csv")).toBe(true);
  });
});

describe("MarketDataStore.availability and checkCoverage", () => {
  const ready = (async () => {
    const store = await tempStore();
    await store.ensureDefaultDataSet(SHORT);
    return store;
  })();

  it("lists every pair × timeframe with source and range", async () => {
    const store = await ready;
    const list = await store.availability();
    expect(list).toHaveLength(14);
    expect(list.filter((a) => a.pair === "BTC/USDT").map((a) => a.timeframe)).toEqual(TIMEFRAMES);
    expect(list[0]).toEqual({
      pair: "BTC/USDT",
      timeframe: "5m",
      source: "generated",
      start: "2024-01-01T00:00:00.000Z",
      end: "2024-01-04T00:00:00.000Z",
      candles: 864,
    });
  });

  it("accepts a covered range (end exclusive)", async () => {
    const store = await ready;
    expect(await store.checkCoverage(["BTC/USDT", "eth/usdt"], "1h", START, START + 3 * DAY)).toEqual({ ok: true });
    await expect(store.assertCoverage(["BTC/USDT"], "1d", START + DAY, START + 2 * DAY)).resolves.toBeUndefined();
  });

  it("names a missing timeframe and what is available", async () => {
    const store = await ready;
    const result = await store.checkCoverage(["BTC/USDT"], "1m", START, START + DAY);
    expect(result).toEqual({
      ok: false,
      error: "no data for BTC/USDT 1m; available: 5m, 15m, 30m, 1h, 2h, 4h, 1d from 2024-01-01 00:00 to 2024-01-04 00:00",
      problems: [
        {
          kind: "no-timeframe",
          pair: "BTC/USDT",
          timeframe: "1m",
          message: "no data for BTC/USDT 1m; available: 5m, 15m, 30m, 1h, 2h, 4h, 1d from 2024-01-01 00:00 to 2024-01-04 00:00",
        },
      ],
    });
  });

  it("names a missing pair, a range outside the data, and reports every problem", async () => {
    const store = await ready;
    const result = await store.checkCoverage(["SOL/USDT", "ETH/USDT"], "5m", START - DAY, START + DAY);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.kind)).toEqual(["no-pair", "out-of-range"]);
    expect(result.error).toBe(
      "no data for SOL/USDT; available pairs: BTC/USDT, ETH/USDT\n" +
        "not enough data for ETH/USDT 5m: requested 2023-12-31 00:00 to 2024-01-02 00:00, available 2024-01-01 00:00 to 2024-01-04 00:00 (UTC)",
    );
    const late = await store.checkCoverage(["BTC/USDT"], "1d", START, START + 5 * DAY);
    expect(late.ok ? "" : late.error).toBe(
      "not enough data for BTC/USDT 1d: requested 2024-01-01 00:00 to 2024-01-06 00:00, available 2024-01-01 00:00 to 2024-01-04 00:00 (UTC)",
    );
  });

  it("rejects an empty range, an unknown timeframe and a malformed pair", async () => {
    const store = await ready;
    const empty = await store.checkCoverage(["BTC/USDT"], "1h", START, START);
    expect(empty.ok ? "" : empty.error).toBe("empty time range: 2024-01-01 00:00 to 2024-01-01 00:00");
    const tf = await store.checkCoverage(["BTC/USDT"], "3m", START, START + DAY);
    expect(tf.ok ? "" : tf.error).toBe('unknown timeframe "3m"; use one of 1m, 5m, 15m, 30m, 1h, 2h, 4h, 1d');
    const pair = await store.checkCoverage(["BTCUSDT"], "1h", START, START + DAY);
    expect(pair.ok ? "" : pair.error).toBe('invalid pair "BTCUSDT"; expected BASE/QUOTE such as BTC/USDT');
    await expect(store.assertCoverage(["SOL/USDT"], "1h", START, START + DAY)).rejects.toThrow(
      new MarketDataError("no data for SOL/USDT; available pairs: BTC/USDT, ETH/USDT"),
    );
  });

  it("reports an empty store", async () => {
    const store = await tempStore();
    const result = await store.checkCoverage(["BTC/USDT"], "5m", START, START + DAY);
    expect(result.ok ? "" : result.error).toBe("no data for BTC/USDT; available pairs: none");
    expect(await store.availability()).toEqual([]);
  });

  it("readCandles names what is available when a timeframe is missing", async () => {
    const store = await ready;
    await expect(store.readCandles("BTC/USDT", "1m")).rejects.toThrow(
      "no data for BTC/USDT 1m; available: 5m, 15m, 30m, 1h, 2h, 4h, 1d from 2024-01-01 00:00 to 2024-01-04 00:00",
    );
    const day2 = candlesInRange(await store.readCandles("BTC/USDT", "1h"), START + DAY, START + 2 * DAY);
    expect(candleCount(day2)).toBe(24);
  });
});

describe("MarketDataStore layout", () => {
  it("exposes the host path to mount at /data and freqtrade's file names", async () => {
    const store = new MarketDataStore("relative/dir");
    expect(store.hostPath).toBe(path.resolve("relative/dir"));
    expect(store.filePath("DOGE/USDT", "15m")).toBe(path.resolve("relative/dir/binance/DOGE_USDT-15m.feather"));
    expect(MarketDataStore.relativeFile("BTC/USDT", "5m")).toBe("binance/BTC_USDT-5m.feather");
    expect(SANDBOX_FREQTRADE_DATADIR).toBe("/data/binance");
  });

  it("reports a corrupt manifest with its path", async () => {
    const store = await tempStore();
    await writeFile(store.manifestPath, "{ nope");
    await expect(store.availability()).rejects.toThrow(`${store.manifestPath} is not valid JSON`);
    await writeFile(store.manifestPath, JSON.stringify({ version: 1, exchange: "binance", entries: [{ pair: "BTC/USDT" }] }));
    await expect(store.availability()).rejects.toThrow(`${store.manifestPath} is malformed at entries.0.timeframe`);
  });

  it("refuses to import nothing or a malformed pair", async () => {
    const store = await tempStore();
    const none = resampleCandles(generateCandles({ pair: "BTC/USDT", startMs: START, endMs: START + 3_600_000 }), "5m", "1d");
    await expect(store.importCandles("BTC/USDT", "1d", none, { originalFile: "x.csv" })).rejects.toThrow("nothing to import for BTC/USDT 1d: no candles");
    await expect(store.importCandles("BTC-USDT", "1d", none, { originalFile: "x.csv" })).rejects.toThrow('invalid pair "BTC-USDT"');
  });
});
