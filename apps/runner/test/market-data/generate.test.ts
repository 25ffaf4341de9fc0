import { describe, expect, it } from "vitest";
import { candleCount, candlesToRows, sliceCandles, type Candles } from "../../src/market-data/candles.js";
import { encodeFeather } from "../../src/market-data/feather.js";
import {
  DEFAULT_PAIRS,
  SYNTHETIC_MARKETS,
  generateCandles,
} from "../../src/market-data/generate.js";
import { marketSteps, roundToStep } from "../../src/market-data/markets-metadata.js";

const DAY = 86_400_000;
const FIVE_MIN = 300_000;
const START = Date.UTC(2023, 0, 1);

const logReturns = (c: Candles): Float64Array => {
  const r = new Float64Array(candleCount(c) - 1);
  for (let i = 1; i < candleCount(c); i++) r[i - 1] = Math.log(c.close[i] / c.close[i - 1]);
  return r;
};
const mean = (xs: ArrayLike<number>): number => {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += xs[i];
  return sum / xs.length;
};
function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
const lagged = (xs: Float64Array, lag: number) => correlation(xs.subarray(0, xs.length - lag), xs.subarray(lag));

describe("generateCandles: determinism", () => {
  const opts = { pair: "BTC/USDT", seed: 42, startMs: START, endMs: START + 10 * DAY };

  it("same seed → byte-identical feather files", () => {
    const a = encodeFeather(generateCandles(opts));
    const b = encodeFeather(generateCandles(opts));
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it("another seed or another pair → different candles", () => {
    const base = generateCandles(opts).close;
    expect(generateCandles({ ...opts, seed: 43 }).close).not.toEqual(base);
    expect(generateCandles({ ...opts, pair: "ETH/USDT" }).close).not.toEqual(base);
  });

  it("a shorter range is an exact prefix of a longer one", () => {
    const short = generateCandles({ ...opts, endMs: START + 3 * DAY });
    const long = generateCandles(opts);
    expect(candlesToRows(short)).toEqual(candlesToRows(sliceCandles(long, 0, candleCount(short))));
  });

  it("pins the first candles of the default seed (guards against accidental model changes)", () => {
    const c = generateCandles({ pair: "BTC/USDT", startMs: START, endMs: START + 3 * FIVE_MIN });
    expect(c.open[0]).toBe(16540);
    expect(candlesToRows(c)).toMatchInlineSnapshot(`
      [
        {
          "close": 16551.96,
          "date": 1672531200000,
          "high": 16556.56,
          "low": 16539.91,
          "open": 16540,
          "volume": 152.38124,
        },
        {
          "close": 16552.98,
          "date": 1672531500000,
          "high": 16557.74,
          "low": 16538.01,
          "open": 16551.96,
          "volume": 59.5827,
        },
        {
          "close": 16553.87,
          "date": 1672531800000,
          "high": 16562.06,
          "low": 16540.35,
          "open": 16552.98,
          "volume": 89.59885,
        },
      ]
    `);
  });
});

describe("generateCandles: candle invariants", () => {
  it.each(DEFAULT_PAIRS)("%s: no gaps, open = previous close, OHLC consistent, tick and lot multiples", (pair) => {
    const c = generateCandles({ pair, startMs: START, endMs: START + 30 * DAY });
    const { tick, lot } = marketSteps(pair);
    expect(candleCount(c)).toBe(30 * 288);
    expect(c.open[0]).toBe(roundToStep(SYNTHETIC_MARKETS[pair].startPrice, tick));
    const problems: string[] = [];
    const check = (ok: boolean, i: number, what: string) => {
      if (!ok && problems.length < 5) problems.push(`candle ${i}: ${what}`);
    };
    for (let i = 0; i < candleCount(c); i++) {
      check(c.date[i] === START + i * FIVE_MIN, i, "gap");
      check(i === 0 || c.open[i] === c.close[i - 1], i, "open != previous close");
      check(c.high[i] >= Math.max(c.open[i], c.close[i]), i, "high < max(open, close)");
      check(c.low[i] <= Math.min(c.open[i], c.close[i]), i, "low > min(open, close)");
      check(c.low[i] >= tick.value, i, "low below one tick");
      check(c.volume[i] > 0, i, "volume not positive");
      for (const price of [c.open[i], c.high[i], c.low[i], c.close[i]]) check(roundToStep(price, tick) === price, i, `price ${price} off the tick grid`);
      check(roundToStep(c.volume[i], lot) === c.volume[i], i, `volume ${c.volume[i]} off the lot grid`);
    }
    expect(problems).toEqual([]);
  });
});

describe("generateCandles: statistical sanity (BTC/USDT, 180 days)", () => {
  const btc = generateCandles({ pair: "BTC/USDT", startMs: START, endMs: START + 180 * DAY });
  const r = logReturns(btc);
  const absR = r.map(Math.abs);

  it("annualised volatility is in a plausible band for BTC", () => {
    const annualVol = Math.sqrt(mean(r.map((x) => x * x)) * 365 * 288);
    expect(annualVol).toBeGreaterThan(0.25);
    expect(annualVol).toBeLessThan(0.9);
    // daily returns too
    const daily: number[] = [];
    for (let i = 288; i < candleCount(btc); i += 288) daily.push(Math.log(btc.close[i] / btc.close[i - 288]));
    const dailyVol = Math.sqrt(mean(daily.map((x) => x * x)) * 365);
    expect(dailyVol).toBeGreaterThan(0.2);
    expect(dailyVol).toBeLessThan(1.0);
  });

  it("has fat tails (excess kurtosis well above 0, 6-sigma moves exist)", () => {
    const m2 = mean(r.map((x) => x * x));
    const kurtosis = mean(r.map((x) => x ** 4)) / m2 ** 2;
    expect(kurtosis).toBeGreaterThan(6);
    const sd = Math.sqrt(m2);
    expect(r.filter((x) => Math.abs(x) > 6 * sd).length).toBeGreaterThan(10);
  });

  it("has volatility clustering (|returns| autocorrelated)", () => {
    expect(lagged(absR, 1)).toBeGreaterThan(0.1);
    expect(lagged(absR, 12)).toBeGreaterThan(0.05);
    expect(Math.abs(lagged(r, 1))).toBeLessThan(0.05); // but returns themselves are not predictable
  });

  it("has intraday and weekly volatility seasonality", () => {
    const byHour = (hours: number[], weekend: boolean) =>
      mean(
        Array.from(absR).filter((_, i) => {
          const t = btc.date[i + 1];
          const day = new Date(t).getUTCDay();
          return hours.includes(new Date(t).getUTCHours()) && (day === 0 || day === 6) === weekend;
        }),
      );
    expect(byHour([14, 15], false) / byHour([4, 5], false)).toBeGreaterThan(1.3);
    expect(byHour([...Array(24).keys()], true) / byHour([...Array(24).keys()], false)).toBeLessThan(0.9);
  });

  it("correlates volume with |return|", () => {
    const quoteVolume = Array.from(btc.volume.subarray(1), (v, i) => v * btc.close[i + 1]);
    expect(correlation(quoteVolume, absR)).toBeGreaterThan(0.3);
  });

  it("moves with the market: BTC and ETH returns are correlated, TRX less so", () => {
    const eth = logReturns(generateCandles({ pair: "ETH/USDT", startMs: START, endMs: START + 180 * DAY }));
    const trx = logReturns(generateCandles({ pair: "TRX/USDT", startMs: START, endMs: START + 180 * DAY }));
    const btcEth = correlation(r, eth);
    expect(btcEth).toBeGreaterThan(0.6);
    expect(btcEth).toBeLessThan(0.95);
    expect(correlation(r, trx)).toBeLessThan(btcEth);
  });

  it("has trending regimes: 30-day moves of ±10% and more occur", () => {
    const monthly: number[] = [];
    for (let i = 30 * 288; i < candleCount(btc); i += 10 * 288) monthly.push(btc.close[i] / btc.close[i - 30 * 288] - 1);
    expect(Math.max(...monthly.map(Math.abs))).toBeGreaterThan(0.1);
  });
});

describe("generateCandles: arguments", () => {
  it("needs a model for pairs outside the default set, and accepts one", () => {
    expect(() => generateCandles({ pair: "SOL/USDT" })).toThrow(
      "no synthetic market model for SOL/USDT; generated pairs: BTC/USDT, ETH/USDT, ADA/USDT, LTC/USDT, XRP/USDT, DOGE/USDT, TRX/USDT",
    );
    const sol = generateCandles({
      pair: "SOL/USDT",
      startMs: START,
      endMs: START + DAY,
      spec: { ...SYNTHETIC_MARKETS["ETH/USDT"], startPrice: 10 },
    });
    expect(sol.open[0]).toBe(10);
  });

  it("rejects misaligned or empty ranges", () => {
    expect(() => generateCandles({ pair: "BTC/USDT", startMs: START + 1, endMs: START + DAY })).toThrow("generation range must be aligned to 5m");
    expect(() => generateCandles({ pair: "BTC/USDT", startMs: START, endMs: START })).toThrow("generation range is empty");
  });
});
