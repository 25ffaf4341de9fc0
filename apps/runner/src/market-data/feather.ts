/**
 * Freqtrade OHLCV feather files: `<datadir>/<BASE>_<QUOTE>-<timeframe>.feather`, an Arrow IPC
 * *file* with the columns date, open, high, low, close, volume.
 *
 * What freqtrade 2026.9 accepts (read in freqtrade/data/history/datahandlers/arrowdatahandler.py
 * and checked against the installed package): it opens the file with
 * `pyarrow.dataset.dataset(file, format="feather")`, filters on `field("date") >= <tz-aware
 * datetime>`, converts to pandas, casts the value columns to float and then runs
 * `df["date"].dt.as_unit("ms")`. So `date` must be an Arrow *timestamp with a time zone*:
 *   - int64 epoch-ms dates are rejected: `.dt` raises, freqtrade logs the error and treats the
 *     pair as having no data at all;
 *   - naive timestamps (no tz) load without a timerange but crash the timerange comparison.
 * Freqtrade itself writes `timestamp[<unit>, tz=UTC]` (the unit follows pandas: ns with pandas 2,
 * us for freshly downloaded data with pandas 3, ms after a load/store round trip, because it
 * normalises to ms on load). We write `timestamp[ms, tz=UTC]` + float64 columns, uncompressed.
 *
 * Reading accepts what pandas/freqtrade/older tools write: timestamp in s/ms/us/ns (with or
 * without tz, taken as UTC), int64 or float epoch milliseconds, integer or float value columns,
 * and uncompressed or LZ4-compressed bodies (pandas' default). ZSTD bodies are refused with a
 * message saying how to re-save the file.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { randomBytes } from "node:crypto";
import {
  CompressionType,
  Field,
  Float64,
  Precision,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
  TimestampMillisecond,
  Type,
  compressionRegistry,
  makeData,
  tableFromIPC,
  tableToIPC,
  type Vector,
} from "apache-arrow";
import { CANDLE_COLUMNS, allocateCandles, candleCount, type Candles } from "./candles.js";
import { lz4FrameDecode } from "./lz4.js";

if (!compressionRegistry.get(CompressionType.LZ4_FRAME)) {
  compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: (data) => lz4FrameDecode(data) });
}

export class FeatherFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FeatherFormatError";
  }
}

const VALUE_COLUMNS = ["open", "high", "low", "close", "volume"] as const;

/** Encodes candles as an uncompressed Arrow IPC file in freqtrade's layout. */
export function encodeFeather(candles: Candles): Uint8Array {
  const length = candleCount(candles);
  const dates = new BigInt64Array(length);
  for (let i = 0; i < length; i++) dates[i] = BigInt(candles.date[i]);

  const fields = [
    new Field("date", new TimestampMillisecond("UTC"), false),
    ...VALUE_COLUMNS.map((name) => new Field(name, new Float64(), false)),
  ];
  const children = [
    makeData({ type: fields[0].type as TimestampMillisecond, length, nullCount: 0, data: dates }),
    ...VALUE_COLUMNS.map((name, i) =>
      makeData({ type: fields[i + 1].type as Float64, length, nullCount: 0, data: candles[name] }),
    ),
  ];
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length, nullCount: 0, children }));
  return tableToIPC(new Table(schema, [batch]), "file");
}

/** Decodes a feather / Arrow IPC (file or stream format) OHLCV table. */
export function decodeFeather(bytes: Uint8Array, label = "feather data"): Candles {
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (/codec not found/i.test(reason)) {
      throw new FeatherFormatError(
        `${label}: compressed with a codec this reader lacks (only uncompressed and LZ4 are supported); ` +
          `re-save it with pandas: df.to_feather(path, compression="uncompressed")`,
      );
    }
    throw new FeatherFormatError(`${label}: not a readable Arrow IPC/feather file (${reason})`);
  }
  const names = table.schema.fields.map((f) => f.name);
  const columns = new Map<string, Vector>();
  for (const name of CANDLE_COLUMNS) {
    const vector = table.getChild(name);
    if (!vector) {
      throw new FeatherFormatError(`${label}: missing column "${name}" (columns: ${names.join(", ")})`);
    }
    if (vector.nullCount > 0) {
      throw new FeatherFormatError(`${label}: column "${name}" has ${vector.nullCount} null value(s)`);
    }
    columns.set(name, vector);
  }

  const out = allocateCandles(table.numRows);
  readDateColumn(columns.get("date")!, out.date, label);
  for (const name of VALUE_COLUMNS) readNumberColumn(columns.get(name)!, out[name], name, label);
  return out;
}

function readDateColumn(vector: Vector, into: Float64Array, label: string): void {
  const type = vector.type;
  if (type.typeId === Type.Timestamp) {
    const unit = (type as { unit: TimeUnit }).unit;
    let offset = 0;
    for (const chunk of vector.data) {
      const values = chunk.values as BigInt64Array;
      for (let i = 0; i < chunk.length; i++) into[offset + i] = timestampToMs(values[i], unit);
      offset += chunk.length;
    }
    return;
  }
  if (type.typeId === Type.Int || type.typeId === Type.Float) {
    // Legacy layout: epoch milliseconds as a plain number (freqtrade 2026.9 itself rejects it).
    readNumberColumn(vector, into, "date", label);
    return;
  }
  throw new FeatherFormatError(`${label}: column "date" has type ${String(type)}; expected a timestamp or epoch milliseconds`);
}

function timestampToMs(value: bigint, unit: TimeUnit): number {
  switch (unit) {
    case TimeUnit.SECOND:
      return Number(value) * 1000;
    case TimeUnit.MILLISECOND:
      return Number(value);
    case TimeUnit.MICROSECOND:
      return Number(value / 1000n);
    case TimeUnit.NANOSECOND:
      return Number(value / 1000000n);
  }
}

function readNumberColumn(vector: Vector, into: Float64Array, name: string, label: string): void {
  const typeId = vector.type.typeId;
  const isHalfFloat = typeId === Type.Float && (vector.type as { precision: Precision }).precision === Precision.HALF;
  if ((typeId !== Type.Float && typeId !== Type.Int) || isHalfFloat) {
    throw new FeatherFormatError(`${label}: column "${name}" has type ${String(vector.type)}; expected numbers`);
  }
  let offset = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as ArrayLike<number | bigint>;
    for (let i = 0; i < chunk.length; i++) into[offset + i] = Number(values[i]);
    offset += chunk.length;
  }
}

export async function readFeather(path: string): Promise<Candles> {
  return decodeFeather(await readFile(path), path);
}

/** Writes `bytes` to `path` atomically: a temp file in the same directory, then rename. */
export async function writeFileAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export async function writeFeather(path: string, candles: Candles): Promise<void> {
  await writeFileAtomic(path, encodeFeather(candles));
}
