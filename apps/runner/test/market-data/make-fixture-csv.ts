/**
 * Prints the 48 rows behind the pandas-*.feather fixtures as CSV on stdout: the project's own
 * synthetic candles, generateCandles() for BTC/USDT 5m, seed 20230101, 2024-01-01 00:00 to
 * 03:55 UTC. make_pandas_fixtures.py runs this (npx tsx ...) and feather.test.ts holds the same
 * lines as literals. Numbers are JavaScript's shortest round-trip text, so float() in Python
 * reads back the same doubles.
 */
import { generateCandles } from "../../src/market-data/generate.js";

const FIXTURE_PAIR = "BTC/USDT";
const FIXTURE_SEED = 20230101;
const FIXTURE_START_MS = Date.UTC(2024, 0, 1);
const FIXTURE_ROWS = 48;

const c = generateCandles({ pair: FIXTURE_PAIR, seed: FIXTURE_SEED, startMs: FIXTURE_START_MS, endMs: FIXTURE_START_MS + FIXTURE_ROWS * 300_000 });
const lines = ["date,open,high,low,close,volume"];
for (let i = 0; i < c.date.length; i++) {
  const time = new Date(c.date[i]).toISOString().slice(0, 19).replace("T", " ");
  lines.push([time, c.open[i], c.high[i], c.low[i], c.close[i], c.volume[i]].map(String).join(","));
}
process.stdout.write(`${lines.join("\n")}\n`);
