import type { IDisposable, editor, languages, Position } from "monaco-editor";
import { analyzeDocument, detectCompletionContext, type DocumentInfo } from "./completion-context";
import { completionEntries, type CompletionEntry } from "./completion-items";
import { hoverAt } from "./hover";
import type { MonacoApi } from "./themes";

const LANGUAGE = "python";
const registered = new WeakMap<object, IDisposable>();

/** analyzeDocument per model version: completion and hover requests come in bursts while typing. */
function documentInfo(cache: WeakMap<editor.ITextModel, { version: number; info: DocumentInfo }>, model: editor.ITextModel): DocumentInfo {
  const version = model.getVersionId();
  const hit = cache.get(model);
  if (hit && hit.version === version) return hit.info;
  const info = analyzeDocument(model.getValue());
  cache.set(model, { version, info });
  return info;
}

/**
 * Adds Freqtrade knowledge to Monaco's built-in "python" language: completions that follow the
 * cursor's context (TA-Lib after `ta.`, columns inside `dataframe['`, attributes, callbacks and the
 * strategy's own parameters after `self.`, callback signatures after `def`, snippets at the start of
 * a statement) and hover docs. Registers once per Monaco instance; later calls return the same
 * disposable.
 */
export function registerFreqtradeLanguage(monaco: MonacoApi): IDisposable {
  const existing = registered.get(monaco);
  if (existing) return existing;
  const { CompletionItemKind: K, CompletionItemInsertTextRule: Rule } = monaco.languages;
  const kinds: Record<CompletionEntry["kind"], languages.CompletionItemKind> = {
    function: K.Function, method: K.Method, property: K.Property, field: K.Field,
    variable: K.Variable, module: K.Module, class: K.Class, snippet: K.Snippet,
  };
  const cache = new WeakMap<editor.ITextModel, { version: number; info: DocumentInfo }>();

  const completion = monaco.languages.registerCompletionItemProvider(LANGUAGE, {
    triggerCharacters: [".", "'", '"'],
    provideCompletionItems(model: editor.ITextModel, position: Position) {
      const linePrefix = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
      const ctx = detectCompletionContext(linePrefix);
      if (ctx.kind === "none") return { suggestions: [] };
      const word = model.getWordUntilPosition(position);
      const range = { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: word.startColumn, endColumn: word.endColumn };
      const suggestions = completionEntries(ctx, documentInfo(cache, model)).map((e): languages.CompletionItem => ({
        label: e.label,
        kind: kinds[e.kind],
        insertText: e.insertText,
        insertTextRules: e.snippet ? Rule.InsertAsSnippet : Rule.None,
        detail: e.detail,
        documentation: { value: e.documentation },
        range,
      }));
      return { suggestions };
    },
  });

  const hover = monaco.languages.registerHoverProvider(LANGUAGE, {
    provideHover(model: editor.ITextModel, position: Position) {
      const info = hoverAt(model.getLineContent(position.lineNumber), position.column, documentInfo(cache, model));
      if (!info) return null;
      return {
        contents: [{ value: info.markdown }],
        range: { startLineNumber: position.lineNumber, endLineNumber: position.lineNumber, startColumn: info.startColumn, endColumn: info.endColumn },
      };
    },
  });

  const disposable: IDisposable = {
    dispose() {
      completion.dispose();
      hover.dispose();
      registered.delete(monaco);
    },
  };
  registered.set(monaco, disposable);
  return disposable;
}
