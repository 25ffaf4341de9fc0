import type * as monacoApi from "monaco-editor";

/** What of Monaco these modules use (the object @monaco-editor/react hands to onMount/beforeMount fits). */
export type MonacoApi = Pick<typeof monacoApi, "languages" | "editor">;

export const DARK_THEME = "tradelab-dark";
export const LIGHT_THEME = "tradelab-light";

/** The editor theme for the app's theme. */
export const themeName = (theme: "dark" | "light") => (theme === "light" ? LIGHT_THEME : DARK_THEME);

interface Palette {
  comment: string; keyword: string; string: string; number: string; type: string; text: string; delimiter: string;
  background: string; lineNumber: string; activeLineNumber: string; lineHighlight: string; selection: string;
  cursor: string; border: string; widget: string; suggestSelected: string; error: string; warning: string;
}

/** Hex colours without "#" for token rules, with "#" for editor colours (Monaco's two conventions). */
function themeData(base: "vs" | "vs-dark", p: Palette) {
  const token = (name: keyof Palette) => p[name].slice(1);
  return {
    base,
    inherit: true,
    rules: [
      { token: "comment", foreground: token("comment"), fontStyle: "italic" },
      { token: "keyword", foreground: token("keyword") },
      { token: "string", foreground: token("string") },
      { token: "number", foreground: token("number") },
      { token: "type", foreground: token("type") },
      { token: "identifier", foreground: token("text") },
      { token: "delimiter", foreground: token("delimiter") },
    ],
    colors: {
      "editor.background": p.background,
      "editor.foreground": p.text,
      "editorLineNumber.foreground": p.lineNumber,
      "editorLineNumber.activeForeground": p.activeLineNumber,
      "editor.lineHighlightBackground": p.lineHighlight,
      "editor.selectionBackground": p.selection,
      "editorCursor.foreground": p.cursor,
      "editorIndentGuide.background1": p.border,
      "editorWidget.background": p.widget,
      "editorWidget.border": p.border,
      "editorSuggestWidget.background": p.widget,
      "editorSuggestWidget.selectedBackground": p.suggestSelected,
      "editorHoverWidget.background": p.widget,
      "editorError.foreground": p.error,
      "editorWarning.foreground": p.warning,
    },
  };
}

/**
 * Two themes matching the app's palette (apps/web/app/globals.css): the editor background is the
 * panel colour, the cursor the app's accent, and Python tokens get calm, distinct colours.
 */
export function defineThemes(monaco: MonacoApi): void {
  monaco.editor.defineTheme(DARK_THEME, themeData("vs-dark", {
    comment: "#8b949e", keyword: "#ff7b72", string: "#a5d6ff", number: "#79c0ff", type: "#ffa657", text: "#e6e6e6", delimiter: "#c9d1d9",
    background: "#171a21", lineNumber: "#5c6370", activeLineNumber: "#9aa3b2", lineHighlight: "#1e222b", selection: "#264f78",
    cursor: "#58a6ff", border: "#2a303c", widget: "#1e222b", suggestSelected: "#2a303c", error: "#f85149", warning: "#d29922",
  }));
  monaco.editor.defineTheme(LIGHT_THEME, themeData("vs", {
    comment: "#6e7781", keyword: "#cf222e", string: "#0a3069", number: "#0550ae", type: "#953800", text: "#1f2328", delimiter: "#57606a",
    background: "#ffffff", lineNumber: "#8c959f", activeLineNumber: "#59636e", lineHighlight: "#f6f7f9", selection: "#b6d7ff",
    cursor: "#0969da", border: "#d8dee4", widget: "#f6f7f9", suggestSelected: "#e7ecf2", error: "#cf222e", warning: "#9a6700",
  }));
}
