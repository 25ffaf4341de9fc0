"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { trpc } from "@/client/trpc";
import { formatPercent } from "@/lib/format";
import { errorText, useToast } from "@/client/toast";

/** The user's strategies with their last run; new from a template or an uploaded file; trash with restore. */
export function StrategyList() {
  const router = useRouter();
  const toast = useToast();
  const utils = trpc.useUtils();
  const [showTrash, setShowTrash] = useState(false);
  const list = trpc.strategy.list.useInfiniteQuery({ deleted: showTrash, limit: 24 }, { getNextPageParam: (p) => p.nextCursor ?? undefined });
  const templates = trpc.strategy.templates.useQuery();
  const create = trpc.strategy.create.useMutation({
    onSuccess: (s) => router.push(`/strategies/${s.id}`),
    onError: (e) => toast({ kind: "error", text: errorText(e) }),
  });
  const restore = trpc.strategy.restore.useMutation({ onSuccess: () => utils.strategy.list.invalidate() });
  const remove = trpc.strategy.delete.useMutation({
    onSuccess: (r) => {
      void utils.strategy.list.invalidate();
      toast({ kind: "info", text: "Strategy moved to the trash", action: { label: "Undo", run: () => restore.mutate({ id: r.id }) } });
    },
    onError: (e) => toast({ kind: "error", text: errorText(e) }),
  });
  const fileInput = useRef<HTMLInputElement>(null);
  const upload = async (file: File) => {
    if (file.size > 256 * 1024) return toast({ kind: "error", text: `${file.name} is ${(file.size / 1024).toFixed(0)} KiB; the limit is 256 KiB` });
    create.mutate({ upload: { fileName: file.name, source: await file.text() } });
  };
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section>
      <div className="row">
        <h1>{showTrash ? "Trash" : "Strategies"}</h1>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={() => setShowTrash(!showTrash)}>{showTrash ? "← Strategies" : "Trash"}</button>
      </div>
      {!showTrash && (
        <>
          <h2>New strategy</h2>
          <div className="grid-cards" data-testid="templates">
            {(templates.data ?? []).map((t) => (
              <button key={t.id} type="button" className="card" style={{ textAlign: "left" }} onClick={() => create.mutate({ templateId: t.id })} disabled={create.isPending} data-template={t.id}>
                <strong>{t.title}</strong>
                <div className="muted">{t.description}</div>
              </button>
            ))}
            <button type="button" className="card" style={{ textAlign: "left" }} onClick={() => fileInput.current?.click()} disabled={create.isPending}>
              <strong>Upload a .py file</strong>
              <div className="muted">An existing Freqtrade strategy (one IStrategy class, up to 256 KiB).</div>
            </button>
            <input ref={fileInput} type="file" accept=".py" hidden data-testid="upload" onChange={(e) => { const f = e.target.files?.[0]; if (f) void upload(f); e.target.value = ""; }} />
          </div>
          <h2>Your strategies</h2>
        </>
      )}
      {list.error && <p className="error">{list.error.message}</p>}
      {!list.data && !list.error && <div className="skeleton" style={{ height: 100 }} />}
      {list.data && items.length === 0 && (
        <p className="empty">{showTrash ? "The trash is empty." : "No strategies yet: start from a template above or upload a file."}</p>
      )}
      {items.length > 0 && (
        <table data-testid="strategy-list">
          <thead><tr><th>Name</th><th>Versions</th><th>Last run</th><th>Updated</th><th /></tr></thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td>{showTrash ? s.name : <Link href={`/strategies/${s.id}`}>{s.name}</Link>}<div className="muted">{s.className}</div></td>
                <td>{s.versions}</td>
                <td>{s.lastRun ? <><span className={`badge ${s.lastRun.status}`}>{s.lastRun.status.toLowerCase()}</span> {formatPercent(s.lastRun.metrics?.profitTotalRatio)}</> : <span className="muted">never run</span>}</td>
                <td>{new Date(s.updatedAt).toLocaleString()}</td>
                <td>
                  {showTrash ? (
                    <button type="button" onClick={() => restore.mutate({ id: s.id })}>Restore</button>
                  ) : (
                    <button type="button" className="danger ghost" onClick={() => remove.mutate({ id: s.id })} title="Move to the trash (can be undone)">Delete</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasNextPage && <button type="button" onClick={() => void list.fetchNextPage()}>Load more</button>}
    </section>
  );
}
