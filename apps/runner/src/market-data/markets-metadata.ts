/**
 * Market metadata handed to the network-less sandbox: freqtrade loads the exchange's markets at
 * start-up even for backtests, so the platform answers ccxt's Binance `GET /api/v3/exchangeInfo`
 * with a body built here.
 *
 * Recorded symbols come from `binance-spot-exchangeinfo.json` (a copy of
 * /work/shared/data/binance-spot-exchangeinfo.json: Binance's real filter values for BTC, ETH,
 * ADA, LTC, XRP, DOGE and TRX against USDT, taken from ccxt's test fixtures). Pairs without a
 * recorded symbol (imported data such as SOL/USDT) get the GENERIC definition below.
 */
import { pairSchema } from "@tradelab/contracts";
import recordedExchangeInfo from "./binance-spot-exchangeinfo.json" with { type: "json" };

export interface BinanceFilter {
  filterType: string;
  [key: string]: unknown;
}

export interface BinanceSymbol {
  symbol: string;
  status: string;
  baseAsset: string;
  baseAssetPrecision: number;
  quoteAsset: string;
  quotePrecision: number;
  quoteAssetPrecision: number;
  baseCommissionPrecision: number;
  quoteCommissionPrecision: number;
  orderTypes: string[];
  icebergAllowed: boolean;
  ocoAllowed: boolean;
  quoteOrderQtyMarketAllowed: boolean;
  allowTrailingStop: boolean;
  cancelReplaceAllowed: boolean;
  isSpotTradingAllowed: boolean;
  isMarginTradingAllowed: boolean;
  filters: BinanceFilter[];
  permissions: string[];
  permissionSets: string[][];
  defaultSelfTradePreventionMode: string;
  allowedSelfTradePreventionModes: string[];
}

export interface BinanceExchangeInfo {
  timezone: string;
  serverTime: number;
  rateLimits: unknown[];
  exchangeFilters: unknown[];
  symbols: BinanceSymbol[];
}

const RECORDED: BinanceExchangeInfo = recordedExchangeInfo as BinanceExchangeInfo;

/** "BTC/USDT" → "BTCUSDT" (Binance's symbol id). */
export const pairToBinanceSymbol = (pair: string): string => pair.replace("/", "");

/** Pairs that have recorded (real) Binance metadata, e.g. "BTC/USDT". */
export const RECORDED_PAIRS: readonly string[] = RECORDED.symbols.map((s) => `${s.baseAsset}/${s.quoteAsset}`);

export function recordedSymbol(pair: string): BinanceSymbol | undefined {
  const [base, quote] = pair.split("/");
  const found = RECORDED.symbols.find((s) => s.baseAsset === base && s.quoteAsset === quote);
  return found ? structuredClone(found) : undefined;
}

/**
 * minNotional of the GENERIC symbol by quote asset: Binance's own minimum for BTC-, ETH- and
 * BNB-quoted markets; 5 (as for USDT) for every other quote.
 */
const GENERIC_MIN_NOTIONAL: Record<string, string> = {
  BTC: "0.00010000",
  ETH: "0.00100000",
  BNB: "0.01000000",
};
const DEFAULT_MIN_NOTIONAL = "5.00000000";

/**
 * The GENERIC symbol definition, for pairs without recorded Binance metadata (imported data).
 *
 * Same shape as the recorded symbols, chosen so that it never constrains a backtest more than the
 * data itself:
 *   - status TRADING, isSpotTradingAllowed true, isMarginTradingAllowed false,
 *     permissions ["SPOT"], permissionSets [["SPOT"]];
 *   - all precisions 8 (baseAssetPrecision, quotePrecision, quoteAssetPrecision, commission
 *     precisions) — Binance's maximum;
 *   - PRICE_FILTER tickSize 0.00000001 (minPrice 0.00000001, maxPrice 1000000): any imported
 *     price with up to 8 decimals is on the tick grid, so freqtrade's price rounding is a no-op;
 *   - LOT_SIZE stepSize 0.00000001, minQty 0.00000001, maxQty 9000000000 (and MARKET_LOT_SIZE
 *     with Binance's "no market limit" zeros);
 *   - NOTIONAL minNotional 5 quote units (Binance's USDT minimum; 0.0001 for BTC, 0.001 for ETH,
 *     0.01 for BNB quotes, as on Binance), applyMinToMarket true, maxNotional 9000000;
 *   - ICEBERG_PARTS 10, MAX_NUM_ORDERS 200, MAX_NUM_ALGO_ORDERS 5, order types and
 *     self-trade-prevention modes as on every recorded symbol.
 * ccxt turns this into a spot market with price tick 1e-8, amount step 1e-8, min cost 5.
 */
export function genericSymbol(pair: string): BinanceSymbol {
  const [baseAsset, quoteAsset] = parsePair(pair).split("/");
  return {
    symbol: `${baseAsset}${quoteAsset}`,
    status: "TRADING",
    baseAsset,
    baseAssetPrecision: 8,
    quoteAsset,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    baseCommissionPrecision: 8,
    quoteCommissionPrecision: 8,
    orderTypes: ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"],
    icebergAllowed: true,
    ocoAllowed: true,
    quoteOrderQtyMarketAllowed: true,
    allowTrailingStop: true,
    cancelReplaceAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: "PRICE_FILTER", minPrice: "0.00000001", maxPrice: "1000000.00000000", tickSize: "0.00000001" },
      { filterType: "LOT_SIZE", minQty: "0.00000001", maxQty: "9000000000.00000000", stepSize: "0.00000001" },
      { filterType: "ICEBERG_PARTS", limit: 10 },
      { filterType: "MARKET_LOT_SIZE", minQty: "0.00000000", maxQty: "9000000000.00000000", stepSize: "0.00000000" },
      {
        filterType: "NOTIONAL",
        minNotional: GENERIC_MIN_NOTIONAL[quoteAsset] ?? DEFAULT_MIN_NOTIONAL,
        applyMinToMarket: true,
        maxNotional: "9000000.00000000",
        applyMaxToMarket: false,
        avgPriceMins: 5,
      },
      { filterType: "MAX_NUM_ORDERS", maxNumOrders: 200 },
      { filterType: "MAX_NUM_ALGO_ORDERS", maxNumAlgoOrders: 5 },
    ],
    permissions: ["SPOT"],
    permissionSets: [["SPOT"]],
    defaultSelfTradePreventionMode: "EXPIRE_MAKER",
    allowedSelfTradePreventionModes: ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
  };
}

/** The recorded symbol for `pair`, or the GENERIC one. */
export function symbolFor(pair: string): BinanceSymbol {
  return recordedSymbol(pair) ?? genericSymbol(pair);
}

/**
 * The exchangeInfo body for a backtest on `pairs`: Binance's top-level fields (timezone,
 * serverTime, rateLimits, exchangeFilters — ccxt reads them) and one symbol per distinct pair,
 * recorded where available, GENERIC otherwise. Throws on a malformed pair.
 */
export function buildExchangeInfo(pairs: readonly string[]): BinanceExchangeInfo {
  const distinct = [...new Set(pairs.map(parsePair))];
  return {
    timezone: RECORDED.timezone,
    serverTime: RECORDED.serverTime,
    rateLimits: structuredClone(RECORDED.rateLimits),
    exchangeFilters: structuredClone(RECORDED.exchangeFilters),
    symbols: distinct.map(symbolFor),
  };
}

/** A price or quantity grid from a Binance decimal string: value = k * units / scale. */
export interface DecimalStep {
  readonly text: string;
  readonly units: number;
  readonly scale: number;
  readonly value: number;
}

/** "0.01000000" → { units: 1, scale: 100, value: 0.01 }. Exact for power-of-ten grids. */
export function decimalStep(text: string): DecimalStep {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) throw new Error(`invalid decimal step ${JSON.stringify(text)}`);
  const fraction = (match[2] ?? "").replace(/0+$/, "");
  const units = Number(`${match[1]}${fraction}`);
  if (!(units > 0)) throw new Error(`decimal step must be positive, got ${JSON.stringify(text)}`);
  const scale = 10 ** fraction.length;
  return { text, units, scale, value: units / scale };
}

/** Rounds `x` to the nearest multiple of `step`; the result is the double nearest the decimal. */
export function roundToStep(x: number, step: DecimalStep): number {
  return (Math.round((x * step.scale) / step.units) * step.units) / step.scale;
}

function filterValue(symbol: BinanceSymbol, filterType: string, key: string): string {
  const filter = symbol.filters.find((f) => f.filterType === filterType);
  const value = filter?.[key];
  if (typeof value !== "string") throw new Error(`${symbol.symbol}: no ${filterType}.${key}`);
  return value;
}

/** Price tick (PRICE_FILTER.tickSize) and amount step (LOT_SIZE.stepSize) for a pair. */
export function marketSteps(pair: string): { tick: DecimalStep; lot: DecimalStep } {
  const symbol = symbolFor(pair);
  return {
    tick: decimalStep(filterValue(symbol, "PRICE_FILTER", "tickSize")),
    lot: decimalStep(filterValue(symbol, "LOT_SIZE", "stepSize")),
  };
}

function parsePair(pair: string): string {
  const parsed = pairSchema.safeParse(pair);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? `invalid pair ${JSON.stringify(pair)}`);
  return parsed.data;
}
