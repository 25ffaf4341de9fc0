import { detectCompletionContext, type DocumentInfo } from "./completion-context";
import { attributeDoc, columnDoc, helperDoc, memberDoc, methodDoc, talibDoc } from "./completion-items";
import {
  DATA_PROVIDER_MEMBERS, DATAFRAME_COLUMNS, PARAMETER_CLASS_DOCS, QTPYLIB_FUNCTIONS, STRATEGY_ATTRIBUTE_BY_NAME, STRATEGY_METHOD_BY_NAME,
} from "./freqtrade-api";
import { TALIB_BY_NAME } from "./talib-functions";

export interface HoverInfo {
  /** markdown */
  markdown: string;
  /** 1-based columns of the word, end exclusive (Monaco's convention) */
  startColumn: number;
  endColumn: number;
}

/** The documentation for the word under 1-based `column` of `lineText`, or null when there is none. */
export function hoverAt(lineText: string, column: number, doc: DocumentInfo): HoverInfo | null {
  let start = Math.min(column - 1, lineText.length);
  let end = start;
  while (start > 0 && /\w/.test(lineText[start - 1]!)) start--;
  while (end < lineText.length && /\w/.test(lineText[end]!)) end++;
  if (start === end) return null;
  const word = lineText.slice(start, end);
  const before = lineText.slice(0, start);
  const after = lineText.slice(end);
  const markdown = docFor(word, before, after, doc);
  return markdown ? { markdown, startColumn: start + 1, endColumn: end + 1 } : null;
}

function docFor(word: string, before: string, after: string, doc: DocumentInfo): string | null {
  const ctx = detectCompletionContext(before);
  if (ctx.kind === "column") {
    const column = DATAFRAME_COLUMNS.find((c) => c.name === word);
    if (column) return columnDoc(column);
    return doc.columns.includes(word) ? `**${word}** — a column this strategy computes.` : null;
  }
  if (ctx.kind === "talib") {
    const f = TALIB_BY_NAME.get(word);
    return f ? talibDoc(f) : null;
  }
  if (ctx.kind === "qtpylib") {
    const f = QTPYLIB_FUNCTIONS.find((q) => q.name === word);
    return f ? helperDoc("qtpylib", f) : null;
  }
  if (ctx.kind === "member" && ctx.owner === "dp") {
    const m = DATA_PROVIDER_MEMBERS.find((x) => x.name === word);
    return m ? memberDoc("self.dp", m) : null;
  }
  const parameter = doc.parameters.find((p) => p.name === word);
  const classLevel = ctx.kind === "statement" && /^\s*(?::[^=]*)?=(?!=)/.test(after);
  if (ctx.kind === "self" || ctx.kind === "def" || classLevel) {
    if (parameter) return `**${parameter.name}** — ${parameter.detail}. Its value for this run: \`self.${parameter.name}.value\`.`;
    const method = STRATEGY_METHOD_BY_NAME.get(word);
    if (method) return methodDoc(method);
    const attribute = STRATEGY_ATTRIBUTE_BY_NAME.get(word);
    if (attribute && (ctx.kind === "self" || attribute.value !== "")) return attributeDoc(attribute);
    return null;
  }
  const cls = PARAMETER_CLASS_DOCS.find((c) => c.name === word);
  if (cls) return helperDoc("freqtrade.strategy", cls);
  return null;
}
