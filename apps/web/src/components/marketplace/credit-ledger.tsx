"use client";
import { trpc } from "@/client/trpc";

const KIND_LABELS: Record<string, string> = { grant: "Credits granted", purchase: "Purchase", renewal: "Renewal", sale: "Sale" };

/** The user's credit balance and ledger entries, newest first, a page at a time. */
export function CreditLedger() {
  const balance = trpc.marketplace.balance.useQuery();
  const ledger = trpc.marketplace.ledger.useInfiniteQuery({ limit: 20 }, { getNextPageParam: (p) => p.nextCursor ?? undefined });
  const items = ledger.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <section className="credit-ledger" data-testid="credit-ledger">
      <h2>Credits <span data-testid="ledger-balance">{balance.data?.formatted ?? ""}</span></h2>
      {(balance.error ?? ledger.error) && <p className="error">{(balance.error ?? ledger.error)!.message}</p>}
      {ledger.isLoading && <div className="skeleton" style={{ height: 120 }} />}
      {ledger.data && items.length === 0 && <p className="muted">No entries yet.</p>}
      {items.length > 0 && (
        <table>
          <thead><tr><th>When</th><th>What</th><th>Amount</th></tr></thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.id} data-testid="ledger-entry">
                <td className="muted">{new Date(e.createdAt).toLocaleString()}</td>
                <td>{KIND_LABELS[e.kind] ?? e.kind}{e.memo ? `: ${e.memo}` : ""}</td>
                <td className={e.amountCents < 0 ? "bad" : "ok"}>{e.amountCents > 0 ? "+" : ""}{e.formatted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ledger.hasNextPage && <button type="button" onClick={() => void ledger.fetchNextPage()} disabled={ledger.isFetchingNextPage}>Older entries</button>}
    </section>
  );
}
