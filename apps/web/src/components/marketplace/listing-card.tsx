import Link from "next/link";
import type { RouterOutputs } from "@/client/trpc";
import { formatInteger, formatNumber, formatPercent } from "@/lib/format";
import { LICENCE_LABELS, priceLabel, ratingLabel } from "./listing-format";

type SearchItem = RouterOutputs["marketplace"]["search"]["items"][number];

/** One search result: what a buyer compares listings on, linking to the listing. */
export function ListingCard({ item }: { item: SearchItem }) {
  return (
    <article className="card listing-card" data-testid="listing-card" data-listing-id={item.id}>
      <div className="row">
        <Link href={`/marketplace/${item.id}`} className="listing-title">{item.title}</Link>
        <span className="spacer" />
        <strong className="listing-price">{priceLabel(item.priceModel, item.priceCents, item.currency)}</strong>
      </div>
      <div className="muted">by {item.sellerName ?? "TradeLab seller"} · {item.timeframe} · <span className={`badge licence-${item.licence}`}>{LICENCE_LABELS[item.licence]}</span></div>
      {item.snippet && <p className="listing-snippet">{item.snippet}</p>}
      {item.tags.length > 0 && <div className="tags">{item.tags.map((t) => <span key={t} className="chip">{t}</span>)}</div>}
      <dl className="listing-figures">
        <div><dt>Sharpe</dt><dd>{formatNumber(item.sharpe)}</dd></div>
        <div><dt>Profit</dt><dd className={item.profitRatio !== null && item.profitRatio < 0 ? "bad" : "ok"}>{formatPercent(item.profitRatio)}</dd></div>
        <div><dt>Max drawdown</dt><dd>{formatPercent(item.maxDrawdownRatio)}</dd></div>
        <div><dt>Trades</dt><dd>{formatInteger(item.totalTrades)}</dd></div>
      </dl>
      <div className="muted">{ratingLabel(item.ratingAvg, item.ratingCount)}</div>
    </article>
  );
}

/** Placeholders while the first page loads. */
export const ListingCardSkeletons = ({ count = 6 }: { count?: number }) => (
  <>{Array.from({ length: count }, (_, i) => <div key={i} className="skeleton listing-card-skeleton" />)}</>
);
