import type { CompletionContext, DocumentInfo } from "./completion-context";
import {
  DATA_PROVIDER_MEMBERS, DATAFRAME_COLUMNS, METADATA_KEYS, PARAMETER_CLASS_DOCS, PARAMETER_MEMBERS, QTPYLIB_FUNCTIONS, SNIPPETS,
  STRATEGY_ATTRIBUTES, STRATEGY_METHODS, STRATEGY_RUNTIME_ATTRIBUTES,
  type DataframeColumn, type HelperFunction, type Member, type StrategyAttribute, type StrategyMethod,
} from "./freqtrade-api";
import { TALIB_FUNCTIONS, TALIB_MA_TYPES, type TalibFunction } from "./talib-functions";

/** A completion item without Monaco: `register.ts` turns it into a `languages.CompletionItem`. */
export interface CompletionEntry {
  label: string;
  kind: "function" | "method" | "property" | "field" | "variable" | "module" | "class" | "snippet";
  insertText: string;
  /** insertText uses snippet syntax */
  snippet: boolean;
  detail: string;
  /** markdown */
  documentation: string;
}

// ------------------------------------------------------------------------------------------
// Documentation (markdown), shared with the hover
// ------------------------------------------------------------------------------------------

const py = (code: string) => "```python\n" + code + "\n```";

export function talibDoc(f: TalibFunction): string {
  const args = ["dataframe", ...f.parameters.map(([n, d]) => `${n}=${d}`)].join(", ");
  const returns = f.outputs.length === 1
    ? f.group === "Pattern Recognition" ? "a Series: 100 bullish, -100 bearish, 0 no pattern" : "a Series"
    : `a DataFrame with columns ${f.outputs.map((o) => `\`${o}\``).join(", ")}`;
  const matype = f.parameters.some(([n]) => n.endsWith("matype")) ? `\n\nmatype: ${TALIB_MA_TYPES.map((t, i) => `${i}=${t}`).join(" ")}` : "";
  return `**${f.name}** — ${f.description}  \n*TA-Lib · ${f.group}*\n\n${py(`ta.${f.name}(${args})`)}\nReads ${f.inputs.map((i) => `\`${i}\``).join(", ")}; returns ${returns}.${matype}`;
}

export const methodSignature = (m: StrategyMethod) => `def ${m.name}(self${m.params ? `, ${m.params}` : ""}) -> ${m.returns}`;
export const methodDoc = (m: StrategyMethod) => `${py(methodSignature(m))}\n${m.doc}`;
export const attributeDoc = (a: StrategyAttribute) => `${py(`${a.name}: ${a.type}`)}\n${a.doc}`;
export const helperDoc = (owner: string, f: HelperFunction) => `${py(`${owner}.${f.name}(${f.params}) -> ${f.returns}`)}\n${f.doc}`;
export const memberDoc = (owner: string, m: Member) => `${py(`${owner}.${m.signature}`)}\n${m.doc}`;
export const columnDoc = (c: DataframeColumn) => `**${c.name}** — ${c.doc}`;

// ------------------------------------------------------------------------------------------
// Entries per context
// ------------------------------------------------------------------------------------------

const talibEntry = (f: TalibFunction): CompletionEntry => {
  // matype arguments are left out of the snippet (their default, SMA, is what one usually wants)
  const params = f.parameters.filter(([n]) => !n.endsWith("matype")).map(([n, d], i) => `${n}=\${${i + 1}:${d}}`);
  return {
    label: f.name, kind: "function", snippet: true,
    insertText: `${f.name}(${["dataframe", ...params].join(", ")})`,
    detail: `${f.description} · ${f.group}`,
    documentation: talibDoc(f),
  };
};

const helperEntry = (owner: string, f: HelperFunction, kind: CompletionEntry["kind"] = "function"): CompletionEntry => ({
  label: f.name, kind, snippet: true, insertText: f.call, detail: `${f.name}(${f.params}) -> ${f.returns}`, documentation: helperDoc(owner, f),
});

const columnEntries = (doc: DocumentInfo): CompletionEntry[] => {
  const base = DATAFRAME_COLUMNS.map((c): CompletionEntry => ({ label: c.name, kind: "field", snippet: false, insertText: c.name, detail: "dataframe column", documentation: columnDoc(c) }));
  const known = new Set(DATAFRAME_COLUMNS.map((c) => c.name));
  const own = doc.columns.filter((c) => !known.has(c)).map((c): CompletionEntry => ({
    label: c, kind: "field", snippet: false, insertText: c, detail: "column set in this file", documentation: `**${c}** — a column this strategy computes.`,
  }));
  return [...own, ...base];
};

const methodDef = (m: StrategyMethod, withDef: boolean): CompletionEntry => ({
  label: m.name, kind: "method", snippet: true,
  insertText: `${withDef ? "def " : ""}${m.name}(self${m.params ? `, ${m.params}` : ""}) -> ${m.returns}:\n${m.body}`,
  detail: methodSignature(m),
  documentation: methodDoc(m),
});

const selfEntries = (doc: DocumentInfo): CompletionEntry[] => [
  ...doc.parameters.map((p): CompletionEntry => ({
    label: p.name, kind: "variable", snippet: false, insertText: `${p.name}.value`, detail: p.detail,
    documentation: `**${p.name}** — ${p.detail}. Its value for this run: \`self.${p.name}.value\`.`,
  })),
  ...[...STRATEGY_ATTRIBUTES, ...STRATEGY_RUNTIME_ATTRIBUTES].map((a): CompletionEntry => ({
    label: a.name, kind: "property", snippet: false, insertText: a.name, detail: a.type, documentation: attributeDoc(a),
  })),
  ...STRATEGY_METHODS.map((m): CompletionEntry => ({
    label: m.name, kind: "method", snippet: m.role === "helper", insertText: m.role === "helper" && m.call ? m.call : m.name,
    detail: methodSignature(m), documentation: methodDoc(m),
  })),
];

const snippetEntries = (scope: "module" | "class" | "method"): CompletionEntry[] =>
  SNIPPETS.filter((s) => s.scope === scope).map((s) => ({
    label: s.label, kind: "snippet", snippet: true, insertText: s.body, detail: s.description, documentation: py(s.body.replace(/\$\{\d+:([^}]*)\}/g, "$1").replace(/\$\d+/g, "").replaceAll("\t", "    ")),
  }));

const expressionEntries = (): CompletionEntry[] => [
  { label: "ta", kind: "module", snippet: false, insertText: "ta", detail: "talib.abstract", documentation: "TA-Lib's abstract API: `ta.RSI(dataframe, timeperiod=14)`." },
  { label: "qtpylib", kind: "module", snippet: false, insertText: "qtpylib", detail: "technical.qtpylib", documentation: "qtpylib helpers: `qtpylib.crossed_above(a, b)`, `qtpylib.bollinger_bands(…)`." },
  { label: "dataframe", kind: "variable", snippet: false, insertText: "dataframe", detail: "DataFrame", documentation: "The pair's candles and indicator columns." },
  { label: "metadata", kind: "variable", snippet: false, insertText: "metadata", detail: "dict", documentation: "`metadata[\"pair\"]`: the pair being analysed." },
  ...PARAMETER_CLASS_DOCS.map((c) => helperEntry("freqtrade.strategy", c, "class")),
];

export function completionEntries(ctx: CompletionContext, doc: DocumentInfo): CompletionEntry[] {
  switch (ctx.kind) {
    case "talib":
      return TALIB_FUNCTIONS.map(talibEntry);
    case "qtpylib":
      return QTPYLIB_FUNCTIONS.map((f) => helperEntry("qtpylib", f));
    case "column":
      return columnEntries(doc);
    case "metadata":
      return METADATA_KEYS.map((k) => ({ label: k.name, kind: "field", snippet: false, insertText: k.name, detail: "metadata key", documentation: columnDoc(k) }));
    case "self":
      return selfEntries(doc);
    case "member": {
      const members = ctx.owner === "dp" ? DATA_PROVIDER_MEMBERS : doc.parameters.some((p) => p.name === ctx.owner) ? PARAMETER_MEMBERS : [];
      const owner = ctx.owner === "dp" ? "self.dp" : `self.${ctx.owner}`;
      return members.map((m) => ({ label: m.name, kind: "method", snippet: m.call !== m.name, insertText: m.call, detail: m.signature, documentation: memberDoc(owner, m) }));
    }
    case "def":
      return ctx.indent > 0 ? STRATEGY_METHODS.filter((m) => m.role !== "helper").map((m) => methodDef(m, false)) : [];
    case "statement": {
      if (ctx.indent === 0) return snippetEntries("module");
      if (ctx.indent === (doc.classIndent ?? 4)) {
        return [
          ...STRATEGY_ATTRIBUTES.map((a): CompletionEntry => ({
            label: a.name, kind: "property", snippet: true, insertText: `${a.name} = ${a.value}`, detail: a.type, documentation: attributeDoc(a),
          })),
          ...STRATEGY_METHODS.filter((m) => m.role !== "helper").map((m) => methodDef(m, true)),
          ...snippetEntries("class"),
        ];
      }
      return [...snippetEntries("method"), ...expressionEntries()];
    }
    case "expression":
      return expressionEntries();
    case "none":
      return [];
  }
}
