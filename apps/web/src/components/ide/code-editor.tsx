"use client";
import Editor, { DiffEditor, loader, type Monaco, type OnMount } from "@monaco-editor/react";
import { useEffect, useRef, useState } from "react";
import type { editor } from "monaco-editor";
import { setupMonaco, themeName } from "@/editor/setup";

// Monaco comes from this app's own origin (public/monaco, copied from node_modules at build time),
// never from a CDN: the IDE must work offline.
loader.config({ paths: { vs: "/monaco/vs" } });

export interface EditorMarker {
  line: number;
  message: string;
}

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

export function CodeEditor(props: {
  value: string;
  onChange: (value: string) => void;
  onSave: () => void;
  onRun: () => void;
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
    ed.focus();
    document.querySelector(".ide-monaco")?.setAttribute("data-ready", "true");
  };

  useEffect(() => {
    monacoRef.current?.editor.setTheme(themeName(theme));
  }, [theme]);

  useEffect(() => {
    const monaco = monacoRef.current;
    const model = editorRef.current?.getModel();
    if (!monaco || !model) return;
    monaco.editor.setModelMarkers(
      model,
      "tradelab",
      props.markers.map((m) => {
        const line = Math.min(Math.max(1, m.line), model.getLineCount());
        return {
          severity: monaco.MarkerSeverity.Error,
          message: m.message,
          startLineNumber: line,
          startColumn: model.getLineFirstNonWhitespaceColumn(line) || 1,
          endLineNumber: line,
          endColumn: model.getLineMaxColumn(line),
        };
      }),
    );
    if (props.markers[0]) editorRef.current?.revealLineInCenterIfOutsideViewport(props.markers[0].line);
  }, [props.markers]);

  return (
    <div className="ide-monaco" data-testid="editor">
      <Editor
        language="python"
        value={props.value}
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
