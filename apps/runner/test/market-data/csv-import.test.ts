import { describe, expect, it } from "vitest";
import type { Timeframe } from "@tradelab/contracts";
import { candlesToRows } from "../../src/market-data/candles.js";
import { CsvImportError, formatCsvIssue, parseCsvTimestamp, parseOhlcvCsv } from "../../src/market-data/csv-import.js";

const H = 3_600_000;
const T = Date.UTC(2024, 8, 20); // 2024-09-20 00:00 UTC

const lines = (...rows: string[]) => rows.join("\n");

/** The formatted problems parseOhlcvCsv reports for `text`. */
function problems(text: string, timeframe: Timeframe = "1h", maxIssues?: number): string[] {
  try {
    parseOhlcvCsv(text, { timeframe, fileName: "t.csv", maxIssues });
  } catch (err) {
    if (err instanceof CsvImportError) return err.issues.map(formatCsvIssue);
    throw err;
  }
  return [];
}

// A real file (EURUSD.csv, fetched by scripts/fetch-sample-ohlcv.sh) is parsed in csv-import-roundtrip.test.ts.
describe("parseOhlcvCsv: accepted shapes", () => {
  it("takes columns in any order and case, ignores extra columns, CRLF, BOM, blank lines and quotes", () => {
    const text =
      "\uFEFF" +
      ['VOLUME;"Close";low;HIGH;Open;Time;trades', '10;2;0.5;3;1;"2024-09-20 00:00:00";7', "", "11;2.5;1;3;2;2024-09-20 01:00:00;8", ""].join("\r\n");
    const parsed = parseOhlcvCsv(text, { timeframe: "1h" });
    expect(candlesToRows(parsed.candles)).toEqual([
      { date: T, open: 1, high: 3, low: 0.5, close: 2, volume: 10 },
      { date: T + H, open: 2, high: 3, low: 1, close: 2.5, volume: 11 },
    ]);
  });

  it("reads pandas' unnamed index column (backtesting.py's GOOG.csv / EURUSD.csv shape)", () => {
    const parsed = parseOhlcvCsv(lines(",Open,High,Low,Close,Volume", "2004-08-19,100,104.06,95.96,100.34,22351900", "2004-08-20,101.01,109.08,100.5,108.31,11428600"), {
      timeframe: "1d",
    });
    expect(parsed.columns.date).toBe("column 1");
    expect(Array.from(parsed.candles.date)).toEqual([Date.UTC(2004, 7, 19), Date.UTC(2004, 7, 20)]);
  });

  it.each([
    ["ISO 8601 with Z", "2024-09-20T00:00:00Z", "2024-09-20T01:00:00Z"],
    ["ISO 8601 with fraction and offset", "2024-09-20T02:00:00.000+02:00", "2024-09-20T03:00:00+0200"],
    ["YYYY-MM-DD HH:MM", "2024-09-20 00:00", "2024-09-20 01:00"],
    ["epoch seconds", "1726790400", "1726794000"],
    ["epoch milliseconds", "1726790400000", "1726794000000"],
    ["epoch microseconds", "1726790400000000", "1726794000000000"],
    ["epoch seconds as float", "1726790400.0", "1726794000.0"],
  ])("reads %s", (_, t1, t2) => {
    const parsed = parseOhlcvCsv(lines("date,open,high,low,close,volume", `${t1},1,2,1,2,5`, `${t2},2,3,2,3,6`), { timeframe: "1h" });
    expect(Array.from(parsed.candles.date)).toEqual([T, T + H]);
  });

  it("reads header-less Binance kline dumps", () => {
    const parsed = parseOhlcvCsv(
      lines(
        "1726790400000,142.88,143.41,141.74,141.77,123193.475,1726793999999,17600000.1,31000,60000.1,8600000.2,0",
        "1726794000000,141.76,142.55,141.18,142.13,99395.195,1726797599999,14100000.3,28000,50000.2,7100000.4,0",
      ),
      { timeframe: "1h" },
    );
    expect(parsed.headerless).toBe(true);
    expect(candlesToRows(parsed.candles)[1]).toEqual({ date: T + H, open: 141.76, high: 142.55, low: 141.18, close: 142.13, volume: 99395.195 });
  });

  it("takes the first 'Volume …' column as volume (CryptoDataDownload shape)", () => {
    const parsed = parseOhlcvCsv(lines("unix,date,symbol,open,high,low,close,Volume ETH,Volume USDT", "1726790400,2024-09-20 00:00:00,ETHUSDT,1,2,1,2,5,10"), {
      timeframe: "1h",
    });
    expect(parsed.columns).toMatchObject({ date: "date", volume: "Volume ETH" });
    expect(parsed.candles.volume[0]).toBe(5);
  });

  it("counts gaps instead of rejecting them", () => {
    const parsed = parseOhlcvCsv(
      lines("timestamp,open,high,low,close,volume", "2024-09-20 00:00:00,1,2,1,2,5", "2024-09-20 01:00:00,1,2,1,2,5", "2024-09-20 04:00:00,1,2,1,2,5", "2024-09-20 05:00:00,1,2,1,2,5"),
      { timeframe: "1h" },
    );
    expect(parsed.missingCandles).toBe(2);
  });
});

describe("parseOhlcvCsv: rejected input, with the line and column named", () => {
  const header = "timestamp,Open,High,Low,Close,Volume";
  const good1 = "2024-09-20 00:00:00,142.88,143.41,141.74,141.77,123193.475";
  const good2 = "2024-09-20 01:00:00,141.76,142.55,141.18,142.13,99395.195";

  it("missing columns", () => {
    expect(problems(lines("timestamp,Open,High,Low,Close", "2024-09-20 00:00:00,1,2,1,2"))).toEqual([
      'line 1: missing column "volume" (found: timestamp, Open, High, Low, Close)',
    ]);
    expect(problems(lines("when,open,high,low,close,volume", "x,1,2,1,2,3"))).toEqual([
      "line 1: no date/time column; name one of timestamp, datetime, date, time, open_time (found: when, open, high, low, close, volume)",
    ]);
    expect(problems(lines("date,close,close,open,high,low,volume", "x"))).toEqual([
      'line 1: column "close" appears 2 times (found: date, close, close, open, high, low, volume)',
    ]);
  });

  it("unreadable values", () => {
    expect(problems(lines(header, good1, "2024-09-20 01:00:00,141.76,142.55,abc,142.13,99395.195"))).toEqual(['line 3, column "Low": "abc" is not a number']);
    expect(problems(lines(header, good1, "2024-09-20 01:00:00,141.76,142.55,141.18,142.13,"))).toEqual(['line 3, column "Volume": "" is not a number']);
    expect(problems(lines(header, "20/09/2024 00:00,1,2,1,2,3"))).toEqual([
      'line 2, column "timestamp": cannot read "20/09/2024 00:00" as a time; use ISO 8601 (2024-09-19T23:00:00Z), "YYYY-MM-DD HH:MM:SS" (UTC), epoch seconds or epoch milliseconds',
    ]);
    expect(problems(lines(header, "2024-02-30 00:00:00,1,2,1,2,3"))[0]).toMatch(/^line 2, column "timestamp": cannot read "2024-02-30 00:00:00" as a time/);
    expect(problems(lines(header, good1, "2024-09-20 01:00:00,141.76,142.55,141.18"))).toEqual(["line 3: expected 6 fields like the header, found 4"]);
  });

  it("prices and volume out of bounds", () => {
    expect(problems(lines(header, "2024-09-20 00:00:00,0,143.41,141.74,141.77,1"))).toEqual(['line 2, column "Open": price must be positive, got 0']);
    expect(problems(lines(header, "2024-09-20 00:00:00,142,143.41,-1,141.77,1"))).toEqual(['line 2, column "Low": price must be positive, got -1']);
    expect(problems(lines(header, "2024-09-20 00:00:00,142,143.41,141,141.77,-5"))).toEqual(['line 2, column "Volume": volume must not be negative, got -5']);
  });

  it("inconsistent high/low", () => {
    expect(problems(lines(header, "2024-09-20 00:00:00,142.88,142.5,141.74,141.77,1"))).toEqual([
      'line 2, column "High": high 142.5 is below max(open, close) 142.88',
    ]);
    expect(problems(lines(header, "2024-09-20 00:00:00,142.88,143.41,141.8,141.77,1"))).toEqual([
      'line 2, column "Low": low 141.8 is above min(open, close) 141.77',
    ]);
    expect(problems(lines(header, "2024-09-20 00:00:00,142,140,141,142,1"))).toEqual(['line 2, column "High": high 140 is below low 141']);
  });

  it("times off the timeframe grid, duplicated or out of order", () => {
    expect(problems(lines(header, good1, "2024-09-20 01:30:00,1,2,1,2,3"))).toEqual([
      'line 3, column "timestamp": 2024-09-20 01:30:00 is not aligned to the 1h timeframe (candles must open at multiples of 1h in UTC)',
    ]);
    expect(problems(lines(header, good1, good2, good2))).toEqual(['line 4, column "timestamp": duplicate time 2024-09-20 01:00:00 (also on line 3)']);
    expect(problems(lines(header, good2, good1))).toEqual([
      'line 3, column "timestamp": 2024-09-20 00:00:00 comes after 2024-09-20 01:00:00 on line 2; rows must be in increasing time order',
    ]);
  });

  it("rows spaced differently from the timeframe", () => {
    const daily = lines(header, "2024-09-20,1,2,1,2,3", "2024-09-21,1,2,1,2,3", "2024-09-22,1,2,1,2,3");
    expect(problems(daily, "1h")).toEqual([
      'line 3, column "timestamp": rows are mostly 1d apart, but the timeframe is 1h; pass the file\'s own timeframe',
    ]);
    expect(problems(daily, "1d")).toEqual([]);
  });

  it("empty files", () => {
    expect(problems("")).toEqual(["the file is empty"]);
    expect(problems(`${header}\n\n`)).toEqual(["no data rows"]);
  });

  it("collects several problems into one error, up to a limit", () => {
    const bad = (h: number) => `2024-09-20 ${String(h).padStart(2, "0")}:00:00,1,0.5,1,1,1`;
    const text = lines(header, ...Array.from({ length: 6 }, (_, h) => bad(h)));
    expect(problems(text)).toHaveLength(6);
    expect(problems(text, "1h", 3)).toEqual([
      'line 2, column "High": high 0.5 is below low 1',
      'line 3, column "High": high 0.5 is below low 1',
      'line 4, column "High": high 0.5 is below low 1',
    ]);
    expect(() => parseOhlcvCsv(lines(header, bad(0), bad(1)), { timeframe: "1h", fileName: "x.csv" })).toThrow(
      'x.csv: 2 problems\n  line 2, column "High": high 0.5 is below low 1\n  line 3, column "High": high 0.5 is below low 1',
    );
    expect(() => parseOhlcvCsv(lines(header, bad(0)), { timeframe: "1h", fileName: "x.csv" })).toThrow('x.csv: line 2, column "High": high 0.5 is below low 1');
  });

  it("names headerless columns by number", () => {
    expect(problems(lines("1726790400000,1,2,1,x,5", "1726794000000,1,2,1,2,5"))).toEqual(['line 1, column 5: "x" is not a number']);
  });
});

describe("parseCsvTimestamp", () => {
  it("parses the supported forms and rejects the rest", () => {
    expect(parseCsvTimestamp("2024-09-20")).toBe(T);
    expect(parseCsvTimestamp("2024/09/20 00:00:00")).toBe(T);
    expect(parseCsvTimestamp("2024-09-20T00:00:00.5Z")).toBe(T + 500);
    expect(parseCsvTimestamp("2024-09-19T20:00:00-04:00")).toBe(T);
    expect(parseCsvTimestamp("2024-09-20 00:00:00 UTC")).toBe(T);
    expect(parseCsvTimestamp("1726790400000000000")).toBe(T);
    for (const bad of ["", "yesterday", "2024-13-01", "2024-09-20 24:00:00", "2024-09-20T00:61:00Z", "-1726790400"]) {
      expect(parseCsvTimestamp(bad), bad).toBeUndefined();
    }
  });
});
