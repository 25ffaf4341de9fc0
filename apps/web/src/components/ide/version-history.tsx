"use client";
import { useState } from "react";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { CodeDiff } from "./code-editor";

const ago = (iso: string) => new Date(iso).toLocaleString();

/** Saved versions, newest first: diff any of them against the editor, or make one current again. */
export function VersionHistory({ strategyId, currentText, onRestored }: { strategyId: string; currentText: string; onRestored: () => void }) {
  const toast = useToast();
  const utils = trpc.useUtils();
  const versions = trpc.strategy.versions.useQuery({ id: strategyId });
  const [diffOf, setDiffOf] = useState<string | null>(null);
  const diffSource = trpc.strategy.version.useQuery({ versionId: diffOf ?? "" }, { enabled: !!diffOf });
  const save = trpc.strategy.save.useMutation();

  const restore = async (versionId: string, number: number) => {
    try {
      const v = await utils.strategy.version.fetch({ versionId });
      await save.mutateAsync({ strategyId, source: v.source });
      await utils.strategy.get.invalidate({ id: strategyId });
      await utils.strategy.versions.invalidate({ id: strategyId });
      onRestored();
      toast({ kind: "success", text: `Version ${number} is current again` });
    } catch (e) {
      toast({ kind: "error", text: errorText(e) });
    }
  };

  if (versions.error) return <p className="error">{versions.error.message}</p>;
  if (!versions.data) return <div className="skeleton" style={{ height: 120 }} />;
  return (
    <div data-testid="version-history">
      <table>
        <tbody>
          {versions.data.map((v) => (
            <tr key={v.id}>
              <td>
                <strong>v{v.number}</strong> {v.isHead && <span className="badge">current</span>}
                <div className="muted">{ago(v.createdAt)}{v.message ? ` · ${v.message}` : ""} · {v.runs} run{v.runs === 1 ? "" : "s"}</div>
              </td>
              <td style={{ whiteSpace: "nowrap" }}>
                <button type="button" onClick={() => setDiffOf(v.id)} title="Compare this version with the editor">Diff</button>{" "}
                {!v.isHead && <button type="button" onClick={() => void restore(v.id, v.number)} disabled={save.isPending}>Restore</button>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {diffOf && (
        <dialog open style={{ maxWidth: "90vw", position: "fixed", top: 40, zIndex: 100 }} data-testid="diff-dialog">
          <div className="row">
            <strong>v{diffSource.data?.number ?? "…"} (left) ↔ editor (right)</strong>
            <span className="spacer" />
            <button type="button" onClick={() => setDiffOf(null)}>Close</button>
          </div>
          {diffSource.data ? <CodeDiff original={diffSource.data.source} modified={currentText} /> : <div className="skeleton" style={{ height: 300 }} />}
        </dialog>
      )}
    </div>
  );
}
