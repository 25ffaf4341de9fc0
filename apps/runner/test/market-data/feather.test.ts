import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { Field, Float64, Precision, Schema, Table, TimeUnit, Type, tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { candlesFromRows, candlesToRows, sliceCandles } from "../../src/market-data/candles.js";
import { parseOhlcvCsv } from "../../src/market-data/csv-import.js";
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

describe("feather files written by pandas", () => {
  const csvRows = () =>
    readFile(fixture("SOLUSDT.csv"), "utf8").then((text) =>
      candlesToRows(sliceCandles(parseOhlcvCsv(text, { timeframe: "1h" }).candles, 0, 48)),
    );

  it.each([
    ["pandas-lz4-ms.feather", "LZ4 body, datetime64[ms, UTC] (what freqtrade writes)"],
    ["pandas-uncompressed-ns.feather", "datetime64[ns, UTC] (pandas 2's unit)"],
    ["pandas-int64-ms.feather", "int64 epoch milliseconds (legacy layout)"],
  ])("reads %s — %s", async (name) => {
    const candles = await readFeather(fixture(name));
    expect(candlesToRows(candles)).toEqual(await csvRows());
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
