import type * as monacoApi from "monaco-editor";

/** What of Monaco these modules use (the object @monaco-editor/react hands to onMount/beforeMount fits). */
export type MonacoApi = Pick<typeof monacoApi, "languages" | "editor">;

export const DARK_THEME = "tradelab-dark";
export const LIGHT_THEME = "tradelab-light";

/** The editor theme for the app's theme. */
export const themeName = (theme: "dark" | "light") => (theme === "light" ? LIGHT_THEME : DARK_THEME);

/**
 * Two themes matching the app's palette (apps/web/app/globals.css): the editor background is the
 * panel colour, accents are the app's accent, and Python tokens get calm, distinct colours.
 */
export function defineThemes(monaco: MonacoApi): void {
  monaco.editor.defineTheme(DARK_THEME, {
    base: "vs-dark",
    inherit: true,
    rules: [
      { token: "comment", foreground: "8b949e", fontStyle: "italic" },
      { token: "keyword", foreground: "ff7b72" },
      { token: "string", foreground: "a5d6ff" },
      { token: "number", foreground: "79c0ff" },
      { token: "type", foreground: "ffa657" },
      { token: "identifier", foreground: "e6e6e6" },
      { token: "delimiter", foreground: "c9d1d9" },
    ],
    colors: {
      "editor.background": "#171a21",
      "editor.foreground": "#e6e6e6",
      "editorLineNumber.foreground": "#5c6370",
      "editorLineNumber.activeForeground": "#9aa3b2",
      "editor.lineHighlightBackground": "#1e222b",
      "editor.selectionBackground": "#264f78",
      "editorCursor.foreground": "#58a6ff",
      "editorIndentGuide.background1": "#2a303c",
      "editorWidget.background": "#1e222b",
      "editorWidget.border": "#2a303c",
      "editorSuggestWidget.background": "#1e222b",
      "editorSuggestWidget.selectedBackground": "#2a303c",
      "editorHoverWidget.background": "#1e222b",
      "editorError.foreground": "#f85149",
      "editorWarning.foreground": "#d29922",
    },
  });
  monaco.editor.defineTheme(LIGHT_THEME, {
    base: "vs",
    inherit: true,
    rules: [
      { token: "comment", foreground: "6e7781", fontStyle: "italic" },
      { token: "keyword", foreground: "cf222e" },
      { token: "string", foreground: "0a3069" },
      { token: "number", foreground: "0550ae" },
      { token: "type", foreground: "953800" },
      { token: "identifier", foreground: "1f2328" },
      { token: "delimiter", foreground: "57606a" },
    ],
    colors: {
      "editor.background": "#ffffff",
      "editor.foreground": "#1f2328",
      "editorLineNumber.foreground": "#8c959f",
      "editorLineNumber.activeForeground": "#59636e",
      "editor.lineHighlightBackground": "#f6f7f9",
      "editor.selectionBackground": "#b6d7ff",
      "editorCursor.foreground": "#0969da",
      "editorIndentGuide.background1": "#d8dee4",
      "editorWidget.background": "#f6f7f9",
      "editorWidget.border": "#d8dee4",
      "editorSuggestWidget.background": "#ffffff",
      "editorSuggestWidget.selectedBackground": "#e7ecf2",
      "editorHoverWidget.background": "#ffffff",
      "editorError.foreground": "#cf222e",
      "editorWarning.foreground": "#9a6700",
    },
  });
}
