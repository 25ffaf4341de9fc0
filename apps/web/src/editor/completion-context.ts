import { parseStrategyParameters } from "@tradelab/contracts";

/**
 * Where the cursor is, judged from the text of its line before it (cheap, no parser): what kind of
 * completion makes sense there.
 */
export type CompletionContext =
  /** after `ta.` / `abstract.` / `talib.`: TA-Lib functions */
  | { kind: "talib"; prefix: string }
  /** after `qtpylib.` */
  | { kind: "qtpylib"; prefix: string }
  /** inside `dataframe['…` (or `df[`, `.loc[…, ['…`): column names */
  | { kind: "column"; prefix: string }
  /** inside `metadata['…` */
  | { kind: "metadata"; prefix: string }
  /** after `self.`: strategy attributes, methods, the strategy's own parameters */
  | { kind: "self"; prefix: string }
  /** after `self.<name>.`: members of self.dp or of a parameter */
  | { kind: "member"; owner: string; prefix: string }
  /** after `def `: callback signatures */
  | { kind: "def"; indent: number; prefix: string }
  /** at the start of a statement: snippets and declarations fitting the indentation */
  | { kind: "statement"; indent: number; prefix: string }
  /** inside an expression */
  | { kind: "expression"; prefix: string }
  /** in a comment or a string: nothing */
  | { kind: "none" };

/** Whether the end of `text` is inside a string literal or a comment (single-line view). */
export function lexicalState(text: string): "code" | "string" | "comment" {
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (text.startsWith(quote, i)) {
        i += quote.length - 1;
        quote = null;
      }
    } else if (c === "#") return "comment";
    else if (c === "'" || c === '"') {
      quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
      i += quote.length - 1;
    }
  }
  return quote ? "string" : "code";
}

/** Indentation width of a line prefix (tabs count as 4, the editor's tab size). */
const indentWidth = (ws: string) => [...ws].reduce((n, c) => n + (c === "\t" ? 4 : 1), 0);

export function detectCompletionContext(linePrefix: string): CompletionContext {
  const state = lexicalState(linePrefix);
  if (state === "comment") return { kind: "none" };
  if (state === "string") {
    let m = /\b(?:dataframe|df|informative|dataframe_\w+)\s*\[\s*\[?\s*(?:(['"])\w*\1\s*,\s*)*['"](\w*)$/.exec(linePrefix);
    if (m) return { kind: "column", prefix: m[2]! };
    m = /\.loc\[.*,\s*\[?\s*(?:(['"])\w*\1\s*,\s*)*['"](\w*)$/.exec(linePrefix);
    if (m) return { kind: "column", prefix: m[2]! };
    // the column list of a multi-line `dataframe.loc[...]`, on a line of its own
    m = /^\s*\[\s*(?:(['"])\w*\1\s*,\s*)*['"](\w*)$/.exec(linePrefix);
    if (m) return { kind: "column", prefix: m[2]! };
    m = /\bmetadata\s*\[\s*['"](\w*)$/.exec(linePrefix);
    if (m) return { kind: "metadata", prefix: m[1]! };
    return { kind: "none" };
  }
  let m = /(?<![\w.])(?:ta|abstract|talib(?:\.abstract)?)\.(\w*)$/.exec(linePrefix);
  if (m) return { kind: "talib", prefix: m[1]! };
  m = /(?<![\w.])qtpylib\.(\w*)$/.exec(linePrefix);
  if (m) return { kind: "qtpylib", prefix: m[1]! };
  m = /(?<![\w.])self\.(\w+)\.(\w*)$/.exec(linePrefix);
  if (m) return { kind: "member", owner: m[1]!, prefix: m[2]! };
  m = /(?<![\w.])self\.(\w*)$/.exec(linePrefix);
  if (m) return { kind: "self", prefix: m[1]! };
  m = /^(\s*)def\s+(\w*)$/.exec(linePrefix);
  if (m) return { kind: "def", indent: indentWidth(m[1]!), prefix: m[2]! };
  m = /^(\s*)(\w*)$/.exec(linePrefix);
  if (m) return { kind: "statement", indent: indentWidth(m[1]!), prefix: m[2]! };
  m = /(?<!\.)\b(\w*)$/.exec(linePrefix);
  if (m) return { kind: "expression", prefix: m[1]! };
  return { kind: "none" }; // right after some other `.`: attribute of something we know nothing about
}

/** What the document itself contributes to completions. */
export interface DocumentInfo {
  /** columns the strategy assigns (`dataframe["rsi"] = …`, `.loc[…, ["enter_long", …]]`), in order */
  columns: string[];
  /** its hyperoptable parameters */
  parameters: { name: string; kind: string; detail: string }[];
  /** indentation of the strategy class body, when there is one */
  classIndent: number | null;
}

/**
 * For `.loc[rows, cols] = …` starting at `from` (just after `.loc[`): the text of `cols`, or null
 * when the indexing is not assigned to or has no column part.
 */
function locTarget(text: string, from: number): string | null {
  let depth = 0;
  const commas: number[] = [];
  let quote: string | null = null;
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "}") depth--;
    else if (c === ",") {
      if (depth === 0) commas.push(i);
    } else if (c === "]") {
      if (depth-- > 0) continue;
      if (!/^\s*=(?!=)/.test(text.slice(i + 1, i + 10))) return null;
      if (commas.length > 0 && text.slice(commas[commas.length - 1]! + 1, i).trim() === "") commas.pop(); // trailing comma
      return commas.length > 0 ? text.slice(commas[commas.length - 1]! + 1, i) : null;
    }
  }
  return null;
}

export function analyzeDocument(text: string): DocumentInfo {
  const columns = new Set<string>();
  for (const m of text.matchAll(/\b(?:dataframe|df)\s*\[\s*(['"])(\w+)\1\s*\]\s*=(?!=)/g)) columns.add(m[2]!);
  for (const m of text.matchAll(/\.loc\[/g)) {
    const target = locTarget(text, m.index + m[0].length);
    for (const c of target?.matchAll(/(['"])(\w+)\1/g) ?? []) columns.add(c[2]!);
  }
  const { parameters } = parseStrategyParameters(text);
  const cls = /^class\s+\w+\s*\([^)]*\bIStrategy\s*\)\s*:[^\n]*\n(?:[ \t]*(?:#[^\n]*)?\n)*([ \t]+)\S/m.exec(text);
  return {
    columns: [...columns],
    parameters: parameters.map((p) => ({
      name: p.name,
      kind: p.parameterClass,
      detail: p.kind === "int" || p.kind === "decimal" ? `${p.parameterClass} ${p.low}..${p.high}, default ${p.default}` : `${p.parameterClass}, default ${String(p.default)}`,
    })),
    classIndent: cls ? indentWidth(cls[1]!) : null,
  };
}
