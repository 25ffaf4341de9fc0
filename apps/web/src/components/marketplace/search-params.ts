import { TIMEFRAMES, type Timeframe } from "@tradelab/contracts";
import type { SearchListingsInput } from "@/server/marketplace/search";
import type { SearchSort } from "@/server/marketplace/search-cursor";

/**
 * The marketplace search as the page holds it and as its URL query says it, so a search can be
 * shared and Back returns to it. Prices are in dollars and drawdown in percent here (what a buyer
 * types); `toSearchInput` turns them into the API's cents and ratios.
 */
export interface SearchFilters {
  q: string;
  tags: string[];
  timeframe: Timeframe | null;
  licence: "OPEN" | "RUN_ONLY" | null;
  priceMin: number | null;
  priceMax: number | null;
  freeOnly: boolean;
  minSharpe: number | null;
  /** Percent: 20 = at most a 20 % drawdown. */
  maxDrawdownPercent: number | null;
  minTrades: number | null;
  /** null: the API's default (relevance with a text query, newest without). */
  sort: SearchSort | null;
}

/** The orders in the sort menu, in the order shown; the type check keeps it in step with the API. */
export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: "Relevance",
  sharpe: "Sharpe ratio",
  profit: "Profit",
  drawdown: "Smallest drawdown",
  rating: "Rating",
  newest: "Newest",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
};

export const EMPTY_FILTERS: SearchFilters = {
  q: "",
  tags: [],
  timeframe: null,
  licence: null,
  priceMin: null,
  priceMax: null,
  freeOnly: false,
  minSharpe: null,
  maxDrawdownPercent: null,
  minTrades: null,
  sort: null,
};

/** The URL keys, short so a shared link stays readable. */
const KEY = { q: "q", tags: "tags", timeframe: "tf", licence: "licence", priceMin: "pmin", priceMax: "pmax", freeOnly: "free", minSharpe: "sharpe", maxDrawdownPercent: "dd", minTrades: "trades", sort: "sort" } as const;

const LICENCE_PARAM = { OPEN: "open", RUN_ONLY: "run-only" } as const;

function numberParam(text: string | null, { min = -Infinity, max = Infinity, integer = false } = {}): number | null {
  if (text === null || text.trim() === "") return null;
  const n = Number(text);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) return null;
  return n;
}

/** A tag as the API stores it (a lower-case slug); anything else is dropped. */
const cleanTags = (texts: string[]) => [...new Set(texts.map((t) => t.trim().toLowerCase()).filter((t) => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(t)))];

/** "trend, Mean-Reversion" → ["trend", "mean-reversion"]. */
export const parseTagList = (text: string): string[] => cleanTags(text.split(/[,\s]+/));

/** The filters a URL query holds; values that make no sense (edited by hand) are left out. */
export function filtersFromParams(params: URLSearchParams): SearchFilters {
  const sort = params.get(KEY.sort);
  const licence = params.get(KEY.licence);
  const timeframe = params.get(KEY.timeframe);
  return {
    q: params.get(KEY.q) ?? "",
    tags: parseTagList(params.get(KEY.tags) ?? ""),
    timeframe: TIMEFRAMES.includes(timeframe as Timeframe) ? (timeframe as Timeframe) : null,
    licence: licence === LICENCE_PARAM.OPEN ? "OPEN" : licence === LICENCE_PARAM.RUN_ONLY ? "RUN_ONLY" : null,
    priceMin: numberParam(params.get(KEY.priceMin), { min: 0 }),
    priceMax: numberParam(params.get(KEY.priceMax), { min: 0 }),
    freeOnly: params.get(KEY.freeOnly) === "1",
    minSharpe: numberParam(params.get(KEY.minSharpe)),
    maxDrawdownPercent: numberParam(params.get(KEY.maxDrawdownPercent), { min: 0, max: 100 }),
    minTrades: numberParam(params.get(KEY.minTrades), { min: 0, integer: true }),
    sort: sort !== null && sort in SORT_LABELS ? (sort as SearchSort) : null,
  };
}

/** The URL query of a search: only what differs from no filter, in a fixed order. */
export function paramsFromFilters(f: SearchFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set(KEY.q, f.q.trim());
  if (f.tags.length) p.set(KEY.tags, f.tags.join(","));
  if (f.timeframe) p.set(KEY.timeframe, f.timeframe);
  if (f.licence) p.set(KEY.licence, LICENCE_PARAM[f.licence]);
  if (f.priceMin !== null) p.set(KEY.priceMin, String(f.priceMin));
  if (f.priceMax !== null) p.set(KEY.priceMax, String(f.priceMax));
  if (f.freeOnly) p.set(KEY.freeOnly, "1");
  if (f.minSharpe !== null) p.set(KEY.minSharpe, String(f.minSharpe));
  if (f.maxDrawdownPercent !== null) p.set(KEY.maxDrawdownPercent, String(f.maxDrawdownPercent));
  if (f.minTrades !== null) p.set(KEY.minTrades, String(f.minTrades));
  if (f.sort) p.set(KEY.sort, f.sort);
  return p;
}

/** True when any filter (not the text or the order) narrows the search. */
export const hasFilters = (f: SearchFilters): boolean =>
  f.tags.length > 0 || f.timeframe !== null || f.licence !== null || f.priceMin !== null || f.priceMax !== null || f.freeOnly || f.minSharpe !== null || f.maxDrawdownPercent !== null || f.minTrades !== null;

/** Dollars → cents without float dust: 19.99 → 1999. */
export const dollarsToCents = (dollars: number): number => Math.round(dollars * 100);

/** The API's input for these filters (without the page cursor and size). */
export function toSearchInput(f: SearchFilters): Omit<SearchListingsInput, "cursor" | "limit"> {
  const q = f.q.trim();
  return {
    ...(q ? { q } : {}),
    ...(f.tags.length ? { tags: f.tags } : {}),
    ...(f.timeframe ? { timeframe: f.timeframe } : {}),
    ...(f.licence ? { licence: f.licence } : {}),
    ...(f.priceMin !== null ? { priceMinCents: dollarsToCents(f.priceMin) } : {}),
    ...(f.priceMax !== null ? { priceMaxCents: dollarsToCents(f.priceMax) } : {}),
    ...(f.freeOnly ? { freeOnly: true } : {}),
    ...(f.minSharpe !== null ? { minSharpe: f.minSharpe } : {}),
    ...(f.maxDrawdownPercent !== null ? { maxDrawdownRatio: f.maxDrawdownPercent / 100 } : {}),
    ...(f.minTrades !== null ? { minTrades: f.minTrades } : {}),
    ...(f.sort ? { sort: f.sort } : {}),
  };
}
