"use client";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { TIMEFRAMES, type Timeframe } from "@tradelab/contracts";
import { trpc } from "@/client/trpc";
import { ListingCard, ListingCardSkeletons } from "./listing-card";
import { LICENCE_LABELS } from "./listing-format";
import { EMPTY_FILTERS, filtersFromParams, hasFilters, paramsFromFilters, parseTagList, SORT_LABELS, toSearchInput, type SearchFilters } from "./search-params";

const PAGE_SIZE = 12;
const TYPING_PAUSE_MS = 350;

/** A number field's text as a filter value: empty → null. */
const numberOrNull = (text: string): number | null => (text.trim() === "" || !Number.isFinite(Number(text)) ? null : Number(text));

/**
 * The marketplace search: text, filters and order live in the URL query (shareable, Back works);
 * results are fetched a page at a time with the API's keyset cursor.
 */
export function MarketplaceSearch() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(params.toString())), [params]);
  const [text, setText] = useState(filters.q);
  const [tagsText, setTagsText] = useState(filters.tags.join(", "));

  // Back/Forward or a shared link changes the query: the inputs follow it.
  // (Not when only spaces differ: the URL holds the trimmed text, and the user may be mid-word.)
  useEffect(() => setText((typed) => (typed.trim() === filters.q ? typed : filters.q)), [filters.q]);
  useEffect(() => setTagsText(filters.tags.join(", ")), [filters.tags]);

  const apply = (next: SearchFilters, how: "push" | "replace" = "push") => {
    const query = paramsFromFilters(next).toString();
    const url = query ? `${pathname}?${query}` : pathname;
    if (how === "push") router.push(url, { scroll: false });
    else router.replace(url, { scroll: false });
  };
  const set = (patch: Partial<SearchFilters>) => apply({ ...filters, ...patch });

  // Typing searches after a pause (replacing the history entry, so Back skips the keystrokes).
  useEffect(() => {
    if (text.trim() === filters.q) return;
    const t = setTimeout(() => apply({ ...filters, q: text }, "replace"), TYPING_PAUSE_MS);
    return () => clearTimeout(t);
  }, [text]); // only typing starts the pause; the filters it applies with are read when it ends

  const input = toSearchInput(filters);
  const search = trpc.marketplace.search.useInfiniteQuery({ ...input, limit: PAGE_SIZE }, { getNextPageParam: (p) => p.nextCursor ?? undefined });
  const items = search.data?.pages.flatMap((p) => p.items) ?? [];
  const total = search.data?.pages[0]?.total ?? null;
  const totalIsEstimate = search.data?.pages[0]?.totalIsEstimate ?? false;
  const narrowed = hasFilters(filters) || filters.q.trim() !== "";

  return (
    <section className="marketplace" data-testid="marketplace-search">
      <div className="row">
        <h1>Marketplace</h1>
        <span className="spacer" />
        <Link href="/marketplace/sell">Sell a strategy</Link>
      </div>
      <form className="search-bar" role="search" onSubmit={(e) => { e.preventDefault(); apply({ ...filters, q: text }); }}>
        <input type="search" aria-label="Search listings" placeholder="Search strategies: RSI, breakout, trend…" value={text} onChange={(e) => setText(e.target.value)} data-testid="search-input" />
        <label className="inline">
          Sort
          <select aria-label="Sort" value={filters.sort ?? ""} onChange={(e) => set({ sort: (e.target.value || null) as SearchFilters["sort"] })}>
            <option value="">{filters.q.trim() ? "Relevance" : "Newest"} (default)</option>
            {Object.entries(SORT_LABELS).map(([k, label]) => <option key={k} value={k}>{label}</option>)}
          </select>
        </label>
      </form>
      <div className="marketplace-body">
        <aside className="filters card" aria-label="Filters">
          <label>
            Tags
            <input
              placeholder="trend, rsi"
              value={tagsText}
              onChange={(e) => setTagsText(e.target.value)}
              onBlur={() => set({ tags: parseTagList(tagsText) })}
              onKeyDown={(e) => { if (e.key === "Enter") set({ tags: parseTagList(tagsText) }); }}
              data-testid="filter-tags"
            />
          </label>
          <label>
            Timeframe
            <select value={filters.timeframe ?? ""} onChange={(e) => set({ timeframe: (e.target.value || null) as Timeframe | null })} data-testid="filter-timeframe">
              <option value="">Any</option>
              {TIMEFRAMES.map((tf) => <option key={tf}>{tf}</option>)}
            </select>
          </label>
          <label>
            Licence
            <select value={filters.licence ?? ""} onChange={(e) => set({ licence: (e.target.value || null) as SearchFilters["licence"] })} data-testid="filter-licence">
              <option value="">Any</option>
              <option value="OPEN">{LICENCE_LABELS.OPEN}</option>
              <option value="RUN_ONLY">{LICENCE_LABELS.RUN_ONLY}</option>
            </select>
          </label>
          <div className="pair">
            <NumberFilter label="Price from ($)" value={filters.priceMin} min={0} onCommit={(v) => set({ priceMin: v })} />
            <NumberFilter label="to ($)" value={filters.priceMax} min={0} onCommit={(v) => set({ priceMax: v })} />
          </div>
          <label className="check">
            <input type="checkbox" checked={filters.freeOnly} onChange={(e) => set({ freeOnly: e.target.checked })} /> Free only
          </label>
          <NumberFilter label="Min Sharpe" value={filters.minSharpe} step={0.1} onCommit={(v) => set({ minSharpe: v })} testId="filter-min-sharpe" />
          <NumberFilter label="Max drawdown (%)" value={filters.maxDrawdownPercent} min={0} max={100} onCommit={(v) => set({ maxDrawdownPercent: v })} />
          <NumberFilter label="Min trades" value={filters.minTrades} min={0} step={1} onCommit={(v) => set({ minTrades: v })} testId="filter-min-trades" />
          {hasFilters(filters) && <button type="button" className="ghost" onClick={() => apply({ ...EMPTY_FILTERS, q: filters.q, sort: filters.sort })}>Clear filters</button>}
        </aside>
        <div className="results-col">
          {search.error ? (
            <p className="error" role="alert">Could not search the marketplace: {search.error.message}</p>
          ) : (
            <>
              <p className="muted" data-testid="result-count">
                {total === null ? "Searching…" : `${totalIsEstimate ? "about " : ""}${total.toLocaleString("en")} ${total === 1 ? "listing" : "listings"}`}
              </p>
              <div className="listing-grid">
                {search.isLoading ? <ListingCardSkeletons /> : items.map((item) => <ListingCard key={item.id} item={item} />)}
              </div>
              {!search.isLoading && items.length === 0 && (
                <div className="empty" data-testid="no-results">
                  <h2>{narrowed ? "No listings match" : "No listings yet"}</h2>
                  {narrowed ? (
                    <button type="button" onClick={() => { setText(""); apply(EMPTY_FILTERS); }}>Clear filters</button>
                  ) : (
                    <p>Be the first: open a strategy of yours and press <em>Publish</em>.</p>
                  )}
                </div>
              )}
              {search.hasNextPage && (
                <button type="button" onClick={() => void search.fetchNextPage()} disabled={search.isFetchingNextPage} data-testid="load-more">
                  {search.isFetchingNextPage ? "Loading…" : "Load more"}
                </button>
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
}

/** A number filter applied on Enter or when the field is left, not on every keystroke. */
function NumberFilter({ label, value, onCommit, min, max, step, testId }: { label: string; value: number | null; onCommit: (v: number | null) => void; min?: number; max?: number; step?: number; testId?: string }) {
  const [text, setText] = useState(value === null ? "" : String(value));
  useEffect(() => setText(value === null ? "" : String(value)), [value]);
  const commit = () => { const v = numberOrNull(text); if (v !== value) onCommit(v); };
  return (
    <label>
      {label}
      <input type="number" inputMode="decimal" min={min} max={max} step={step ?? "any"} value={text} onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === "Enter" && commit()} data-testid={testId} />
    </label>
  );
}
