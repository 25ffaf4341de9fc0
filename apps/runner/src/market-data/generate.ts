/**
 * Deterministic synthetic 5m OHLCV candles — the platform's default data set, labelled
 * "generated" everywhere it is shown. Not market history: a stochastic model with the stylised
 * facts strategies react to.
 *
 * Model, per 5-minute step (log price x):
 *   r = (g + b·μ_regime)·dt − κ·(x − anchor(t)) + σ_t·u_t
 *   σ_t = σ_5m · season(hour, weekday) · slow_t · regimeVol
 *   u_t = √h_t · z_t,  h_t = ω + α·u²_{t−1} + β·h_{t−1}           GARCH(1,1), unit mean
 *   z_t = ρ·z_market + √(1−ρ²)·z_pair,  z ~ Student-t(4), unit variance   fat tails, correlation
 * - regimes (range / bull / bear, mean 20–35 days) and the slow volatility factor (log-AR(1),
 *   half-life 5 days) are market-wide, drawn from a "market" random stream shared by all pairs;
 * - anchor(t) = ln(p0) + g·t is a secular trend (roughly each coin's 2023–2024 path); the
 *   deviation from it mean-reverts with a 120-day half-life, so prices stay plausible;
 * - high/low: extremes of a Brownian bridge between open and close (exact distribution of the
 *   maximum/minimum given the endpoints), so high ≥ max(open, close) and low ≤ min(open, close);
 * - open = previous close; prices are rounded to the market's PRICE_FILTER tickSize and volume
 *   (base asset) to its LOT_SIZE stepSize, from the recorded Binance exchangeInfo;
 * - volume follows intraday seasonality, the slow factor and |u_t| (volume ↔ |return|).
 *
 * Determinism: same (pair, seed, start) → the same candles, and a shorter range is an exact
 * prefix of a longer one (nothing depends on the end). The random stream uses only 32-bit
 * integer arithmetic; the floating-point maths is IEEE-754 and V8's own Math functions, so files
 * are byte-identical on the same Node.js major version.
 */
import { timeframeToMs } from "@tradelab/contracts";
import { allocateCandles, type Candles } from "./candles.js";
import { marketSteps, roundToStep, type DecimalStep } from "./markets-metadata.js";
import { createRandom } from "./prng.js";

/** Bump when the model changes: stored generated data carries this id and is regenerated. */
export const GENERATOR_ID = "tradelab-synthetic-v1";
export const DEFAULT_SEED = 20230101;
export const DEFAULT_PAIRS = [
  "BTC/USDT",
  "ETH/USDT",
  "ADA/USDT",
  "LTC/USDT",
  "XRP/USDT",
  "DOGE/USDT",
  "TRX/USDT",
] as const;
export const DEFAULT_GENERATION_START_MS = Date.UTC(2023, 0, 1);
export const DEFAULT_GENERATION_END_MS = Date.UTC(2025, 0, 1);
export const GENERATED_TIMEFRAME = "5m" as const;

export interface SyntheticMarketSpec {
  /** Price at the first candle's open. */
  startPrice: number;
  /** Annualised volatility of 5m log returns (before regime and slow-factor modulation). */
  annualVol: number;
  /** Secular log growth per year of the anchor path. */
  annualGrowth: number;
  /** Correlation of the pair's shocks with the market shock. */
  marketCorrelation: number;
  /** Sensitivity to the market regime's drift. */
  regimeBeta: number;
  /** Mean traded value per 5m candle, in quote currency. */
  quoteVolumePer5m: number;
}

/**
 * Start prices ≈ Binance closes on 2022-12-31; growth ≈ each coin's log move over 2023–2024
 * divided by two; volatility and volume are in the range of 2023–2024 5m data.
 */
export const SYNTHETIC_MARKETS: Readonly<Record<(typeof DEFAULT_PAIRS)[number], SyntheticMarketSpec>> = {
  "BTC/USDT": { startPrice: 16_540, annualVol: 0.48, annualGrowth: 0.87, marketCorrelation: 0.92, regimeBeta: 1.0, quoteVolumePer5m: 3_500_000 },
  "ETH/USDT": { startPrice: 1_196, annualVol: 0.55, annualGrowth: 0.51, marketCorrelation: 0.85, regimeBeta: 1.1, quoteVolumePer5m: 1_800_000 },
  "ADA/USDT": { startPrice: 0.2455, annualVol: 0.68, annualGrowth: 0.62, marketCorrelation: 0.75, regimeBeta: 1.3, quoteVolumePer5m: 250_000 },
  "LTC/USDT": { startPrice: 69.9, annualVol: 0.62, annualGrowth: 0.19, marketCorrelation: 0.75, regimeBeta: 1.0, quoteVolumePer5m: 200_000 },
  "XRP/USDT": { startPrice: 0.3389, annualVol: 0.66, annualGrowth: 0.9, marketCorrelation: 0.65, regimeBeta: 1.2, quoteVolumePer5m: 500_000 },
  "DOGE/USDT": { startPrice: 0.07011, annualVol: 0.78, annualGrowth: 0.75, marketCorrelation: 0.65, regimeBeta: 1.4, quoteVolumePer5m: 400_000 },
  "TRX/USDT": { startPrice: 0.05483, annualVol: 0.4, annualGrowth: 0.77, marketCorrelation: 0.5, regimeBeta: 0.6, quoteVolumePer5m: 120_000 },
};

export interface GenerateOptions {
  pair: string;
  seed?: number;
  /** First candle's open time (inclusive), aligned to 5m. */
  startMs?: number;
  /** End of the range (exclusive), aligned to 5m. */
  endMs?: number;
  /** Model parameters; required for pairs outside SYNTHETIC_MARKETS. */
  spec?: SyntheticMarketSpec;
  /** Price tick / amount step; defaults to the pair's recorded (or generic) Binance filters. */
  steps?: { tick: DecimalStep; lot: DecimalStep };
}

const STEP_MS = timeframeToMs(GENERATED_TIMEFRAME);
const STEPS_PER_YEAR = (365 * 24 * 60) / 5;
const DAY_STEPS = (24 * 60) / 5;
const NU = 4; // Student-t degrees of freedom
const GARCH_ALPHA = 0.06;
const GARCH_BETA = 0.92;
const GARCH_OMEGA = 1 - GARCH_ALPHA - GARCH_BETA;
const SLOW_HALF_LIFE_STEPS = 5 * DAY_STEPS;
const SLOW_SD = 0.35;
const ANCHOR_HALF_LIFE_STEPS = 120 * DAY_STEPS;
const VOLUME_NOISE_SD = 0.45;

/** Market regimes: drift (log/year at beta 1), volatility multiplier, mean duration in days. */
const REGIMES = [
  { name: "range", drift: 0, vol: 0.85, days: 20, next: [0, 0.55, 0.45] },
  { name: "bull", drift: 1.6, vol: 1.0, days: 35, next: [0.6, 0, 0.4] },
  { name: "bear", drift: -1.8, vol: 1.3, days: 20, next: [0.6, 0.4, 0] },
] as const;
// Normalise regime volatility so that its time-weighted mean square is 1.
const REGIME_VOL_NORM = (() => {
  const weight = REGIMES.reduce((s, r) => s + r.days, 0);
  return Math.sqrt(REGIMES.reduce((s, r) => s + (r.days / weight) * r.vol * r.vol, 0));
})();

/** Volatility by UTC hour: quiet late US / early Asia, busiest around the US open. */
const HOURLY_VOL = [
  1.15, 1.05, 0.95, 0.85, 0.8, 0.78, 0.85, 0.95, 1.05, 1.0, 0.95, 0.95,
  1.05, 1.2, 1.35, 1.3, 1.15, 1.05, 1.0, 1.0, 1.0, 0.92, 0.88, 0.95,
];
const WEEKEND_VOL = 0.75;
const WEEKEND_VOLUME = 0.65;
/** Multipliers for the 168 hours of the week (index 0 = Sunday 00:00 UTC), normalised. */
const SEASON_VOL = new Float64Array(168);
const SEASON_VOLUME = new Float64Array(168);
(() => {
  let sumSq = 0;
  let sumVolume = 0;
  for (let i = 0; i < 168; i++) {
    const weekend = i < 24 || i >= 144;
    const base = HOURLY_VOL[i % 24];
    SEASON_VOL[i] = base * (weekend ? WEEKEND_VOL : 1);
    SEASON_VOLUME[i] = Math.pow(base, 1.5) * (weekend ? WEEKEND_VOLUME : 1);
    sumSq += SEASON_VOL[i] ** 2;
    sumVolume += SEASON_VOLUME[i];
  }
  const volNorm = Math.sqrt(sumSq / 168);
  const volumeNorm = sumVolume / 168;
  for (let i = 0; i < 168; i++) {
    SEASON_VOL[i] /= volNorm;
    SEASON_VOLUME[i] /= volumeNorm;
  }
})();

/** Hour of the week, 0 = Sunday 00:00 UTC (1970-01-01 was a Thursday). */
const hourOfWeek = (ms: number): number => (Math.floor(ms / 3_600_000) + 4 * 24) % 168;

export function syntheticSpec(pair: string): SyntheticMarketSpec | undefined {
  return (SYNTHETIC_MARKETS as Record<string, SyntheticMarketSpec>)[pair];
}

/** Generates 5m candles for [startMs, endMs). */
export function generateCandles(options: GenerateOptions): Candles {
  const {
    pair,
    seed = DEFAULT_SEED,
    startMs = DEFAULT_GENERATION_START_MS,
    endMs = DEFAULT_GENERATION_END_MS,
  } = options;
  const spec = options.spec ?? syntheticSpec(pair);
  if (!spec) {
    throw new Error(`no synthetic market model for ${pair}; generated pairs: ${DEFAULT_PAIRS.join(", ")}`);
  }
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (startMs % STEP_MS !== 0 || endMs % STEP_MS !== 0) {
    throw new Error(`generation range must be aligned to ${GENERATED_TIMEFRAME}`);
  }
  if (endMs <= startMs) throw new Error("generation range is empty");
  const { tick, lot } = options.steps ?? marketSteps(pair);

  const n = (endMs - startMs) / STEP_MS;
  const out = allocateCandles(n);
  const market = createRandom(seed, "market");
  const own = createRandom(seed, `pair:${pair}`);

  const dt = 1 / STEPS_PER_YEAR;
  const sigma5m = spec.annualVol / Math.sqrt(STEPS_PER_YEAR);
  const rho = spec.marketCorrelation;
  const rhoOther = Math.sqrt(1 - rho * rho);
  const kappa = Math.LN2 / ANCHOR_HALF_LIFE_STEPS;
  const slowPhi = Math.exp(-Math.LN2 / SLOW_HALF_LIFE_STEPS);
  const slowInnovation = SLOW_SD * Math.sqrt(1 - slowPhi * slowPhi);
  const switchProbability = REGIMES.map((r) => 1 / (r.days * DAY_STEPS));
  const meanAbsU = 0.8;

  let regime = Math.floor(market.next() * REGIMES.length);
  let slow = SLOW_SD * market.normal();
  let h = 1;
  let previousU = 0;
  const logStart = Math.log(spec.startPrice);
  let logPrice = logStart;
  let previousClose = Math.max(roundToStep(spec.startPrice, tick), tick.value);

  for (let i = 0; i < n; i++) {
    const t = startMs + i * STEP_MS;

    // Market-wide state (same stream for every pair).
    if (market.next() < switchProbability[regime]) {
      const pick = market.next();
      const weights = REGIMES[regime].next;
      let next = 0;
      for (let acc = weights[0]; pick >= acc && next < weights.length - 1; ) acc += weights[++next];
      regime = next;
    }
    slow = slowPhi * slow + slowInnovation * market.normal();
    const zMarket = market.studentT(NU);

    // Pair-specific shocks.
    const z = rho * zMarket + rhoOther * own.studentT(NU);
    h = GARCH_OMEGA + GARCH_ALPHA * previousU * previousU + GARCH_BETA * h;
    const u = Math.sqrt(h) * z;
    previousU = u;

    const season = hourOfWeek(t);
    const regimeVol = REGIMES[regime].vol / REGIME_VOL_NORM;
    const slowFactor = Math.exp(slow - SLOW_SD * SLOW_SD);
    const sigma = sigma5m * SEASON_VOL[season] * slowFactor * regimeVol;
    const anchor = logStart + spec.annualGrowth * i * dt;
    const drift = (spec.annualGrowth + spec.regimeBeta * REGIMES[regime].drift) * dt - kappa * (logPrice - anchor);
    const r = drift + sigma * u;

    // Brownian-bridge extremes between open (0) and close (r), variance sigma² h over the candle.
    const variance = sigma * sigma * h;
    const up = (r + Math.sqrt(r * r - 2 * variance * Math.log(own.nextOpen()))) / 2;
    const down = (r - Math.sqrt(r * r - 2 * variance * Math.log(own.nextOpen()))) / 2;

    const open = previousClose;
    const close = Math.max(roundToStep(Math.exp(logPrice + r), tick), tick.value);
    const high = Math.max(roundToStep(Math.exp(logPrice + up), tick), open, close);
    const low = Math.max(Math.min(roundToStep(Math.exp(logPrice + down), tick), open, close), tick.value);

    const quoteVolume =
      spec.quoteVolumePer5m *
      SEASON_VOLUME[season] *
      Math.pow(slowFactor, 0.7) *
      Math.sqrt(regimeVol) *
      (0.35 + (0.65 * Math.abs(u)) / meanAbsU) *
      Math.exp(VOLUME_NOISE_SD * own.normal() - (VOLUME_NOISE_SD * VOLUME_NOISE_SD) / 2);
    const volume = Math.max(roundToStep(quoteVolume / close, lot), lot.value);

    out.date[i] = t;
    out.open[i] = open;
    out.high[i] = high;
    out.low[i] = low;
    out.close[i] = close;
    out.volume[i] = volume;

    logPrice += r;
    previousClose = close;
  }
  return out;
}
