/**
 * Number, money, date and duration formatting for the web app. Deterministic (en-US digits, UTC
 * dates) so that the server render and the browser agree. Missing values are an en dash.
 */
export const MISSING = "–";

const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(minDigits: number, maxDigits: number): Intl.NumberFormat {
  const key = `${minDigits}:${maxDigits}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat("en-US", { minimumFractionDigits: minDigits, maximumFractionDigits: maxDigits });
    formatters.set(key, f);
  }
  return f;
}

const usable = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/** 1234.5 → "1,234.50" (fixed decimals, thousands separators; "-0.00" becomes "0.00"). */
export function formatNumber(v: number | null | undefined, digits = 2): string {
  if (!usable(v)) return MISSING;
  const s = numberFormat(digits, digits).format(v);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Whole numbers: 840 → "840", 12000 → "12,000". */
export const formatInteger = (v: number | null | undefined): string => formatNumber(v === null || v === undefined ? v : Math.round(v), 0);

/** A ratio as a percentage: 0.1311 → "13.11 %". */
export const formatPercent = (ratio: number | null | undefined, digits = 2): string =>
  usable(ratio) ? `${formatNumber(ratio * 100, digits)} %` : MISSING;

/** Adds an explicit "+" to positive numbers: "+1.20". Zero stays unsigned. */
export function withSign(formatted: string, v: number): string {
  return v > 0 && !formatted.startsWith("+") ? `+${formatted}` : formatted;
}

/** Decimals for amounts in a stake currency: BTC 8, ETH 6, BNB 5, everything else 3. */
export function currencyDigits(currency: string): number {
  switch (currency.toUpperCase()) {
    case "BTC": return 8;
    case "ETH": return 6;
    case "BNB": return 5;
    default: return 3;
  }
}

/** -131.1141 in USDT → "-131.114 USDT". */
export const formatMoney = (v: number | null | undefined, currency: string, digits = currencyDigits(currency)): string =>
  usable(v) ? `${formatNumber(v, digits)} ${currency}`.trimEnd() : MISSING;

/**
 * A price with as many decimals as its size needs: 42000.5 → "42,000.50", 0.08123 → "0.081230".
 * Five significant places before rounding (see `priceDecimals`).
 */
export const formatPrice = (v: number | null | undefined): string => (usable(v) ? formatNumber(v, priceDecimals(v)) : MISSING);

/** Decimals that show a price to about five significant digits, between 2 and 8. */
export function priceDecimals(price: number): number {
  const p = Math.abs(price);
  if (!Number.isFinite(p) || p === 0) return 2;
  return Math.min(8, Math.max(2, 4 - Math.floor(Math.log10(p))));
}

/** Seconds as "2d 3h 15m", "3h 5m", "45m", "30s". */
export function formatDuration(seconds: number | null | undefined): string {
  if (!usable(seconds)) return MISSING;
  const sign = seconds < 0 ? "-" : "";
  const s = Math.round(Math.abs(seconds));
  if (s < 60) return `${sign}${s}s`;
  const minutes = Math.round(s / 60);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts = d > 0 ? [`${d}d`, `${h}h`, `${m}m`] : h > 0 ? [`${h}h`, `${m}m`] : [`${m}m`];
  return sign + parts.join(" ");
}

/** ms epoch → "2024-01-04 14:10" (UTC). */
export const formatDateTime = (ms: number | null | undefined): string =>
  usable(ms) ? new Date(ms).toISOString().slice(0, 16).replace("T", " ") : MISSING;

/** ms epoch → "2024-01-04" (UTC). */
export const formatDate = (ms: number | null | undefined): string => (usable(ms) ? new Date(ms).toISOString().slice(0, 10) : MISSING);

/** The quote currency of a pair: "BTC/USDT" → "USDT", "BTC/USDT:USDT" → "USDT", "EURUSD" → "". */
export function quoteCurrency(pair: string): string {
  const slash = pair.indexOf("/");
  if (slash < 0) return "";
  const rest = pair.slice(slash + 1);
  const colon = rest.indexOf(":");
  return colon < 0 ? rest : rest.slice(0, colon);
}
