"use client";
import Editor, { DiffEditor, loader, type Monaco, type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import type { editor } from "monaco-editor";
import { setupMonaco, themeName } from "@/editor/setup";
import { errorToMarker } from "@/editor/markers";
import type { BacktestError } from "@tradelab/contracts";

// Monaco comes from this app's own origin (public/monaco, copied from node_modules at build time),
// never from a CDN: the IDE must work offline.
loader.config({ paths: { vs: "/monaco/vs" } });

/** A strategy error of a run, shown as a squiggle on its line. */
export type EditorMarker = Pick<BacktestError, "kind" | "message" | "file" | "line">;

/** Follows the app's theme toggle. */
function useAppTheme() {
  const [theme, setTheme] = useState<"dark" | "light">("dark");
  useEffect(() => {
    setTheme((document.documentElement.dataset.theme as "dark" | "light") ?? "dark");
    const on = (e: Event) => setTheme((e as CustomEvent).detail);
    window.addEventListener("tradelab-theme", on);
    return () => window.removeEventListener("tradelab-theme", on);
  }, []);
  return theme;
}

/**
 * Monaco, uncontrolled: it owns the text while the user types (feeding each keystroke back as a
 * prop drops characters under fast typing). `value` is loaded on mount and whenever `resetKey`
 * changes (a restored version, a reload after save elsewhere).
 */
export function CodeEditor(props: {
  value: string;
  resetKey: string;
  onChange: (value: string) => void;
  onSave: () => void;
  onRun: () => void;
  /** Ctrl+I: Monaco would open suggestions; the IDE opens the assistant instead. */
  onAssistant: () => void;
  markers: EditorMarker[];
}) {
  const theme = useAppTheme();
  const monacoRef = useRef<Monaco | null>(null);
  const editorRef = useRef<editor.IStandaloneCodeEditor | null>(null);
  // Commands are registered once; they call the latest callbacks through this ref.
  const actions = useRef(props);
  actions.current = props;

  const onMount: OnMount = (ed, monaco) => {
    editorRef.current = ed;
    monacoRef.current = monaco;
    setupMonaco(monaco);
    monaco.editor.setTheme(themeName(theme));
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => actions.current.onSave());
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => actions.current.onRun());
    ed.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyI, () => actions.current.onAssistant());
    ed.focus();
    document.querySelector(".ide-monaco")?.setAttribute("data-ready", "true");
  };

  useEffect(() => {
    monacoRef.current?.editor.setTheme(themeName(theme));
  }, [theme]);

  useEffect(() => {
    const ed = editorRef.current;
    if (ed && ed.getValue() !== actions.current.value) ed.setValue(actions.current.value);
  }, [props.resetKey]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (!monaco || !model) return;
    const markers = props.markers.map((m) => errorToMarker(m, model)).filter((m) => m !== null);
    monaco.editor.setModelMarkers(model, "tradelab", markers);
    if (markers[0]) editorRef.current?.revealLineInCenterIfOutsideViewport(markers[0].startLineNumber);
  }, [props.markers]);

  return (
    <div className="ide-monaco" data-testid="editor">
      <Editor
        language="python"
        defaultValue={props.value}
        onChange={(v) => props.onChange(v ?? "")}
        onMount={onMount}
        loading={<div className="skeleton" style={{ height: "100%" }} />}
        options={{ fontSize: 13, minimap: { enabled: true }, automaticLayout: true, tabSize: 4, insertSpaces: true, scrollBeyondLastLine: false, wordBasedSuggestions: "off" }}
      />
    </div>
  );
}

/** Read-only side-by-side diff of two versions. */
export function CodeDiff({ original, modified }: { original: string; modified: string }) {
  const theme = useAppTheme();
  return (
    <DiffEditor
      height="60vh"
      language="python"
      original={original}
      modified={modified}
      theme={themeName(theme)}
      beforeMount={setupMonaco}
      options={{ readOnly: true, renderSideBySide: true, automaticLayout: true, minimap: { enabled: false } }}
    />
  );
}
