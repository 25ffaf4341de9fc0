import { describe, expect, it } from "vitest";
import { registerFreqtradeLanguage } from "./freqtrade-language";
import { errorToMarker, MARKER_SEVERITY_ERROR } from "./markers";
import { setupMonaco } from "./setup";
import { DARK_THEME, LIGHT_THEME, themeName, type MonacoApi } from "./themes";

/** A text model over a string: the few methods the providers and errorToMarker call. */
function fakeModel(text: string) {
  const lines = text.split("\n");
  return {
    getVersionId: () => 1,
    getValue: () => text,
    getLineCount: () => lines.length,
    getLineContent: (n: number) => lines[n - 1]!,
    getLineMaxColumn: (n: number) => lines[n - 1]!.length + 1,
    getWordUntilPosition: ({ lineNumber, column }: { lineNumber: number; column: number }) => {
      const before = lines[lineNumber - 1]!.slice(0, column - 1);
      const word = /\w*$/.exec(before)![0];
      return { word, startColumn: column - word.length, endColumn: column };
    },
  };
}

/** Records what is registered; the enum values are Monaco 0.57's. */
function fakeMonaco() {
  const calls = { completion: [] as { language: string; provider: any }[], hover: [] as { language: string; provider: any }[], themes: new Map<string, any>(), disposed: 0 };
  const monaco = {
    languages: {
      CompletionItemKind: { Method: 0, Function: 1, Field: 3, Variable: 4, Class: 5, Module: 8, Property: 9, Snippet: 27 },
      CompletionItemInsertTextRule: { None: 0, KeepWhitespace: 1, InsertAsSnippet: 4 },
      registerCompletionItemProvider: (language: string, provider: any) => (calls.completion.push({ language, provider }), { dispose: () => calls.disposed++ }),
      registerHoverProvider: (language: string, provider: any) => (calls.hover.push({ language, provider }), { dispose: () => calls.disposed++ }),
    },
    editor: { defineTheme: (name: string, data: any) => calls.themes.set(name, data) },
  };
  return { monaco: monaco as unknown as MonacoApi, calls };
}

const SOURCE = [
  "class S(IStrategy):",
  "    buy_rsi = IntParameter(10, 40, default=30)",
  "    def populate_indicators(self, dataframe, metadata):",
  "        dataframe['rsi'] = ta.RSI(dataframe)",
  "        x = self.",
  "        y = dataframe['",
].join("\n");

describe("registerFreqtradeLanguage", () => {
  it("registers one completion and one hover provider for python, once per Monaco instance", () => {
    const { monaco, calls } = fakeMonaco();
    const first = registerFreqtradeLanguage(monaco);
    expect(registerFreqtradeLanguage(monaco)).toBe(first);
    setupMonaco(monaco); // the IDE calls this on every mount
    expect(calls.completion.map((c) => c.language)).toEqual(["python"]);
    expect(calls.hover.map((c) => c.language)).toEqual(["python"]);
    expect(calls.completion[0]!.provider.triggerCharacters).toEqual([".", "'", '"']);
    first.dispose();
    expect(calls.disposed).toBe(2);
    registerFreqtradeLanguage(monaco);
    expect(calls.completion).toHaveLength(2); // after dispose it registers again
  });

  it("completions carry Monaco kinds, snippet rules and the range of the word being typed", () => {
    const { monaco, calls } = fakeMonaco();
    registerFreqtradeLanguage(monaco);
    const model = fakeModel(SOURCE);
    const provide = (lineNumber: number, column: number) => calls.completion[0]!.provider.provideCompletionItems(model, { lineNumber, column }).suggestions;

    const talib = provide(4, "        dataframe['rsi'] = ta.RS".length + 1);
    const rsi = talib.find((s: any) => s.label === "RSI");
    expect(rsi).toMatchObject({ kind: 1, insertTextRules: 4, insertText: "RSI(dataframe, timeperiod=${1:14})" });
    expect(rsi.range).toEqual({ startLineNumber: 4, endLineNumber: 4, startColumn: 31, endColumn: 33 }); // "RS"
    expect(rsi.documentation.value).toContain("Relative Strength Index");

    const self = provide(5, "        x = self.".length + 1);
    expect(self.find((s: any) => s.label === "buy_rsi")).toMatchObject({ kind: 4, insertText: "buy_rsi.value", insertTextRules: 0 });
    expect(self.find((s: any) => s.label === "stoploss")).toMatchObject({ kind: 9 });

    const columns = provide(6, "        y = dataframe['".length + 1).map((s: any) => s.label);
    expect(columns[0]).toBe("rsi");
    expect(columns).toContain("close");

    expect(provide(1, 1).map((s: any) => s.label)).toEqual(["strategy", "imports"]);
  });

  it("hovers return markdown and the word's range", () => {
    const { monaco, calls } = fakeMonaco();
    registerFreqtradeLanguage(monaco);
    const hover = calls.hover[0]!.provider.provideHover(fakeModel(SOURCE), { lineNumber: 4, column: 32 });
    expect(hover.contents[0].value).toContain("**RSI**");
    expect(hover.range).toEqual({ startLineNumber: 4, endLineNumber: 4, startColumn: 31, endColumn: 34 });
    expect(calls.hover[0]!.provider.provideHover(fakeModel(SOURCE), { lineNumber: 1, column: 3 })).toBeNull();
  });
});

describe("defineThemes and themeName", () => {
  it("defines a dark and a light theme on Monaco's bases and maps the app theme to them", () => {
    const { monaco, calls } = fakeMonaco();
    setupMonaco(monaco);
    expect([...calls.themes.keys()]).toEqual([DARK_THEME, LIGHT_THEME]);
    expect(calls.themes.get(DARK_THEME)).toMatchObject({ base: "vs-dark", inherit: true, colors: { "editor.background": "#171a21" } });
    expect(calls.themes.get(LIGHT_THEME)).toMatchObject({ base: "vs", inherit: true, colors: { "editor.background": "#ffffff" } });
    expect(themeName("dark")).toBe(DARK_THEME);
    expect(themeName("light")).toBe(LIGHT_THEME);
  });
});

describe("errorToMarker", () => {
  const error = { kind: "runtime" as const, message: "NameError: name 'rsii' is not defined", file: "MyStrategy.py", line: 2 };

  it("marks the whole line of the error with its message, as an error", () => {
    expect(errorToMarker(error, fakeModel("a = 1\n    x = rsii + 1\n"))).toEqual({
      severity: MARKER_SEVERITY_ERROR,
      message: "NameError: name 'rsii' is not defined",
      source: "backtest · MyStrategy.py",
      code: "runtime",
      startLineNumber: 2,
      startColumn: 1,
      endLineNumber: 2,
      endColumn: 17,
    });
    expect(MARKER_SEVERITY_ERROR).toBe(8); // monaco.MarkerSeverity.Error
  });

  it("without a model the marker runs to the end of the line (Monaco clamps it)", () => {
    expect(errorToMarker(error)).toMatchObject({ startLineNumber: 2, startColumn: 1, endLineNumber: 2, endColumn: Number.MAX_SAFE_INTEGER });
  });

  it("clamps a line past the end of the document, and skips errors without a line", () => {
    expect(errorToMarker({ ...error, line: 99 }, fakeModel("a\nbb"))).toMatchObject({ startLineNumber: 2, endColumn: 3 });
    expect(errorToMarker({ ...error, line: 0 })).toMatchObject({ startLineNumber: 1 });
    expect(errorToMarker({ kind: "timeout", message: "timed out after 30 min", file: null, line: null })).toBeNull();
    expect(errorToMarker({ kind: "syntax", message: "SyntaxError", file: "A.py", line: 3 })).toMatchObject({ source: "backtest · A.py", code: "syntax" });
  });
});
