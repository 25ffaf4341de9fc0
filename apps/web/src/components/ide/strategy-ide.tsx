"use client";
import type { BacktestError } from "@tradelab/contracts";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { parseStrategyParameters } from "@tradelab/contracts";
import { trpc } from "@/client/trpc";
import { errorText, useToast } from "@/client/toast";
import { CodeEditor, type EditorMarker } from "./code-editor";
import { RunForm } from "./run-form";
import { RunPanel } from "./run-panel";
import { defaultSettings, toRequestSettings, type RunSettings } from "./run-settings";
import { VersionHistory } from "./version-history";
import { RunHistory } from "./run-history";
import { AssistantPanel } from "./assistant-panel";

type Tab = "run" | "assistant" | "versions" | "runs";
const TAB_LABELS: Record<Tab, string> = { run: "Run", assistant: "Assistant", versions: "Versions", runs: "Run history" };

/** The strategy editor: Monaco, save (Ctrl+S), run (Ctrl+Enter) with settings, live run, history. */
export function StrategyIde({ strategyId }: { strategyId: string }) {
  const toast = useToast();
  const router = useRouter();
  const utils = trpc.useUtils();
  const strategy = trpc.strategy.get.useQuery({ id: strategyId });
  const options = trpc.backtest.options.useQuery();
  const [source, setSource] = useState<string | null>(null);
  const [settings, setSettings] = useState<RunSettings | null>(null);
  const [runId, setRunId] = useState<string | null>(null);
  const [markers, setMarkers] = useState<EditorMarker[]>([]);
  const [tab, setTab] = useState<Tab>("run");
  /** Bumped when the editor must load text from outside (a restored version). */
  const [editorReset, setEditorReset] = useState(0);
  /** Bumped by Ctrl+I: open the assistant and focus its input. */
  const [assistantFocus, setAssistantFocus] = useState(0);
  const saved = strategy.data?.head.source;
  const text = source ?? saved ?? "";
  const dirty = saved !== undefined && text !== saved;
  const parsed = useMemo(() => parseStrategyParameters(text), [text]);
  const settingsKey = `tradelab-run-settings:${strategyId}`;

  useEffect(() => {
    if (settings || !strategy.data || !options.data) return;
    const stored = localStorage.getItem(settingsKey);
    setSettings(stored ? { ...defaultSettings(strategy.data.head.source, options.data.availability), ...JSON.parse(stored) } : defaultSettings(strategy.data.head.source, options.data.availability));
  }, [strategy.data, options.data, settings, settingsKey]);
  useEffect(() => {
    if (settings) localStorage.setItem(settingsKey, JSON.stringify(settings));
  }, [settings, settingsKey]);
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => { if (dirty) e.preventDefault(); };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const save = trpc.strategy.save.useMutation({
    onError: (e) => toast({ kind: "error", text: `Not saved: ${errorText(e)}` }),
  });
  const start = trpc.backtest.start.useMutation();

  const doSave = useCallback(async (): Promise<string | null> => {
    if (!strategy.data) return null;
    if (!dirty) return strategy.data.head.id;
    try {
      const r = await save.mutateAsync({ strategyId, source: text });
      await utils.strategy.get.invalidate({ id: strategyId });
      void utils.strategy.versions.invalidate({ id: strategyId });
      setSource(null);
      toast({ kind: "success", text: r.created ? `Saved as version ${r.number}` : `Version ${r.number} is current again` });
      return r.versionId;
    } catch {
      return null;
    }
  }, [strategy.data, dirty, save, strategyId, text, utils, toast]);

  const doRun = useCallback(async () => {
    if (!settings || start.isPending) return;
    const versionId = await doSave();
    if (!versionId) return;
    setMarkers([]);
    try {
      const r = await start.mutateAsync({ strategyVersionId: versionId, settings: toRequestSettings(settings, parsed.parameters) });
      setRunId(r.id);
      setTab("run");
      void utils.backtest.list.invalidate();
    } catch (e) {
      toast({ kind: "error", text: `Not started: ${errorText(e)}` });
    }
  }, [settings, start, doSave, parsed.parameters, utils, toast]);

  /** Publishes what is in the editor: saved first, so the listing is exactly this text. */
  const doPublish = useCallback(async () => {
    const versionId = await doSave();
    if (versionId) router.push(`/marketplace/sell/new?versionId=${encodeURIComponent(versionId)}`);
  }, [doSave, router]);

  const onFinished = useCallback((run: { status: string; error: BacktestError | null }) => {
    void utils.backtest.list.invalidate();
    const fileName = strategy.data?.head.fileName;
    if (run.error?.line && (!run.error.file || !fileName || run.error.file.endsWith(fileName))) {
      setMarkers([run.error]);
    }
  }, [utils, strategy.data]);

  const openAssistant = useCallback(() => { setTab("assistant"); setAssistantFocus((n) => n + 1); }, []);

  // Ctrl+S / Ctrl+Enter / Ctrl+I also work when the focus is outside the editor.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      if (e.key === "s") { e.preventDefault(); void doSave(); }
      if (e.key === "Enter") { e.preventDefault(); void doRun(); }
      if (e.key.toLowerCase() === "i") { e.preventDefault(); openAssistant(); }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doSave, doRun, openAssistant]);

  const onAssistantApplied = useCallback(async (versionNumber: number) => {
    await utils.strategy.get.invalidate({ id: strategyId });
    void utils.strategy.versions.invalidate({ id: strategyId });
    setSource(null);
    setMarkers([]);
    setEditorReset((n) => n + 1);
    toast({ kind: "success", text: `The assistant's strategy is in the editor (version ${versionNumber})` });
  }, [utils, strategyId, toast]);
  const beforeAssistantSend = useCallback(async () => !dirty || (await doSave()) !== null, [dirty, doSave]);

  if (strategy.error) {
    return (
      <section className="empty" data-testid="strategy-error">
        <h1>{strategy.error.data?.code === "NOT_FOUND" ? "Strategy not found" : "Could not open the strategy"}</h1>
        <p>{strategy.error.message}</p>
        <Link href="/strategies">Back to your strategies</Link>
      </section>
    );
  }
  if (!strategy.data) return <div className="ide"><div className="skeleton" /><div className="skeleton" /></div>;
  const s = strategy.data;

  return (
    <div className="ide">
      <div className="ide-editor">
        <div className="ide-toolbar">
          <Link href="/strategies" title="All strategies">←</Link>
          <span className="name" data-testid="strategy-name">{s.name}</span>
          <span className="muted">{s.head.fileName} · v{s.head.number}</span>
          {dirty && <span className="dirty-dot" title="unsaved changes" data-testid="dirty">● unsaved</span>}
          <span className="spacer" />
          <button type="button" onClick={() => void doSave()} disabled={!dirty || save.isPending} title="Save a new version (Ctrl+S)">
            Save <kbd>Ctrl+S</kbd>
          </button>
          <button type="button" onClick={() => void doPublish()} disabled={save.isPending} title="List this version on the marketplace" data-testid="publish-button">
            Publish
          </button>
          <button type="button" className="primary" onClick={() => void doRun()} disabled={!settings || settings.pairs.length === 0 || start.isPending} title="Save and backtest (Ctrl+Enter)" data-testid="run-button">
            ▶ Run <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
        <CodeEditor value={text} resetKey={`${s.id}:${editorReset}`} onChange={setSource} onSave={() => void doSave()} onRun={() => void doRun()} onAssistant={openAssistant} markers={markers} />
      </div>
      <aside className="ide-side">
        <div className="tabs" role="tablist">
          {(["run", "assistant", "versions", "runs"] as Tab[]).map((t) => (
            <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)} title={t === "assistant" ? "Describe or change the strategy in words (Ctrl+I)" : undefined}>
              {TAB_LABELS[t]}
            </button>
          ))}
        </div>
        {tab === "run" && (
          <>
            {runId && <section><RunPanel runId={runId} onFinished={onFinished} /></section>}
            {parsed.warnings.length > 0 && (
              <p className="warn">{parsed.warnings.map((w) => `line ${w.line}: ${w.message}`).join("; ")}</p>
            )}
            {options.error && <p className="error">{options.error.message}</p>}
            {settings && options.data ? (
              <RunForm settings={settings} onChange={setSettings} availability={options.data.availability} parameters={parsed.parameters} />
            ) : (
              !options.error && <div className="skeleton" style={{ height: 200 }} />
            )}
          </>
        )}
        {tab === "assistant" && <AssistantPanel strategyId={strategyId} beforeSend={beforeAssistantSend} onApplied={(n) => void onAssistantApplied(n)} focusKey={assistantFocus} />}
        {tab === "versions" && <VersionHistory strategyId={strategyId} currentText={text} onRestored={() => { setSource(null); setEditorReset((n) => n + 1); }} />}
        {tab === "runs" && <RunHistory strategyId={strategyId} />}
      </aside>
    </div>
  );
}
