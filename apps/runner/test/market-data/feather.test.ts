import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Field, Float64, Precision, Schema, Table, TimeUnit, Type, tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { candlesFromRows, candlesToRows, sliceCandles } from "../../src/market-data/candles.js";
import { FeatherFormatError, decodeFeather, encodeFeather, readFeather, writeFeather } from "../../src/market-data/feather.js";
import { Lz4FormatError, lz4FrameDecode } from "../../src/market-data/lz4.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/market-data/${name}`, import.meta.url));
const tmpDirs: string[] = [];
afterAll(async () => {
  for (const dir of tmpDirs) await rm(dir, { recursive: true, force: true });
});

const sample = candlesFromRows([
  { date: Date.UTC(2024, 0, 1, 0, 0), open: 42000.01, high: 42100.5, low: 41950, close: 42050.99, volume: 12.34567 },
  { date: Date.UTC(2024, 0, 1, 0, 5), open: 42050.99, high: 42060, low: 41000.1, close: 41001, volume: 0 },
  { date: Date.UTC(2024, 0, 1, 0, 10), open: 0.00001234, high: 0.1 + 0.2, low: 1e-8, close: 1e-8, volume: 9_000_000_000.5 },
]);

describe("encodeFeather / decodeFeather", () => {
  it("round-trips candles exactly", () => {
    expect(candlesToRows(decodeFeather(encodeFeather(sample)))).toEqual(candlesToRows(sample));
  });

  it("writes an uncompressed Arrow IPC file: date timestamp[ms, UTC] + five float64 columns", () => {
    const bytes = encodeFeather(sample);
    const magic = new TextDecoder().decode(bytes.subarray(0, 6));
    expect(magic).toBe("ARROW1");
    expect(new TextDecoder().decode(bytes.subarray(bytes.length - 6))).toBe("ARROW1");
    const table = tableFromIPC(bytes);
    expect(table.schema.fields.map((f) => f.name)).toEqual(["date", "open", "high", "low", "close", "volume"]);
    const date = table.schema.fields[0].type as { typeId: Type; unit: TimeUnit; timezone: string };
    expect(date.typeId).toBe(Type.Timestamp);
    expect(date.unit).toBe(TimeUnit.MILLISECOND);
    expect(date.timezone).toBe("UTC");
    for (const f of table.schema.fields.slice(1)) expect(f.type).toMatchObject({ typeId: Type.Float, precision: Precision.DOUBLE });
    expect(table.numRows).toBe(3);
  });

  it("is deterministic: same candles, same bytes", () => {
    expect(Buffer.from(encodeFeather(sample)).equals(Buffer.from(encodeFeather(candlesFromRows(candlesToRows(sample)))))).toBe(true);
  });

  it("handles an empty table", () => {
    const empty = sliceCandles(sample, 0, 0);
    expect(decodeFeather(encodeFeather(empty)).date.length).toBe(0);
  });

  it("names the missing column", () => {
    const bytes = tableToIPC(tableFromArrays({ date: new Float64Array([1]), open: new Float64Array([1]) }), "file");
    expect(() => decodeFeather(bytes, "x.feather")).toThrow(new FeatherFormatError('x.feather: missing column "high" (columns: date, open)'));
  });

  it("refuses null values", () => {
    const schema = new Schema(["date", "open", "high", "low", "close", "volume"].map((n) => new Field(n, new Float64(), true)));
    const columns = Object.fromEntries(schema.fields.map((f) => [f.name, vectorFromArray([1, f.name === "low" ? null : 2], new Float64())]));
    const bytes = tableToIPC(new Table(columns), "file");
    expect(() => decodeFeather(bytes, "n.feather")).toThrow('n.feather: column "low" has 1 null value(s)');
  });

  it("refuses bytes that are not Arrow", () => {
    expect(() => decodeFeather(new TextEncoder().encode("date,open\n1,2\n"), "a.csv")).toThrow(/^a\.csv: not a readable Arrow IPC\/feather file/);
  });
});

/**
 * The rows in the pandas-*.feather fixtures, verbatim: 48 synthetic 5m candles (2024-01-01 00:00
 * to 03:55 UTC, no gaps) from the project's own generator, generateCandles({ pair: "BTC/USDT",
 * seed: 20230101, startMs: Date.UTC(2024, 0, 1) }), as printed by make-fixture-csv.ts
 * (time, open, high, low, close, volume). make_pandas_fixtures.py writes the fixtures from them.
 */
const GENERATED_BTC_5M_FIRST_48 = [
  "2024-01-01 00:00:00,16540,16562.05,16539.89,16555.9,234.37688",
  "2024-01-01 00:05:00,16555.9,16563.59,16537.28,16557.22,91.64222",
  "2024-01-01 00:10:00,16557.22,16569.31,16540.36,16558.36,137.80701",
  "2024-01-01 00:15:00,16558.36,16570.73,16549.28,16563.67,101.91176",
  "2024-01-01 00:20:00,16563.67,16577.57,16547.97,16555.09,263.84351",
  "2024-01-01 00:25:00,16555.09,16667.39,16554.89,16667.37,1100.69443",
  "2024-01-01 00:30:00,16667.37,16691.54,16647.98,16660.5,84.56748",
  "2024-01-01 00:35:00,16660.5,16665.59,16635.89,16644.1,266.41586",
  "2024-01-01 00:40:00,16644.1,16658.56,16619.88,16646.61,81.37283",
  "2024-01-01 00:45:00,16646.61,16658.08,16603.24,16632.78,422.04893",
  "2024-01-01 00:50:00,16632.78,16659.54,16623.02,16647.92,155.69145",
  "2024-01-01 00:55:00,16647.92,16682.13,16624.71,16631.5,165.40366",
  "2024-01-01 01:00:00,16631.5,16631.83,16582.77,16584.37,1012.55991",
  "2024-01-01 01:05:00,16584.37,16629.01,16582.17,16618.24,117.07152",
  "2024-01-01 01:10:00,16618.24,16638.44,16596.36,16612.7,180.70848",
  "2024-01-01 01:15:00,16612.7,16640.69,16611.26,16635.78,504.19071",
  "2024-01-01 01:20:00,16635.78,16667.46,16629.17,16662.02,382.74235",
  "2024-01-01 01:25:00,16662.02,16707.53,16657.04,16684.71,134.73831",
  "2024-01-01 01:30:00,16684.71,16707.12,16677.91,16704.99,253.28324",
  "2024-01-01 01:35:00,16704.99,16707.2,16667.92,16676.45,245.01486",
  "2024-01-01 01:40:00,16676.45,16685.68,16656.15,16674.65,78.82545",
  "2024-01-01 01:45:00,16674.65,16714.74,16673.42,16713.1,224.2295",
  "2024-01-01 01:50:00,16713.1,16743.03,16692.02,16699.41,360.30056",
  "2024-01-01 01:55:00,16699.41,16710.43,16654.41,16669.68,228.61007",
  "2024-01-01 02:00:00,16669.68,16677.91,16651.13,16652.2,248.44764",
  "2024-01-01 02:05:00,16652.2,16672.6,16652.05,16669.71,235.01808",
  "2024-01-01 02:10:00,16669.71,16670.63,16640.36,16653.53,127.40663",
  "2024-01-01 02:15:00,16653.53,16666.42,16627.24,16654.25,50.76212",
  "2024-01-01 02:20:00,16654.25,16661.26,16639.53,16659.05,63.01038",
  "2024-01-01 02:25:00,16659.05,16675.72,16653.63,16666.39,54.22964",
  "2024-01-01 02:30:00,16666.39,16674.9,16648.87,16650.98,199.44344",
  "2024-01-01 02:35:00,16650.98,16663.89,16640.85,16663.59,172.31276",
  "2024-01-01 02:40:00,16663.59,16675.52,16651.3,16664.64,155.30508",
  "2024-01-01 02:45:00,16664.64,16674.71,16632.1,16643.01,215.38409",
  "2024-01-01 02:50:00,16643.01,16648.78,16631.3,16640.05,79.35057",
  "2024-01-01 02:55:00,16640.05,16674.38,16637.65,16671.54,295.6481",
  "2024-01-01 03:00:00,16671.54,16693.74,16664.42,16676.08,115.02353",
  "2024-01-01 03:05:00,16676.08,16682.94,16648.83,16656.7,83.35359",
  "2024-01-01 03:10:00,16656.7,16670.03,16652.15,16662.34,60.31547",
  "2024-01-01 03:15:00,16662.34,16677.77,16647.48,16669.6,45.67376",
  "2024-01-01 03:20:00,16669.6,16685.22,16662.21,16680.18,104.92325",
  "2024-01-01 03:25:00,16680.18,16689.74,16666.7,16688.87,82.02292",
  "2024-01-01 03:30:00,16688.87,16700.87,16680.62,16695.57,74.98226",
  "2024-01-01 03:35:00,16695.57,16697.04,16660.89,16674.04,160.066",
  "2024-01-01 03:40:00,16674.04,16686.56,16663.56,16681.2,124.04112",
  "2024-01-01 03:45:00,16681.2,16686.4,16663.73,16682.09,71.12429",
  "2024-01-01 03:50:00,16682.09,16691.24,16670.91,16680.96,71.02487",
  "2024-01-01 03:55:00,16680.96,16683.07,16670.94,16676.49,190.58024",
];

describe("feather files written by pandas", () => {
  const expected = GENERATED_BTC_5M_FIRST_48.map((line) => {
    const [time, open, high, low, close, volume] = line.split(",");
    return { date: Date.parse(`${time.replace(" ", "T")}Z`), open: Number(open), high: Number(high), low: Number(low), close: Number(close), volume: Number(volume) };
  });

  it("has the 48 generated 5m BTC/USDT rows as expected values", () => {
    expect(expected).toHaveLength(48);
    expect(expected[0]).toEqual({ date: Date.UTC(2024, 0, 1, 0, 0), open: 16540, high: 16562.05, low: 16539.89, close: 16555.9, volume: 234.37688 });
    expect(expected[47]).toEqual({ date: Date.UTC(2024, 0, 1, 3, 55), open: 16680.96, high: 16683.07, low: 16670.94, close: 16676.49, volume: 190.58024 });
    expect(expected.every((c, i) => c.date === Date.UTC(2024, 0, 1, 0, 5 * i))).toBe(true);
  });

  it.each([
    ["pandas-lz4-ms.feather", "LZ4 body, datetime64[ms, UTC] (what freqtrade writes)"],
    ["pandas-uncompressed-ns.feather", "datetime64[ns, UTC] (pandas 2's unit)"],
    ["pandas-int64-ms.feather", "int64 epoch milliseconds (legacy layout)"],
  ])("reads %s — %s", async (name) => {
    const candles = await readFeather(fixture(name));
    expect(candlesToRows(candles)).toEqual(expected);
    // Spot checks against the CSV text, independent of the parsing above.
    expect(candles.date[0]).toBe(1704067200000); // 2024-01-01 00:00 UTC
    expect([candles.open[0], candles.high[0], candles.low[0], candles.close[0], candles.volume[0]]).toEqual([16540, 16562.05, 16539.89, 16555.9, 234.37688]);
    expect([candles.open[24], candles.high[24], candles.low[24], candles.close[24], candles.volume[24]]).toEqual([16669.68, 16677.91, 16651.13, 16652.2, 248.44764]);
    expect(candles.date[47]).toBe(1704081300000); // 2024-01-01 03:55 UTC
  });

  it("explains how to re-save a ZSTD-compressed file", async () => {
    await expect(readFeather(fixture("pandas-zstd.feather"))).rejects.toThrow(
      `${fixture("pandas-zstd.feather")}: compressed with a codec this reader lacks (only uncompressed and LZ4 are supported); ` +
        're-save it with pandas: df.to_feather(path, compression="uncompressed")',
    );
  });
});

describe("writeFeather", () => {
  it("writes atomically (no temp files left) and replaces an existing file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "feather-test-"));
    tmpDirs.push(dir);
    const file = path.join(dir, "binance", "BTC_USDT-5m.feather");
    await writeFeather(file, sample);
    await writeFeather(file, sliceCandles(sample, 0, 2));
    expect(await readdir(path.dirname(file))).toEqual(["BTC_USDT-5m.feather"]);
    expect((await readFeather(file)).date.length).toBe(2);
  });
});

describe("lz4FrameDecode", () => {
  const frame = (...blocks: number[][]) =>
    new Uint8Array([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, ...blocks.flat(), 0, 0, 0, 0]);
  const block = (bytes: number[], uncompressed = false) => {
    const size = bytes.length | (uncompressed ? 0x80000000 : 0);
    return [size & 0xff, (size >>> 8) & 0xff, (size >>> 16) & 0xff, size >>> 24, ...bytes];
  };
  const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

  it("decodes literals and a back-reference", () => {
    // token 0x44: 4 literals "abcd", match offset 4 length 8; then 1 literal "e"
    expect(text(lz4FrameDecode(frame(block([0x44, ...ascii("abcd"), 4, 0, 0x10, ...ascii("e")]))))).toBe("abcdabcdabcde");
  });

  it("decodes an overlapping match (run-length)", () => {
    expect(text(lz4FrameDecode(frame(block([0x12, ...ascii("a"), 1, 0, 0x10, ...ascii("b")]))))).toBe("aaaaaaab");
  });

  it("decodes long literal runs, uncompressed blocks and matches across blocks", () => {
    const twenty = "0123456789abcdefghij";
    const decoded = lz4FrameDecode(
      frame(block([0xf0, 5, ...ascii(twenty)]), block(ascii("XYZ"), true), block([0x0f, 3, 0, 2, 0x10, ...ascii("!")])),
    );
    // match of 4+15+2 = 21 bytes at offset 3 repeats "XYZ"
    expect(text(decoded)).toBe(`${twenty}XYZ${"XYZ".repeat(7)}!`);
  });

  it("rejects a bad magic number and truncated input", () => {
    expect(() => lz4FrameDecode(new Uint8Array([1, 2, 3, 4, 5]))).toThrow(Lz4FormatError);
    expect(() => lz4FrameDecode(frame(block([0x44, ...ascii("abcd"), 9, 0, 0x10, 0x65])))).toThrow("invalid LZ4 frame: bad match offset 9");
    expect(() => lz4FrameDecode(new Uint8Array([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82, 9, 0, 0, 0, 1]))).toThrow("invalid LZ4 frame: truncated block");
  });
});
