/**
 * Imports an OHLCV CSV into the market-data store (plus every larger timeframe resampled from it).
 *
 *   npm run data:import -- <file.csv> --pair SOL/USDT --timeframe 1h [--data-dir DIR]
 *
 * DIR defaults to the runner's market-data directory (loadRunnerConfig().marketDataDir:
 * $MARKET_DATA_DIR, else $TRADELAB_DATA_DIR/market-data, else <repo>/.data/market-data).
 */
import { parseArgs } from "node:util";
import { pairSchema, timeframeSchema, TIMEFRAMES } from "@tradelab/contracts";
import { formatUtcMinute } from "../market-data/candles.js";
import { CsvImportError, importOhlcvCsvFile } from "../market-data/csv-import.js";
import { MarketDataError, MarketDataStore } from "../market-data/data-store.js";
import { FeatherFormatError } from "../market-data/feather.js";
import { loadRunnerConfig } from "../config.js";

const USAGE = `usage: npm run data:import -- <file.csv> --pair BASE/QUOTE --timeframe TF [--data-dir DIR]

  --pair       pair the candles belong to, e.g. SOL/USDT
  --timeframe  the file's candle timeframe: ${TIMEFRAMES.join(", ")}
  --data-dir   market-data store (default: $MARKET_DATA_DIR, else $TRADELAB_DATA_DIR/market-data,
               else <repo>/.data/market-data — the runner's own)

The CSV needs a header naming a date/time column and open, high, low, close, volume (any order
and case), or the header-less Binance kline layout. Times: ISO 8601, "YYYY-MM-DD HH:MM:SS" (UTC),
epoch seconds or milliseconds.`;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  let values: { pair?: string; timeframe?: string; "data-dir"?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pair: { type: "string" },
        timeframe: { type: "string" },
        "data-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    return fail(new UsageError((err as Error).message));
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  try {
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `expected one CSV file, got ${positionals.length}` : "missing the CSV file");
    if (!values.pair) throw new UsageError("missing --pair");
    if (!values.timeframe) throw new UsageError("missing --timeframe");
    const pair = pairSchema.safeParse(values.pair);
    if (!pair.success) throw new UsageError(pair.error.issues[0]?.message ?? "invalid --pair");
    const timeframe = timeframeSchema.safeParse(values.timeframe);
    if (!timeframe.success) throw new UsageError(timeframe.error.issues[0]?.message ?? "invalid --timeframe");

    const store = new MarketDataStore(values["data-dir"] ?? loadRunnerConfig().marketDataDir);
    const result = await importOhlcvCsvFile(store, positionals[0], { pair: pair.data, timeframe: timeframe.data });
    const base = result.written[0];
    console.log(
      `imported ${result.rows} ${result.timeframe} candles of ${result.pair} from ${result.originalFile} ` +
        `(${formatUtcMinute(Date.parse(base.firstCandle))} to ${formatUtcMinute(Date.parse(base.lastCandle))} UTC` +
        `${result.missingCandles ? `, ${result.missingCandles} missing candles` : ""})`,
    );
    for (const w of result.written) console.log(`  ${w.timeframe.padEnd(4)} ${String(w.candles).padStart(8)} candles  ${w.file}`);
    for (const file of result.removed) console.log(`  removed ${file} (earlier data of ${result.pair})`);
    console.log(`store: ${store.rootDir}`);
    return 0;
  } catch (err) {
    return fail(err);
  }
}

function fail(err: unknown): number {
  if (err instanceof UsageError) {
    console.error(`error: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (err instanceof CsvImportError || err instanceof MarketDataError || err instanceof FeatherFormatError) {
    console.error(`error: ${err.message}`);
    return 1;
  }
  if ((err as NodeJS.ErrnoException)?.code === "ENOENT") {
    console.error(`error: ${(err as Error).message}`);
    return 1;
  }
  console.error(err);
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("data-import-cli.ts")) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
